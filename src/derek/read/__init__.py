"""bytes → text + metadata. (Minimal placeholder; the readers issue fills it in.)"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Source:
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    name: str | None = None
    is_html: bool = False


def from_text(text: str, url: str | None = None, name: str | None = None) -> Source:
    return Source(text=text, url=url, name=name)


def from_bytes(data: bytes, name: str = "<bytes>", url: str | None = None) -> Source:
    return Source(text=data.decode("utf-8"), url=url, name=name)


def from_record(d: dict[str, Any]) -> Source:
    return Source(text=d.get("text") or "", url=d.get("url"), title=d.get("title"),
                  published=d.get("published"), source=d.get("source"))
