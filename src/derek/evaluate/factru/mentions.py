"""derek's entity mentions as track-1 lines, with offsets mapped back to the original text."""

from __future__ import annotations

import logging
import re
from typing import Any

from .gold import DEREK_TO_TRACK1
from .track1 import Mention1

log = logging.getLogger("derek.evaluate.factru")


class OffsetMap:
    """Maps offsets in a processed text (derek's Article.text) back to the original text."""

    def __init__(self, original: str, processed: str) -> None:
        self.same = original == processed
        self.original = original
        if self.same:
            return
        from difflib import SequenceMatcher

        sm = SequenceMatcher(None, processed, original, autojunk=False)
        self.blocks = [b for b in sm.get_matching_blocks() if b.size]

    def char(self, i: int) -> int | None:
        if self.same:
            return i
        for b in self.blocks:
            if b.a <= i < b.a + b.size:
                return b.b + (i - b.a)
        return None

    def span(self, start: int, end: int, text: str) -> tuple[int, int] | None:
        if self.same:
            return start, end
        s = self.char(start)
        e = self.char(end - 1)
        if s is not None and e is not None and e >= s:
            return s, e + 1
        near = s if s is not None else (e if e is not None else 0)
        found = [m.start() for m in re.finditer(re.escape(text), self.original)] if text else []
        if not found:
            return None
        best = min(found, key=lambda x: abs(x - near))
        return best, best + len(text)


def article_mentions(article: Any, original: str) -> list[Mention1]:
    """derek's PER/ORG/LOC entity mentions as track-1 lines, with offsets into ``original``."""
    omap = OffsetMap(original, article.text)
    out: set[Mention1] = set()
    for ent in article.entities:
        tag = DEREK_TO_TRACK1.get(ent.type)
        if tag is None:
            continue
        for m in ent.mentions:
            sp = omap.span(m.start, m.end, m.text)
            if sp is None:
                log.debug("mention %r not found in the original text", m.text)
                continue
            out.add((tag, sp[0], sp[1] - sp[0]))
    return sorted(out, key=lambda x: (x[1], x[2], x[0]))


