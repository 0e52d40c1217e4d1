"""The positions stage's view of one document, built once at the start of the stage and passed to
every rule: entities at offsets, spans at tokens, person mentions by offset, and what the rules
have resolved so far. Nothing of a document is kept on the stage, so one stage serves many
threads at once."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...article import Article, Entity, Person, Position
from ...stage import Work
from ..ner import Span, case
from ..post_tagger import spans_by_token
from ..posts import PlaceIndex, regions
from .claims import Post


class PersonMentions:
    """One document's person mentions sorted by offset, each with its entity and person: the rules
    that look back or ahead for a person ask for a range of offsets (a sentence, a paragraph) and get
    it by bisection instead of scanning every mention of the text. Built per document."""

    def __init__(self, entities: list[Entity], person_of: dict) -> None:
        self._items = sorted(((e, m, person_of.get(e.id)) for e in entities if e.type == "PER" for m in e.mentions),
                             key=lambda x: x[1].start)
        self._starts = [m.start for _, m, _ in self._items]

    def between(self, a: int, b: int | None) -> list:
        """(entity, mention, person) of the mentions starting at offsets ``a`` ≤ start < ``b``
        (``b`` None: to the end of the text), in text order."""
        i = bisect_left(self._starts, a)
        j = len(self._starts) if b is None else bisect_left(self._starts, b)
        return self._items[i:j] if j > i else []

    def antecedent(self, offset: int, gender: str) -> tuple[Entity, Span] | None:
        """The last person mention before ``offset`` whose person may be of ``gender`` (or has none)."""
        for i in range(bisect_left(self._starts, offset) - 1, -1, -1):
            ent, m, person = self._items[i]
            if person is not None and person.gender in (gender, None):
                return ent, Span(m.start, m.end, "PER", m.text)
        return None


@dataclass
class DocContext:
    """One document as the positions rules read it, and the positions resolved so far."""

    art: Article
    text: str
    ent_at: dict[int, Entity]  # mention start → the entity of the longest mention there
    person_of: dict[str, Person]  # entity id → person
    main_place: str | None  # the place the text names most
    spans_by_tok: dict[int, Span]  # id(token) → the longest span over it
    spans_start: dict[int, Span]  # id(token) → the longest span starting at it
    mentions: PersonMentions
    places: PlaceIndex
    regions: dict[str, tuple[Entity, str]]  # «область»/«район» → the one region of that kind, with its text
    mention_case: dict[int, str | None]  # person span start → the case of its first word
    mention_main: dict[int, bool]  # person span start → is it the subject of its sentence's main verb
    # resolution state (resolve.py)
    seen: dict[tuple[str, str, str | None], Position] = field(default_factory=dict)
    country_posts: set[int] = field(default_factory=set)  # id() of positions of «… страны»
    ended: list[tuple[str, str, int, int]] = field(default_factory=list)  # (entity, title, sentence span)
    role_nouns: list[tuple[Post, list]] = field(default_factory=list)  # subject posts naming no one


@dataclass
class SentenceView:
    """One sentence's tokens with the post phrases found in it."""

    toks: list[Any]
    found: list[Post]
    prev_found: list[Post]  # the posts of the sentence before («на этом посту»)
    lead_org: Entity | None  # «В Сенате, где …, спикер …»: the organization the sentence is set in


def _entity_at(art: Article) -> dict[int, Entity]:
    ent_at: dict[int, Entity] = {}
    longest: dict[int, int] = {}
    for e in art.entities:
        for m in e.mentions:
            if m.end - m.start > longest.get(m.start, -1):  # «Российского института культурологии»
                longest[m.start] = m.end - m.start  # over «Российского института»
                ent_at[m.start] = e
    return ent_at


def _spans_starting(spans: list[Span]) -> dict[int, Span]:
    start: dict[int, Span] = {}
    for sp in sorted(spans, key=lambda x: x.end - x.start):
        if sp.tokens:
            start[id(sp.tokens[0])] = sp  # the longest span starting at a token
    return start


def _main_subjects(doc: Any, spans_start: dict[int, Span]) -> dict[int, bool]:
    main: dict[int, bool] = {}
    for sent in doc.sents:
        ids = {x.id: x for x in sent.tokens}
        for x in sent.tokens:
            sp = spans_start.get(id(x))
            if sp is not None and sp.type == "PER" and x.rel == "nsubj" and x.head_id in ids:
                main[sp.start] = ids[x.head_id].rel == "root"
    return main


def build_context(work: Work) -> DocContext:
    """The view of ``work`` (which has a doc and people) the rules read."""
    art = work.article
    person_of = {p.entity: p for p in art.people}
    places = Counter({e.name: len(e.mentions) for e in art.entities if e.type == "LOC"})
    spans_start = _spans_starting(work.spans)
    return DocContext(
        art=art, text=art.text, ent_at=_entity_at(art), person_of=person_of,
        main_place=places.most_common(1)[0][0] if places else None,
        spans_by_tok=spans_by_token(work.spans), spans_start=spans_start,
        mentions=PersonMentions(art.entities, person_of), places=PlaceIndex(art.entities), regions=regions(art),
        mention_case={sp.start: case(sp.tokens[0]) for sp in work.spans if sp.type == "PER" and sp.tokens},
        mention_main=_main_subjects(work.doc, spans_start),
    )
