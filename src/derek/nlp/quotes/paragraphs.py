"""Direct speech across paragraphs: a paragraph that is one quotation, after a paragraph whose
quote was attributed («…», сказал X. / «Это огромная потеря…» — X again)."""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from .claims import Claim
from .marks import trim
from .taken import Taken
from .view import View

ATTRIBUTED_RULES = ("marks_then_speech", "speech_then_marks", "split_inside", "dash_paragraph")


def _whole_quote(d: View, ps: int, pe: int) -> tuple[int, int] | None:
    """The inner span of a quotation that is the whole paragraph («…».)."""
    i = bisect.bisect_left(d.top_opens, ps)
    if i >= len(d.top) or d.top[i].open != ps:
        return None
    s = d.top[i]
    rest = d.text[s.close + 1 : pe].strip()
    return s.inner if rest in ("", ".", "!", "?", "…") else None


def next_quote_paragraph(d: View, taken: Taken) -> Iterator[Claim]:
    """A paragraph that is all one quotation, without an attribution of its own, right after a
    paragraph that ends with an attributed direct quote: the same speaker goes on."""
    for pi in range(1, len(d.paras)):
        ps, pe = d.paras[pi]
        inner = _whole_quote(d, ps, pe)
        if inner is None or taken.overlaps(ps, pe):
            continue
        qs, qe = d.paras[pi - 1]
        prev = [c for c in taken.starting_in(qs, qe) if c.kind == "direct" and c.rule in ATTRIBUTED_RULES]
        if not prev or not (qs <= prev[-1].cue_start < qe):
            continue
        c = prev[-1]
        yield Claim("next_quote_paragraph", "direct", *trim(d.text, *inner), c.cue_start, c.cue_end, c.ref, c.at)
