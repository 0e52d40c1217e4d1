"""HTML → article text and metadata, through trafilatura (with a plain fallback)."""

from __future__ import annotations

import logging
import re
import warnings

from ..dates import normalize_iso
from ..errors import InputError
from .source import Source

log = logging.getLogger("derek.read")

_TAGS = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|div|p|article|section|meta|title|span|a\s|br|h[1-6]|ul|li|table|script)\b",
    re.IGNORECASE,
)
_BLOCK = re.compile(r"(?is)<\s*(script|style|noscript|template)\b.*?(?:</\s*\1\s*>|$)")
_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/h[1-6]|/li|/tr|/article|/section|/blockquote|p|div|h[1-6]|li)\b[^>]*>")
_TAG = re.compile(r"<[^>]*>?")
_NO_TIME = re.compile(r"T00:00:00(?:[+-]\d{2}:?\d{2}|Z)?$")


def looks_like_html(text: str) -> bool:
    """True for an HTML page or fragment: starts with a tag, or carries several HTML tags early on."""
    head = text[:5000].lstrip()
    if head.startswith("<") and _TAGS.match(head):
        return True
    return len(_TAGS.findall(head)) >= 3


def fragment_text(html: str) -> str:
    """Small HTML (a feed item's content) → text with one paragraph per line."""
    import html as htmllib

    s = _BLOCK.sub(" ", html)
    s = _BREAK.sub("\n", s)
    s = htmllib.unescape(_TAG.sub("", s))
    lines = [" ".join(line.split()) for line in s.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _published(value: str | None) -> str | None:
    if not value:
        return None
    iso = normalize_iso(value)
    if iso and "T" in iso and _NO_TIME.search(value.strip()):
        return iso[:10]  # htmldate pads a date without time with midnight
    return iso


def from_html(html: str, url: str | None = None, name: str | None = None) -> Source:
    """Extract the article body and metadata (title, date, url, sitename) from a page."""
    import trafilatura

    label = name or url or "<html>"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            doc = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                date_extraction_params={"outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True,
                                        "original_date": True},
            )
        except Exception as e:  # trafilatura/lxml on pathological markup
            log.warning("%s: trafilatura failed (%s); falling back to plain tag stripping", label, e)
            doc = None
    meta: dict = {}
    if doc is not None:
        meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    # one paragraph a line from trafilatura → a blank line between paragraphs, as in saved text pages
    text = "\n\n".join(line.strip() for line in (meta.get("text") or "").splitlines() if line.strip())
    if not text:
        text = fragment_text(html)
        if text:
            log.info("%s: no main content found by trafilatura; using the page's whole text", label)
    if not text.strip():
        raise InputError(label, "no article text found in the HTML page", code="E105")
    return Source(
        text=text,
        url=url or meta.get("url"),
        title=(meta.get("title") or None),
        published=_published(meta.get("date")),
        source=meta.get("sitename") or None,
        name=name,
        is_html=True,
    )
