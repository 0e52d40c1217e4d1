"""RSS/Atom feed files → one ``Source`` per item.

Each item gives its ``title``, ``link`` (→ ``url``), ``published`` (or
``updated``) and its body: the full ``content`` when the feed carries it,
else the ``summary``/``description`` (HTML reduced to text).

Saved pages: when the full page of an item was saved beside the feed, it is
read instead of the feed's (often shortened) body. The convention: for a
feed file ``news.xml``, the folder ``news.pages/`` next to it holds pages
named after the last path segment of the item's link, without its extension,
plus ``.html`` or ``.htm`` (link ``https://site.kz/news/akim-naznachen.html``
→ ``news.pages/akim-naznachen.html``). The page supplies the text (through
trafilatura) and its site name; the feed item's url, title and date win
over the page's. Folder walks skip ``*.pages`` folders for this reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from ..dates import normalize_iso
from ..errors import InputError
from .core import from_bytes, read_file_bytes, safe_name
from .decode import MAX_BYTES, clean_chars, clean_field
from .html import fragment_text, looks_like_html
from .source import Source

log = logging.getLogger("derek.read")

FEED_SUFFIXES = (".xml", ".rss", ".atom")
FEED_MAX_BYTES = 5 * MAX_BYTES
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of a file open an RSS, Atom or RSS 1.0 document."""
    return bool(_FEED_ROOT.search(head[:2048]))


def pages_dir(feed_path: Path) -> Path:
    return feed_path.with_name(feed_path.stem + ".pages")


def _slug(link: str | None) -> str | None:
    if not link:
        return None
    parts = [p for p in urlparse(link).path.split("/") if p]
    if not parts:
        return None
    last = parts[-1]
    return last.rsplit(".", 1)[0] if "." in last else last


def _saved_page(feed_path: Path | None, link: str | None) -> Path | None:
    slug = _slug(link)
    if feed_path is None or not slug:
        return None
    folder = pages_dir(feed_path)
    for ext in (".html", ".htm"):
        p = folder / (slug + ext)
        if p.is_file():
            return p
    return None


def _entry_body(entry: dict) -> str:
    for c in entry.get("content") or []:
        if c.get("value"):
            v = c["value"]
            return fragment_text(v) if ("html" in (c.get("type") or "") or looks_like_html(v)) else v
    summary = entry.get("summary") or entry.get("description") or ""
    return fragment_text(summary) if looks_like_html(summary) or "<" in summary else summary


def iter_feed(data: bytes, name: str, feed_path: Path | None = None) -> Iterator[Source | InputError]:
    """Parse feed bytes; yield a ``Source`` per item or an ``InputError`` for an unusable item."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = parsed.get("bozo_exception")
        reason = f"malformed feed: {why}" if parsed.get("bozo") and why else "a feed without items"
        yield InputError(name, reason, code="E109")
        return
    site = (parsed.get("feed") or {}).get("title") or None
    for i, entry in enumerate(entries, 1):
        item = f"{name}#{i}"
        link = clean_field(entry.get("link"))
        title = clean_field((entry.get("title") or "").strip()) or None
        published = normalize_iso(entry.get("published") or entry.get("updated"))
        page = _saved_page(feed_path, link)
        try:
            if page is not None:
                src = from_bytes(read_file_bytes(page, safe_name(page)), name=safe_name(page), url=link)
                src.title = title or src.title
                src.published = published or src.published
                src.url = link or src.url
                src.source = src.source or site
            else:
                body = _entry_body(entry)
                if not body.strip():
                    raise InputError(item, "feed item without content or summary", code="E106")
                body = clean_chars(body, item)
                src = Source(text=body, url=link, title=title, published=published, source=site, name=item)
        except InputError as e:
            yield e
            continue
        except OSError as e:
            yield InputError(safe_name(page) if page else item, f"cannot read: {e}", code="E107")
            continue
        yield src
