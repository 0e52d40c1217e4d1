"""The natasha/slovnet models, loaded once per process and shared by all stages."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def embedding() -> Any:
    from natasha import NewsEmbedding

    return NewsEmbedding()


@cache
def segmenter() -> Any:
    from natasha import Segmenter

    return Segmenter()


@cache
def morph_vocab() -> Any:
    from natasha import MorphVocab

    return MorphVocab()


@cache
def morph_tagger() -> Any:
    from natasha import NewsMorphTagger

    return NewsMorphTagger(embedding())


@cache
def syntax_parser() -> Any:
    from natasha import NewsSyntaxParser

    return NewsSyntaxParser(embedding())


@cache
def ner_tagger() -> Any:
    from natasha import NewsNERTagger

    return NewsNERTagger(embedding())
