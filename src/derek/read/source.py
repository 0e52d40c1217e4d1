"""What a reader returns: one document's text and the metadata found beside it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Source:
    """One input document before cleaning.

    ``text`` is plain text (HTML already reduced to the article body);
    ``published`` is an ISO string (see ``derek.dates``); ``source`` the original
    outlet a record names; ``outlet`` the site that published the page (its
    ``og:site_name`` or host); ``authors`` the names the page gives;
    ``kz_local`` is False for a page of an outlet abroad, whose zoneless times
    get no +05:00; ``name`` says where it came from
    (``file.txt``, ``dump.jsonl:17``, ``feed.xml#3``) for error messages.
    """

    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    name: str | None = None
    is_html: bool = False
    encoding: str | None = None  # detected encoding of the bytes, when read from bytes
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    kz_local: bool = True
