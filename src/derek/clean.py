"""Dateline, title, credits, source line, boilerplate. (Minimal placeholder.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from .article import Credit
from .read import Source


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    credits: list[Credit] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)


def clean(src: Source) -> Cleaned:
    return Cleaned(text=src.text, title=src.title, published=src.published, source=src.source)
