"""What a pipeline stage is, and the working document stages pass along."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .article import Article


@dataclass
class Work:
    """One document on its way through the pipeline.

    ``article`` is what the user gets back; the other fields are the stages'
    intermediate results (the natasha ``Doc`` with tokens, sentences,
    morphology and syntax; candidate spans before linking).
    """

    article: Article
    doc: Any = None  # natasha.Doc over article.text
    spans: list[Any] = field(default_factory=list)  # nlp.ner.Span candidates
    extra: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)


class Stage:
    """A pipeline stage. ``__init__`` loads resources once; ``__call__`` processes one document.

    ``requires`` and ``provides`` name what the stage reads and adds, so that
    a pipeline in the wrong order fails when it is built.
    """

    name: str = "stage"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()

    def __call__(self, work: Work) -> Work:  # pragma: no cover - interface
        raise NotImplementedError

    def map(self, works: Iterable[Work]) -> Iterator[Work]:
        for w in works:
            yield self(w)
