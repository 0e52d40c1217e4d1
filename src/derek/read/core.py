"""One document: str, bytes, a JSON record, or a file path → ``Source``."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..dates import normalize_iso
from ..errors import InputError
from .decode import MAX_BYTES, check_size, decode_bytes
from .html import from_html, looks_like_html
from .source import Source

log = logging.getLogger("derek.read")


def from_text(text_or_html: str, url: str | None = None, name: str | None = None) -> Source:
    """Plain text as it is, or an HTML page (detected) through trafilatura."""
    if looks_like_html(text_or_html):
        return from_html(text_or_html, url=url, name=name)
    if not text_or_html.strip():
        raise InputError(name or url or "<text>", "empty: no text in it", code="E101")
    return Source(text=text_or_html, url=url, name=name)


def from_bytes(data: bytes, name: str = "<bytes>", url: str | None = None,
               max_bytes: int | None = MAX_BYTES) -> Source:
    """Decode (BOM, UTF-8, detected cp1251/koi8-r/…) and read as text or HTML."""
    text, enc = decode_bytes(data, name=name, max_bytes=max_bytes)
    src = from_text(text, url=url, name=name)
    src.encoding = enc
    return src


def from_record(d: dict[str, Any], name: str = "<record>") -> Source:
    """A JSON record: ``text`` or ``html``, optional ``url``, ``title``, ``published``, ``source``.

    The record's own metadata wins over what is found in its HTML.
    """
    if not isinstance(d, dict):
        raise InputError(name, f"not a JSON object but {type(d).__name__}", code="E106")
    body = d.get("html") or d.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(name, "no 'text' or 'html' field with content", code="E106")
    url = d.get("url") if isinstance(d.get("url"), str) else None
    if d.get("html"):
        src = from_html(body, url=url, name=name)
    else:
        src = from_text(body, url=url, name=name)
    for key in ("title", "source"):
        v = d.get(key)
        if isinstance(v, str) and v.strip():
            setattr(src, key, v.strip())
    pub = d.get("published") or d.get("date")
    if isinstance(pub, str) and pub.strip():
        iso = normalize_iso(pub)
        if iso:
            src.published = iso
        else:
            log.warning("%s: cannot read the date %r; ignored", name, pub)
    return src


def read_file_bytes(path: Path, name: str, max_bytes: int | None = MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "no such file", code="E107") from None
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}", code="E107") from None
    if path.is_dir():
        raise InputError(name, "is a folder, not a file", code="E107")
    check_size(size, name, max_bytes)
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}", code="E107") from None


def read_path(path: str | Path, max_bytes: int | None = MAX_BYTES) -> Source:
    """One article file (text or HTML, any supported encoding) → ``Source``.

    A ``.jsonl`` or feed file holding exactly one article is accepted too;
    for files with many articles use ``iter_sources``.
    """
    p = Path(path)
    if p.suffix.lower() in (".jsonl", ".json", ".xml", ".rss", ".atom"):
        from .walk import iter_sources

        items = list(iter_sources([p]))
        if len(items) == 1:
            if isinstance(items[0], InputError):
                raise items[0]
            return items[0]
        if not items:
            raise InputError(str(p), "no articles in it", code="E101")
        raise InputError(str(p), f"holds {len(items)} articles; read it with iter_sources()", code="E108")
    return from_bytes(read_file_bytes(p, str(p), max_bytes), name=str(p), max_bytes=max_bytes)
