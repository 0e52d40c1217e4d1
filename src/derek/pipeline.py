"""The pipeline: builds the stage list once, checks its order, runs documents in batches."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from . import window
from .article import Article
from .clean import clean
from .errors import PipelineError
from .read import Source, from_text
from .stage import Stage, Work

log = logging.getLogger("derek")
log.addHandler(logging.NullHandler())

# What the clean step provides before the first NLP stage runs.
_BASE = {"text", "title", "published", "credits", "source"}


def default_stages() -> list[Stage]:
    from .nlp.events import EventStage
    from .nlp.lang import LangStage
    from .nlp.ner import NerStage
    from .nlp.people import PeopleStage
    from .nlp.positions import PositionStage
    from .nlp.quotes import QuoteStage
    from .nlp.tokens import TokenStage

    return [LangStage(), TokenStage(), NerStage(), PeopleStage(), PositionStage(), QuoteStage(), EventStage()]


def check_order(stages: Sequence[Stage]) -> None:
    have = set(_BASE)
    for st in stages:
        missing = [r for r in st.requires if r not in have]
        if missing:
            raise PipelineError(
                f"stage {st.name!r} requires {', '.join(missing)}, which no earlier stage provides",
                hint="put the stage that provides it earlier in the list",
            )
        have.update(st.provides)


def run_stages(stages: Sequence[Stage], works: list[Work]) -> list[Work]:
    """``stages`` in order over the batch ``works``."""
    for st in stages:
        works = list(st.map(works))
    return works


def as_source(doc: Any, url: str | None = None) -> Source:
    """Accept a str (text or HTML), bytes, a Source, or a dict with text/html and metadata."""
    if isinstance(doc, Source):
        return doc
    if isinstance(doc, bytes):
        from .read import from_bytes

        return from_bytes(doc, name=url or "<bytes>", url=url)
    if isinstance(doc, str):
        return from_text(doc, url=url)
    if isinstance(doc, dict):
        from .read import from_record

        return from_record(doc)
    raise TypeError(f"cannot extract from {type(doc).__name__}; pass str, bytes, dict or Source")


class Pipeline:
    """Loads the models once; ``extract`` one document or ``map`` over many."""

    def __init__(self, stages: Sequence[Stage] | None = None, batch_size: int = 16,
                 window_chars: int = window.WINDOW_CHARS) -> None:
        self.stages = list(stages) if stages is not None else default_stages()
        check_order(self.stages)
        self.batch_size = batch_size
        if window_chars < 2:
            raise PipelineError(f"window_chars must be at least 2, not {window_chars}",
                                hint="pass the window size in characters, e.g. window.WINDOW_CHARS")
        self.window_chars = window_chars  # a longer text goes through the NLP stages in windows

    def start(self, doc: Any, url: str | None = None) -> Work:
        src = as_source(doc, url=url)
        cleaned = clean(src)
        art = Article(
            text=cleaned.text,
            url=src.url,
            title=cleaned.title,
            published=cleaned.published,
            authors=cleaned.authors,
            outlet=src.outlet,
            source=cleaned.source,
            credits=cleaned.credits,
            boilerplate=cleaned.boilerplate,
        )
        return Work(article=art)

    def run(self, works: list[Work]) -> list[Work]:
        """Every stage over the batch; after the language is known, the NLP stages get only the texts
        in a language they are built for (``nlp.lang.NLP_LANGS``): others keep their metadata only.
        A text longer than ``window_chars`` (``window.WINDOW_CHARS``) goes through the NLP stages one window at a time
        (``window.run_windowed``), so that its memory stays bounded."""
        from .nlp.lang import NLP_LANGS

        cut = next((i + 1 for i, st in enumerate(self.stages) if "lang" in st.provides), 0)
        works = run_stages(self.stages[:cut], works)
        rest = self.stages[cut:]
        if not rest:
            return works
        idx = [i for i, w in enumerate(works) if not cut or w.article.lang in NLP_LANGS]
        works = list(works)
        size = self.window_chars
        whole = [i for i in idx if len(works[i].article.text) <= size]
        for i, w in zip(whole, run_stages(rest, [works[i] for i in whole]), strict=True):
            works[i] = w
        for i in idx:
            if len(works[i].article.text) > size:
                works[i] = window.run_windowed(works[i], rest, run_stages, size)
        return works

    def extract(self, doc: Any, url: str | None = None) -> Article:
        return self.run([self.start(doc, url=url)])[0].article

    __call__ = extract

    def map(self, docs: Iterable[Any]) -> Iterator[Article]:
        """Process documents in batches; yields one Article per input, in order."""
        batch: list[Work] = []
        for doc in docs:
            batch.append(self.start(doc))
            if len(batch) >= self.batch_size:
                yield from (w.article for w in self.run(batch))
                batch = []
        if batch:
            yield from (w.article for w in self.run(batch))


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def extract(text_or_html: str | bytes, url: str | None = None) -> Article:
    """Extract one article with the shared default pipeline (models load on first use)."""
    return default_pipeline().extract(text_or_html, url=url)
