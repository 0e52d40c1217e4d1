"""Reported speech inside an accepted quote: «…позвонили из ОВД и сообщили, что вызывают всех
заявителей», – сказал X; «…, добавив, что полиция считает, что стрелок учился в этой школе»: the inner
«что» clause is a quote of its own, beside the outer one (the stage keeps it as nested)."""

from __future__ import annotations

from collections.abc import Iterator

from .claims import Claim
from .cues import clause_end, find_cues, reported, that_index
from .refs import cue_end, ref_for_verb
from .taken import Taken
from .view import View

INNER_SPEAKERS = ("person", "role", "pronoun", "org", "generic", "other", "first")
UNMARKED = ("colon_paragraph", "continued_paragraph")  # their cues are the indirect rules' already


def nested_report(d: View, taken: Taken) -> Iterator[Claim]:
    """A speech verb with its own «что» clause inside an accepted quote, both within it."""
    for c in find_cues(d):
        box = taken.container(c.v.start)
        if box is None or box.rule in UNMARKED or c.pattern != "verb" or c.info is None or c.info.quote_only:
            continue
        if c.v.start in taken.cues or c.v.feats.get("VerbForm") not in ("Fin", "Conv"):
            continue
        j = that_index(c.st, c.k)
        if j is None or j + 1 >= len(c.st):
            continue
        ref = ref_for_verb(d, c.v, (box.start, box.end))
        if ref.kind not in INNER_SPEAKERS and not (ref.kind == "none" and ref.plural):
            continue
        a = c.st[j + 1].start
        b = min(clause_end(d, a, c.si), box.end)
        claim = reported(d, "nested_report", a, b, c.v.start, cue_end(d, c.v, ref), ref)
        if claim is not None and claim.kind == "indirect" and box.start <= claim.start and claim.end <= box.end:
            yield claim
