"""Sentence segmentation that respects line breaks.

razdel (natasha's segmenter) joins a headline without a final full stop to
the next paragraph, and list items or datelines to whatever follows. News
text is paragraphs: a line break always ends a sentence here; within a line,
razdel decides. Offsets are those of the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from natasha.segment import Segmenter, Sent

_LINE = re.compile(r"[^\n]+")


class LineSegmenter(Segmenter):
    """natasha's Segmenter with every line break a sentence boundary."""

    def sentenize(self, text: str) -> Iterator[Sent]:
        if not text:
            return
        for m in _LINE.finditer(text):
            line = m.group(0)
            if not line.strip():
                continue
            for s in super().sentenize(line):
                yield Sent(m.start() + s.start, m.start() + s.stop, s.text)
