"""Files and folders → a stream of ``Source`` (or ``InputError``) for ingest and extract."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from .core import from_bytes, from_record, read_file_bytes
from .decode import MAX_BYTES, check_size
from .feed import FEED_MAX_BYTES, FEED_SUFFIXES, iter_feed, looks_like_feed
from .source import Source

log = logging.getLogger("derek.read")

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".json")
SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES + FEED_SUFFIXES


def iter_jsonl(path: Path, max_bytes: int | None = MAX_BYTES) -> Iterator[Source | InputError]:
    """One record a line; a bad line yields an ``InputError`` named ``file:line`` and reading goes on."""
    try:
        fh = path.open("rb")
    except OSError as e:
        yield InputError(str(path), f"cannot read: {e.strerror or e}", code="E107")
        return
    with fh:
        for n, raw in enumerate(fh, 1):
            name = f"{path}:{n}"
            if not raw.strip():
                continue
            try:
                check_size(len(raw), name, max_bytes)
                try:
                    line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError:
                    raise InputError(name, "not UTF-8 (JSON Lines must be UTF-8)", code="E103") from None
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(name, f"malformed JSON: {e.msg} at column {e.colno}", code="E106") from None
                yield from_record(rec, name=name)
            except InputError as e:
                yield e


def _iter_json(path: Path, max_bytes: int | None) -> Iterator[Source | InputError]:
    name = str(path)
    data = read_file_bytes(path, name, max_bytes)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        yield InputError(name, f"malformed JSON: {e}", code="E106")
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records, 1):
        try:
            yield from_record(rec, name=name if len(records) == 1 else f"{name}[{i}]")
        except InputError as e:
            yield e


def _iter_file(path: Path, max_bytes: int | None) -> Iterator[Source | InputError]:
    name = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            if not path.is_file():
                raise InputError(name, "no such file", code="E107")
            yield from iter_jsonl(path, max_bytes)
            return
        if suffix == ".json":
            yield from _iter_json(path, max_bytes)
            return
        if suffix in FEED_SUFFIXES:
            data = read_file_bytes(path, name, FEED_MAX_BYTES if max_bytes else None)
            if looks_like_feed(data):
                yield from iter_feed(data, name, feed_path=path)
                return
            check_size(len(data), name, max_bytes)
            yield from_bytes(data, name=name, max_bytes=max_bytes)
            return
        data = read_file_bytes(path, name, FEED_MAX_BYTES if max_bytes else None)
        if suffix not in TEXT_SUFFIXES and looks_like_feed(data):
            yield from iter_feed(data, name, feed_path=path)
            return
        yield from_bytes(data, name=name, max_bytes=max_bytes)
    except InputError as e:
        yield e


def _walk(folder: Path) -> Iterator[Path]:
    for p in sorted(folder.iterdir()):
        if p.name.startswith("."):
            continue
        if p.is_dir():
            if p.name.endswith(".pages"):  # saved pages of a feed (see derek.read.feed)
                continue
            yield from _walk(p)
        elif p.suffix.lower() in SUFFIXES:
            yield p
        else:
            log.debug("%s: skipped (not %s)", p, "/".join(SUFFIXES))


def iter_sources(paths: Iterable[str | Path], max_bytes: int | None = MAX_BYTES) -> Iterator[Source | InputError]:
    """Every document in files and folders, in order; never raises for a bad input.

    - a folder is walked recursively (sorted, hidden entries skipped) for
      ``.txt``/``.text``/``.html``/``.htm``, ``.jsonl``/``.json`` and
      ``.xml``/``.rss``/``.atom`` files; ``*.pages`` folders are a feed's
      saved pages and are read through that feed only;
    - ``.txt``/``.html``: one document (encoding detected, HTML detected);
    - ``.jsonl``: one document a line (``text`` or ``html``, optional
      ``url``, ``title``, ``published``, ``source``); a bad line yields an
      ``InputError`` named ``file:line`` and the next lines are read;
    - ``.json``: one record, or a list of records;
    - RSS/Atom feeds (by extension, or sniffed in a file given by name):
      one document per item, see ``derek.read.feed``.

    A problem yields an ``InputError`` naming the input and the walk goes on.
    """
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for p in _walk(path):
                    yield from _iter_file(p, max_bytes)
            elif path.exists():
                yield from _iter_file(path, max_bytes)
            else:
                yield InputError(str(path), "no such file or folder", code="E107")
        except OSError as e:
            yield InputError(str(path), f"cannot read: {e.strerror or e}", code="E107")


def sources_only(items: Iterable[Source | InputError]) -> Iterator[Source]:
    """Drop (and log) the errors of ``iter_sources``."""
    for it in items:
        if isinstance(it, InputError):
            log.warning("%s", it)
        else:
            yield it
