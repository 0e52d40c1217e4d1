"""The natasha/slovnet models, loaded once per process and shared by all stages.

The morphology, syntax and NER models are made faster and share navec's word list
(``slovnet_fast.speed_up``, which says what it patches).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .slovnet_fast import WordCodes, speed_up, word_codes

__all__ = ["WordCodes", "word_codes"]


@cache
def embedding() -> Any:
    from natasha import NewsEmbedding

    return NewsEmbedding()


@cache
def segmenter() -> Any:
    from .segment import LineSegmenter

    return LineSegmenter()  # natasha's, with line breaks as sentence boundaries


@cache
def morph_vocab() -> Any:
    from natasha import MorphVocab

    return MorphVocab()


@cache
def morph_tagger() -> Any:
    from natasha import NewsMorphTagger

    return speed_up(NewsMorphTagger(embedding()), embedding())


@cache
def syntax_parser() -> Any:
    from natasha import NewsSyntaxParser

    return speed_up(NewsSyntaxParser(embedding()), embedding())


@cache
def ner_tagger() -> Any:
    from natasha import NewsNERTagger

    return speed_up(NewsNERTagger(embedding()), embedding())
