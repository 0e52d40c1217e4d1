"""The records the positions rules pass around: a post phrase found in a sentence, and a claim
that a person holds it (with the rule that made the claim and its evidence span)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...article import Entity


@dataclass
class Post:
    """A post phrase in a sentence's tokens: the title words ``toks`` (from ``i``; ``j`` is the
    index after the title words), then its organization or place up to ``end_tok``."""

    i: int
    j: int
    toks: list[Any]
    past: bool
    org: Entity | None = None
    place: Entity | None = None
    end_tok: int = -1  # index after the title's complement (orgs/places included); j when unset
    geo: str | None = None  # a place named by an adjective («российский президент»)
    plural: bool = False
    title_override: str | None = None  # the title when it is not the words («возглавил» → руководитель)
    title_suffix: str | None = None  # a field after the organization («директор НАСА по …»)
    org_text: str | None = None  # the organization as written, when it is no entity (or a unit of one)
    place_text: str | None = None  # the place as written in the phrase
    country: bool = False  # «… страны»: the country the text is about

    def __post_init__(self) -> None:
        if self.end_tok < 0:
            self.end_tok = self.j

    @classmethod
    def from_title(cls, t: Any) -> Post:
        """A post from :class:`derek.nlp.posts.Title` as the Kazakh tagger makes it."""
        return cls(i=t.i, j=t.j, toks=t.toks, past=t.past, org=t.org, place=t.place, end_tok=t.end_tok,
                   geo=getattr(t, "geo", None), plural=getattr(t, "plural", False),
                   title_override=getattr(t, "title_override", None), title_suffix=getattr(t, "title_suffix", None),
                   org_text=getattr(t, "org_text", None), place_text=getattr(t, "place_text", None),
                   country=getattr(t, "country", False))


@dataclass
class Claim:
    """``person`` holds ``post``, as rule ``rule`` read it from ``evidence`` (character offsets)."""

    rule: str
    person: Entity
    post: Post
    evidence: tuple[int, int]
    tense: str | None = None  # None: from the post («бывший» → past)
    ended_in: tuple[int, int] | None = None  # the post ended in this sentence span (succession)
