"""Segmentation, morphology and syntax (natasha/slovnet) over the clean text."""

from __future__ import annotations

from natasha import Doc

from ..stage import Stage, Work
from . import models


class TokenStage(Stage):
    name = "tokens"
    requires = ("text",)
    provides = ("tokens", "sents", "morph", "syntax")

    def __init__(self, syntax: bool = True) -> None:
        self.segmenter = models.segmenter()
        self.morph = models.morph_tagger()
        self.syntax = models.syntax_parser() if syntax else None

    def __call__(self, work: Work) -> Work:
        doc = Doc(work.article.text)
        doc.segment(self.segmenter)
        if doc.tokens:
            doc.tag_morph(self.morph)
            if self.syntax is not None:
                doc.parse_syntax(self.syntax)
        work.doc = doc
        return work
