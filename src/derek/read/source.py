"""What a reader returns: one document's text and the metadata found beside it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Source:
    """One input document before cleaning.

    ``text`` is plain text (HTML already reduced to the article body);
    ``published`` is an ISO string (see ``derek.dates``); ``source`` the outlet
    named by the page or record; ``name`` says where it came from
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
