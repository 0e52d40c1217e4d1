"""Speech without quotation marks after a speech verb and a colon: «Вот и вице-министр X недавно
признал: цены на топливо будут расти». (With marks after the colon it is ``speech_then_marks``'s.)"""

from __future__ import annotations

from collections.abc import Iterator

from .claims import Claim
from .config import COLON_CONTENT_WORDS
from .cues import clause_end, find_cues, reported
from .marks import OPENERS
from .refs import cue_end, ref_for_verb
from .taken import Taken
from .view import View

SPEAKING = ("person", "role", "pronoun", "org", "generic")


def colon_clause(d: View, taken: Taken) -> Iterator[Claim]:
    """A finite speech verb right before a colon, with a named, role or pronoun subject: the clause after the colon."""
    for c in find_cues(d):
        v = c.v
        if c.pattern != "verb" or c.info is None or v.feats.get("VerbForm") != "Fin" or c.k + 2 >= len(c.st):
            continue
        colon, first = c.st[c.k + 1], c.st[c.k + 2]
        if colon.text != ":" or first.text in OPENERS or first.pos == "PUNCT" or d.in_top_quote(v.start):
            continue
        if taken.covers(v.start) or taken.covers(first.start):
            continue
        a = first.start
        b = clause_end(d, a, c.si)
        if len(d.text[a:b].split()) < COLON_CONTENT_WORDS:
            continue
        ref = ref_for_verb(d, v)
        if ref.kind not in SPEAKING:
            continue
        claim = reported(d, "colon_clause", a, b, v.start, cue_end(d, v, ref), ref)
        if claim is not None:
            claim.kind = "direct"
            yield claim
