"""Reading: bytes, text, HTML pages, JSON records, feeds, files and folders → ``Source``.

- ``from_text(text_or_html, url=None, name=None)``: plain text, or HTML
  (detected) through trafilatura for the body and metadata;
- ``from_bytes(data, name=..., url=None, max_bytes=MAX_BYTES)``: encoding by
  BOM, UTF-8 or charset-normalizer (cp1251, koi8-r, …); empty, binary,
  undecodable and too large inputs raise ``InputError`` naming the input;
- ``from_record(dict, name=...)``: a JSON record with ``text`` or ``html``;
- ``read_path(path)``: one article file;
- ``iter_sources(paths)``: files and folders, ``.jsonl`` and RSS/Atom feeds,
  yielding ``Source`` or ``InputError`` and never raising;
- ``parse_jsonl_line(raw, name, first=False, max_bytes=MAX_BYTES)``: one JSON
  Lines record as ingest and extract read it (for ``derek batch``).
"""

from __future__ import annotations

from .core import from_bytes, from_record, from_text
from .decode import MAX_BYTES, decode_bytes
from .feed import iter_feed, looks_like_feed
from .html import from_html, looks_like_html
from .source import Source
from .walk import iter_jsonl, iter_sources, parse_jsonl_line, read_path, sources_only

__all__ = [
    "MAX_BYTES", "Source", "decode_bytes", "from_bytes", "from_html", "from_record", "from_text",
    "iter_feed", "iter_jsonl", "iter_sources", "looks_like_feed", "looks_like_html", "parse_jsonl_line",
    "read_path", "sources_only",
]
