"""Fetching pages and feeds over HTTP for ``derek ingest URL…``, ``--feeds`` and ``derek watch``.

- ``client``: the polite fetcher (timeouts, retries, redirects, rate limit, robots.txt, caps,
  conditional requests);
- ``state``: the raw pages and per-URL fetch state kept in the corpus database;
- ``harvest``: URLs and feeds → fetched pages → ``Ingestor``; ``watch``: polling feeds.
"""

from __future__ import annotations

from .client import USER_AGENT, Fetcher, FetchOptions, Response
from .errors import FetchError

__all__ = ["USER_AGENT", "FetchError", "FetchOptions", "Fetcher", "Response"]
