"""Files and folders → ``Source`` (or ``InputError``) for ingest and extract; ``read_path`` for one file."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from .core import file_status, from_bytes, from_record, read_file_bytes, safe_name, special_kind
from .decode import MAX_BYTES, check_size, size_text
from .feed import FEED_MAX_BYTES, FEED_SUFFIXES, iter_feed, looks_like_feed
from .source import Source

log = logging.getLogger("derek.read")

TEXT_SUFFIXES = (".txt", ".text", ".html", ".htm")
RECORD_SUFFIXES = (".jsonl", ".json")
SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES + FEED_SUFFIXES


def load_json(text: str, name: str) -> Any:
    """``json.loads`` with its failures as ``InputError`` E106 naming the input: malformed JSON,
    and JSON nested so deep that the parser would overflow (RecursionError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(name, f"malformed JSON: {e.msg} at column {e.colno}", code="E106") from None
    except RecursionError:
        raise InputError(name, "malformed JSON: nested too deep", code="E106") from None


def parse_jsonl_line(raw: bytes, name: str, *, first: bool = False, max_bytes: int | None = MAX_BYTES) -> Source:
    """One JSON Lines record → ``Source``, exactly as ``derek ingest`` and ``derek extract`` read it:
    at most ``max_bytes`` (E104), UTF-8 (a BOM allowed on the ``first`` line; other bytes E103),
    valid JSON not nested too deep (E106), an object with ``text`` or ``html`` (E106); text cleaned
    of NUL and lone surrogates. ``name`` is the input's name in errors (``file:line``).
    This is the reader ``derek batch`` shares; its signature is kept stable."""
    check_size(len(raw), name, max_bytes)
    try:
        line = raw.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 (JSON Lines must be UTF-8)", code="E103") from None
    return from_record(load_json(line, name), name=name)


def iter_jsonl(path: Path, max_bytes: int | None = MAX_BYTES) -> Iterator[Source | InputError]:
    """One record a line; a bad line yields an ``InputError`` named ``file:line`` and reading goes on."""
    fname = safe_name(path)
    try:
        st = file_status(path, fname)
        kind = special_kind(st.st_mode)
        if kind:
            raise InputError(fname, f"not a regular file but {kind}; skipped", code="E114")
        fh = path.open("rb")
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(fname, f"cannot read: {e.strerror or e}", code="E107")
        return
    limit = None if max_bytes is None else max_bytes + 1
    with fh:
        n = 0
        while True:
            raw = fh.readline(limit) if limit else fh.readline()
            if not raw:
                break
            n += 1
            name = f"{fname}:{n}"
            if limit and len(raw) >= limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line unread
                    raw = fh.readline(limit)
                yield InputError(name, f"too large: a line over {size_text(max_bytes or 0)}", code="E104")
                continue
            if not raw.strip():
                continue
            try:
                yield parse_jsonl_line(raw, name, first=n == 1, max_bytes=max_bytes)
            except InputError as e:
                yield e


def _iter_json(path: Path, max_bytes: int | None) -> Iterator[Source | InputError]:
    name = safe_name(path)
    data = read_file_bytes(path, name, max_bytes)
    try:
        doc = load_json(data.decode("utf-8-sig"), name)
    except UnicodeDecodeError as e:
        yield InputError(name, f"not UTF-8 (JSON must be UTF-8): {e.reason}", code="E103")
        return
    except InputError as e:
        yield e
        return
    records = doc if isinstance(doc, list) else [doc]
    for i, rec in enumerate(records, 1):
        try:
            yield from_record(rec, name=name if len(records) == 1 else f"{name}[{i}]")
        except InputError as e:
            yield e


def _iter_file(path: Path, max_bytes: int | None) -> Iterator[Source | InputError]:
    name = safe_name(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
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


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """The files to read under ``folder``, sorted; a folder reached twice (a symlink loop or a link
    to a folder walked already), an unreadable folder and special files yield an ``InputError``
    naming them, and the walk goes on with the rest."""
    try:
        st = folder.stat()
        if (st.st_dev, st.st_ino) in seen:
            yield InputError(safe_name(folder), "a symlink loop: this folder is walked already; skipped",
                             code="E115")
            return
        seen.add((st.st_dev, st.st_ino))
        entries = sorted(folder.iterdir())
    except OSError as e:
        yield InputError(safe_name(folder), f"cannot read the folder: {e.strerror or e}; skipped", code="E107")
        return
    for p in entries:
        if p.name.startswith("."):
            continue
        try:
            mode = p.stat().st_mode
        except OSError:
            if p.suffix.lower() in SUFFIXES or p.is_symlink():
                yield p  # read_file_bytes names the problem (a broken link, a symlink loop)
            continue
        if stat.S_ISDIR(mode):
            if p.name.endswith(".pages"):  # saved pages of a feed (see derek.read.feed)
                continue
            yield from _walk(p, seen)
        elif p.suffix.lower() not in SUFFIXES:
            log.debug("%s: skipped (not %s)", safe_name(p), "/".join(SUFFIXES))
        elif special_kind(mode):
            yield InputError(safe_name(p), f"not a regular file but {special_kind(mode)}; skipped", code="E114")
        else:
            yield p


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

    A problem yields an ``InputError`` naming the input and the walk goes on: FIFOs, devices and
    sockets are skipped unopened (E114), a symlink loop or a folder reached twice is skipped
    (E115), an unreadable folder is reported (E107) and the folders after it are still walked;
    file names that are not UTF-8 are reported with ``\\xNN`` escapes.
    """
    seen: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        try:
            if path.is_dir():
                for p in _walk(path, seen):
                    if isinstance(p, InputError):
                        yield p
                    else:
                        yield from _iter_file(p, max_bytes)
            elif path.exists() or path.is_symlink():
                yield from _iter_file(path, max_bytes)
            else:
                yield InputError(safe_name(path), "no such file or folder", code="E107")
        except OSError as e:
            yield InputError(safe_name(path), f"cannot read: {e.strerror or e}", code="E107")


def sources_only(items: Iterable[Source | InputError]) -> Iterator[Source]:
    """Drop (and log) the errors of ``iter_sources``."""
    for it in items:
        if isinstance(it, InputError):
            log.warning("%s", it)
        else:
            yield it


def read_path(path: str | Path, max_bytes: int | None = MAX_BYTES) -> Source:
    """One article file (text or HTML, any supported encoding) → ``Source``.

    A ``.jsonl`` or feed file holding exactly one article is accepted too;
    for files with many articles use ``iter_sources``.
    """
    p = Path(path)
    if p.suffix.lower() in (".jsonl", ".json", ".xml", ".rss", ".atom"):
        items = list(iter_sources([p]))
        if len(items) == 1:
            if isinstance(items[0], InputError):
                raise items[0]
            return items[0]
        if not items:
            raise InputError(str(p), "no articles in it", code="E101")
        raise InputError(str(p), f"holds {len(items)} articles; read it with iter_sources()", code="E108")
    name = safe_name(p)
    return from_bytes(read_file_bytes(p, name, max_bytes), name=name, max_bytes=max_bytes)
