"""The demo corpus: short news items written for derek in the style of Kazakhstan news.

All people and events are invented. The folder holds plain-text articles in
the usual saved-page layout (title, dateline, credits, body, source line,
portal boilerplate), two of them in Kazakh and one a repost of another with
a different portal's boilerplate; ``demo.jsonl`` (records with ``text`` or
``html``); and ``feed.xml``, an RSS feed whose second item has its full page
saved in ``feed.pages/`` (see ``derek.read.feed``).
"""

from __future__ import annotations

from pathlib import Path


def path() -> Path:
    """The demo corpus folder (give it to ``derek extract`` or ``derek ingest``)."""
    return Path(__file__).resolve().parent


def files() -> list[Path]:
    """The demo's input files, sorted (text articles, the JSONL file, the feed)."""
    return sorted(p for p in path().iterdir() if p.suffix in (".txt", ".jsonl", ".xml"))
