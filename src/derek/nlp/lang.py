"""Language of a text: ru / kk / uk / be / ky / uz / en, or ``other``.

``detect_lang(text)`` reads the script first, then asks py3langid (a small
offline naive-Bayes identifier over byte n-grams, numpy only, shipped in
its wheel) restricted to the languages that script can be:

- Cyrillic text: ru, kk, uk, be, ky, uz and their neighbours (bg, mk, sr,
  tg, mn, tt, ba), so that a Bulgarian page is ``other``, not ``ru``; a few
  letters only one language has settle the close calls (ы/э/ё are not
  Bulgarian or Macedonian, Kazakh ә/ғ/қ/ұ/һ are Kazakh);
- Latin text: every language the model knows; en and uz (Latin Uzbek) are
  named, the rest is ``other``;
- another script (Greek, Arabic, CJK, …): ``other``.

Texts shorter than ``SHORT`` letters are decided by those letters alone
(too little for the model). A text with no letters at all is ``ru``, the
default of an ``Article``. Only the first ``SAMPLE`` characters are read,
so the check stays fast on long articles and cheap per sentence.

``NLP_LANGS`` are the languages derek's NER, names, positions and quotes
are built for; the pipeline skips those stages for any other language.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..stage import Stage, Work

LANGS = ("ru", "kk", "uk", "be", "ky", "uz", "en", "other")
NLP_LANGS = frozenset({"ru", "kk"})
SAMPLE = 3000  # characters read from the start of a text
SHORT = 16  # fewer letters than this: decided by letters alone

KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile(r"[а-яёА-ЯЁ]")
LATIN = re.compile(r"[a-zA-Z]")
_CYRILLIC_ANY = re.compile(r"[\u0400-\u04ff]")
_LATIN_ANY = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTER = re.compile(r"[^\W\d_]")

_KAZAKH_ONLY = re.compile(r"[әғқұһӘҒҚҰҺ]")  # not Kyrgyz, Russian, Ukrainian
_RUSSIAN_ONLY = re.compile(r"[ыэёЫЭЁ]")  # not Bulgarian, Macedonian, Serbian, Ukrainian
_UKRAINIAN_ONLY = re.compile(r"[їєґЇЄҐ]")
_BELARUSIAN = re.compile(r"[ўЎ]")
_UZBEK_CYR = re.compile(r"[ҳҲ]")
_KYRGYZ = re.compile(r"[өүңӨҮҢ]")
# letters a text in that Cyrillic language cannot do without (Russian has none of them)
_OWN_LETTERS = {"ky": _KYRGYZ, "uk": re.compile(r"[іїєґІЇЄҐ]"), "be": re.compile(r"[ўіЎІ]"),
                "uz": re.compile(r"[ўқғҳЎҚҒҲ]")}
_SOUTH_SLAVIC = re.compile(r"[ѓќѕљњјђћџЃЌЅЉЊЈЂЋЏ]")  # Macedonian and Serbian letters
_BULGARIAN = re.compile(r"(?<!\w)(?:това|които|който|която|ще|във|със|също|според|България)(?!\w)|\w(?:ът|ят)(?!\w)",
                        re.IGNORECASE)  # Bulgarian words and articles no Russian sentence has
BG_MARGIN = 0.01  # Bulgarian must beat Russian by this share of its score

_CYRILLIC_MODEL = ("ru", "kk", "uk", "be", "ky", "uz", "bg", "mk", "sr", "tg", "mn", "tt", "ba")
_NAMED = {"ru": "ru", "kk": "kk", "uk": "uk", "be": "be", "ky": "ky", "uz": "uz", "uzs": "uz", "en": "en"}


@functools.cache
def _identifiers() -> tuple[Any, Any]:
    """(Cyrillic-restricted, full) py3langid identifiers: the model file is read once (about 1.5 s)
    and the two share its arrays; the Cyrillic one keeps only its languages' columns."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    full = LanguageIdentifier.from_model_file(MODEL_FILE)
    cyr = LanguageIdentifier(full.nb_ptc, full.nb_pc, full.nb_classes, full.tk_nextmove, full.tk_output,
                             tk_row=full.tk_row)
    cyr.set_languages([c for c in _CYRILLIC_MODEL if c in cyr.labels])
    return cyr, full


def _by_letters(sample: str, cyr: int, lat: int) -> str:
    """A short text: the letters it has decide."""
    if lat > cyr:
        return "en"
    if _KAZAKH_ONLY.search(sample):
        return "kk"
    if _UKRAINIAN_ONLY.search(sample):
        return "uk"
    if _BELARUSIAN.search(sample):
        return "uz" if _UZBEK_CYR.search(sample) else "be"
    if KAZAKH_LETTERS.search(sample):  # і, ң, ө, ү without the Kazakh-only letters
        return "kk"
    return "ru"


def _cyrillic_code(sample: str) -> str:
    """The model's best Cyrillic language, with the South Slavic ones held to their own letters."""
    ranked = _identifiers()[0].rank(sample)
    scores = dict(ranked)
    for code, score in ranked:
        if code in ("mk", "sr") and not _SOUTH_SLAVIC.search(sample):
            continue
        if code == "bg" and (_RUSSIAN_ONLY.search(sample) or not _BULGARIAN.search(sample)
                             or score - scores["ru"] < BG_MARGIN * abs(score)):
            continue
        return code
    return "ru"


def _cyrillic(sample: str) -> str:
    code = _cyrillic_code(sample)
    kk_share = len(KAZAKH_LETTERS.findall(sample)) / max(1, len(_CYRILLIC_ANY.findall(sample)))
    if code == "ky" and len(_KAZAKH_ONLY.findall(sample)) > 2:
        return "kk"
    if code in ("ru", "tt", "ba", "mn", "tg") and kk_share > 0.02 and _KAZAKH_ONLY.search(sample):
        return "kk"
    if code in ("tt", "ba") and not _KAZAKH_ONLY.search(sample) and _KYRGYZ.search(sample):
        return "ky"
    own = _OWN_LETTERS.get(code)
    if own is not None and not own.search(sample):
        return "ru"  # no letter of that language's own: a Russian text the model misread
    return _NAMED.get(code, "other")


def detect_lang(text: str) -> str:
    """The language of ``text``: one of ``LANGS`` (see the module docstring)."""
    sample = text[:SAMPLE]
    cyr = len(_CYRILLIC_ANY.findall(sample))
    lat = len(_LATIN_ANY.findall(sample))
    letters = len(_LETTER.findall(sample))
    if letters == 0:
        return "ru"
    if cyr + lat < letters / 2:
        return "other"
    if cyr + lat < SHORT:
        return _by_letters(sample, cyr, lat)
    if cyr >= lat:
        return _cyrillic(sample)
    code, _score = _identifiers()[1].classify(sample)
    return _NAMED.get(code, "other")


class LangStage(Stage):
    name = "lang"
    requires = ("text",)
    provides = ("lang",)

    def __call__(self, work: Work) -> Work:
        work.article.lang = detect_lang(work.article.text)
        return work
