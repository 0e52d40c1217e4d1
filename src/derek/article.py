"""The data model: what derek returns for one article.

Every fact carries its evidence as character offsets into ``Article.text``
(end-exclusive, Python string indexing). ``Article.to_dict()`` is the
output contract shared by the CLI, the HTTP API, the store and batch jobs.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Entity:
    id: str
    type: str  # PER / ORG / LOC
    name: str  # normalized, nominative
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names of it in this article (АНК)


@dataclass
class Position:
    title: str  # nominative: «заместитель акима»
    org: str | None = None  # normalized organization: «акимат города Алматы»
    place: str | None = None
    tense: str = "current"  # current / past / future
    start: int | None = None  # evidence span
    end: int | None = None
    evidence: str | None = None
    kind: str = "post"  # post (an office in an organization or place) / profession («поэт») / rank («полковник»)
    rules: list[str] = field(default_factory=list, compare=False)  # the position rules that found it (--explain only)


@dataclass
class Person:
    entity: str  # Entity.id
    name: str
    first: str | None = None
    middle: str | None = None
    last: str | None = None
    gender: str | None = None  # m / f / None
    mentions: int = 0
    positions: list[Position] = field(default_factory=list)


@dataclass
class Quote:
    speaker: str | None  # normalized name, or the description («пресс-служба акимата»)
    speaker_entity: str | None  # Entity.id or None
    kind: str  # direct / indirect
    text: str
    cue: str | None
    start: int  # the quote text's span
    end: int
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_text: str | None = None  # the speaker phrase as written («глава МИД Сергей Лавров», «он»)
    rule: str | None = field(default=None, compare=False)  # the quote rule that found it (--explain only)


@dataclass
class Event:
    what: str
    when: str | None = None
    where: list[str] = field(default_factory=list)


@dataclass
class Credit:
    kind: str  # photo / video / text / infographic
    by: str


@dataclass
class Article:
    text: str
    id: str = ""
    url: str | None = None
    title: str | None = None
    published: str | None = None  # ISO 8601 with offset
    lang: str = "ru"
    authors: list[str] = field(default_factory=list)  # the page's bylines: «Андрей Колесников»
    outlet: str | None = None  # the site that published it: og:site_name or the host («zakon.kz»)
    source: str | None = None  # the original outlet the text names («Источник: Kazinform»)
    credits: list[Credit] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)  # lines removed from the body

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text, self.title)

    # -- lookups -------------------------------------------------------
    def entity(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def person(self, name: str) -> Person | None:
        for p in self.people:
            if p.name == name:
                return p
        return None

    # -- serialization --------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for q in d["quotes"]:
            q.pop("rule", None)  # internal: shown only by ``derek extract --explain``
        for p in d["people"]:
            for pos in p["positions"]:
                pos.pop("rules", None)  # internal, as a quote's rule
        order = ["id", "url", "title", "published", "lang", "authors", "outlet", "source", "credits", "text",
                 "entities", "people", "quotes", "events", "boilerplate"]
        return {k: d[k] for k in order}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        return cls(
            text=d["text"],
            id=d.get("id") or "",
            url=d.get("url"),
            title=d.get("title"),
            published=d.get("published"),
            lang=d.get("lang") or "ru",
            authors=[a for a in d.get("authors") or [] if isinstance(a, str)],
            outlet=d.get("outlet"),
            source=d.get("source"),
            credits=[Credit(**c) for c in d.get("credits") or []],
            entities=[
                Entity(
                    id=e["id"], type=e["type"], name=e["name"],
                    mentions=[Mention(**m) for m in e.get("mentions") or []],
                    aliases=list(e.get("aliases") or []),
                )
                for e in d.get("entities") or []
            ],
            people=[
                Person(
                    **{k: v for k, v in p.items() if k != "positions" and k in _PERSON_FIELDS},
                    positions=[Position(**pos) for pos in p.get("positions") or []],
                )
                for p in d.get("people") or []
            ],
            quotes=[Quote(**q) for q in d.get("quotes") or []],
            events=[Event(**e) for e in d.get("events") or []],
            boilerplate=list(d.get("boilerplate") or []),
        )


_PERSON_FIELDS = {f.name for f in fields(Person)}


def article_id(text: str, title: str | None = None) -> str:
    """A stable id for the same content: a hash of the whitespace-normalized title and body."""
    norm = " ".join(((title or "") + "\n" + text).split()).lower()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]
