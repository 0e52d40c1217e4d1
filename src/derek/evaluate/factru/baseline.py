"""The Natasha baseline for track 1: stock NewsNERTagger spans."""

from __future__ import annotations

from functools import cache
from typing import Any

from .gold import DEREK_TO_TRACK1
from .track1 import Mention1


@cache
def _stock_natasha() -> tuple[Any, Any]:
    """Natasha exactly as shipped (derek's own segmenter and model speed-ups are not used here)."""
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


def natasha_mentions(text: str) -> list[Mention1]:
    """Natasha's NewsNERTagger spans as they are (PER→per, LOC→loc, ORG→org): the baseline."""
    from natasha import Doc

    segmenter, tagger = _stock_natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_ner(tagger)
    out = []
    for s in doc.spans:
        tag = DEREK_TO_TRACK1.get(s.type)
        if tag:
            out.append((tag, s.start, s.stop - s.start))
    return out


