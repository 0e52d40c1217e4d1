"""Kazakh quote rules, on the words as written (the syntax model is Russian's). The rules live in
four modules; this one names them for the stage:

* :mod:`.kazakh_direct` — ``marks_then_kk_speech`` («…», – деді X / «…» деп атап өтті X; and
  ``kk_name_colon``: «Министр X: «…»»), ``dash_kk_paragraph`` (– Сөз, – деді министр. – …, – деп
  қосты ол.), ``kk_multi_paragraph`` (a quote in marks over paragraphs), ``kk_said_unmarked``
  («Сөз, – деді министр.» without marks);
* :mod:`.kazakh_indirect` — ``kk_according`` («X-тің айтуынша / сөзіне қарағанда / айтуы бойынша,
  …»), ``kk_reported`` («X …екенін айтты», «… деп санайды X», «…ашылатынын әкім X мәлімдеді»;
  ``kk_about_this``: «Бұл туралы X айтты», «X осылай деп мәлімдеді»), ``kk_as_said`` («X атап
  өткендей, …»);
* :mod:`.kazakh_paragraphs` — ``kk_paragraphs``: ``kk_paragraph_before``, ``kk_next_paragraph``,
  ``kk_next_quote`` and ``kk_signed_quote``, speech around an attributed quote;
* :mod:`.kazakh_speakers` — the speaker a Kazakh attribution names: a person (``kkname`` when the
  tagger missed the name), a post resolved to its holder (``kkrole``), «ол» (``kkpron``), an
  organization;
* :mod:`.kazakh_verbs` — speech verbs by stem and ending (``kk_speech_stems.txt``).

«…, деп хабарлайды X», «деп жазады Zakon.kz», «деп хабарлады Kazinform тілшісі» are source lines,
not quotes."""

from __future__ import annotations

from .kazakh_direct import dash_kk_paragraph, kk_multi_paragraph, kk_said_unmarked, marks_then_kk_speech
from .kazakh_indirect import kk_according, kk_as_said, kk_reported
from .kazakh_paragraphs import kk_paragraphs
from .kazakh_speakers import (
    far_subject,
    in_kazakh,
    nominative_first,
    post_holder,
    pronoun_antecedent,
    speaker_ref,
)

__all__ = [
    "dash_kk_paragraph", "far_subject", "in_kazakh", "kk_according", "kk_as_said", "kk_multi_paragraph", "kk_paragraphs", "kk_reported",
    "kk_said_unmarked", "marks_then_kk_speech", "nominative_first", "post_holder", "pronoun_antecedent", "speaker_ref",
]
