"""Entity spans: the candidate record, slovnet's NER spans over a Kazakh-folded text, the
tokens under a span, and an index of spans by start."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .. import models
from ..names import NameParts, fold


@dataclass
class Span:
    start: int
    end: int
    type: str
    text: str
    tokens: list = field(default_factory=list)  # natasha DocTokens
    normal: str = ""
    source: str = "slovnet"  # slovnet / institution / abbr
    name: NameParts | None = None


def tag_texts(texts: list[str]) -> list[list[Span]]:
    """slovnet's NER spans of each text, tagged on a Kazakh-folded copy (same length, so the
    offsets hold: «Қасым-Жомарт Тоқаев» is then seen as a Russian-shaped name)."""
    tagger = models.ner_tagger()
    return [[Span(s.start, s.stop, s.type, text[s.start:s.stop]) for s in tagger(fold(text)).spans]
            for text in texts]


def _attach_tokens(spans: list[Span], tokens: list) -> None:
    starts = [t.start for t in tokens]
    for sp in spans:
        i = bisect.bisect_left(starts, sp.start)
        toks = []
        while i < len(tokens) and tokens[i].start < sp.end:
            toks.append(tokens[i])
            i += 1
        sp.tokens = toks


class _SpanIndex:
    """Spans by start, to find the ones that may overlap a span without a pass over all of them:
    a span overlapping ``sp`` starts before ``sp.end`` and after ``sp.start`` minus the longest span."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self.starts = [s.start for s in self.spans]
        self.longest = max((s.end - s.start for s in spans), default=0)

    def near(self, sp: Span) -> list[Span]:
        lo = bisect.bisect_left(self.starts, sp.start - self.longest)
        return self.spans[lo:bisect.bisect_left(self.starts, sp.end)]


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _split_at_lines(spans: list[Span], text: str) -> list[Span]:
    """A PER span the tagger runs over a line break («Мик Джаггер\\nРокер», a caption, a heading)
    is one span a line."""
    out = []
    for sp in spans:
        if sp.type != "PER" or "\n" not in sp.text or not sp.tokens:
            out.append(sp)
            continue
        run = [sp.tokens[0]]
        for prev, t in zip(sp.tokens, sp.tokens[1:], strict=False):
            if "\n" in text[prev.stop:t.start]:
                out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run,
                                source=sp.source))
                run = []
            run.append(t)
        out.append(Span(run[0].start, run[-1].stop, "PER", text[run[0].start:run[-1].stop], run, source=sp.source))
    return out
