"""Named entities: slovnet NER, corrected for Kazakhstan news, grouped into entities."""

from __future__ import annotations

from dataclasses import dataclass

from ..article import Entity, Mention
from ..stage import Stage, Work
from . import models


@dataclass
class Span:
    start: int
    end: int
    type: str
    text: str
    normal: str = ""


class NerStage(Stage):
    name = "ner"
    requires = ("tokens", "morph")
    provides = ("entities",)

    def __init__(self) -> None:
        self.tagger = models.ner_tagger()
        self.vocab = models.morph_vocab()

    def __call__(self, work: Work) -> Work:
        doc = work.doc
        doc.tag_ner(self.tagger)
        spans = []
        for s in doc.spans:
            s.normalize(self.vocab)
            spans.append(Span(s.start, s.stop, s.type, s.text, s.normal or s.text))
        work.spans = spans
        groups: dict[tuple[str, str], Entity] = {}
        for sp in spans:
            key = (sp.type, sp.normal.lower())
            ent = groups.get(key)
            if ent is None:
                ent = groups[key] = Entity(id=f"T{len(groups) + 1}", type=sp.type, name=sp.normal)
            ent.mentions.append(Mention(sp.start, sp.end, sp.text))
        work.article.entities = list(groups.values())
        return work
