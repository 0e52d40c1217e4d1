"""Batch input and output: JSONL or Parquet, one file or a folder of parts; or documents.

Input rows carry ``text`` or ``html`` and optionally ``id``, ``url``, ``title``,
``published`` and ``source``. An input of documents (format ``docs``: ``.txt``, ``.html``,
``.json`` — one record or a list —, RSS/Atom feeds, or a folder of any of them with ``.jsonl``
dumps) is read by ``derek.read.iter_sources``, the reader ``derek ingest`` uses, one row per
document. A file that is not what its name claims (a pretty-printed JSON file named ``.jsonl``)
is refused with one error row naming it. Output rows are ``{"id", "article"}`` or
``{"id", "error"}``. In Parquet the article is stored as a JSON string column
(the Article's nested lists make a fragile Arrow schema; a string column reads
back the same everywhere).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..article import article_id
from ..errors import InputError

FORMATS = ("jsonl", "parquet", "docs")
OUT_FORMATS = ("jsonl", "parquet")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
DOC_SUFFIXES = (".txt", ".text", ".html", ".htm", ".json", ".xml", ".rss", ".atom")
RECORD_FIELDS = ("id", "text", "html", "url", "title", "published", "date", "source")
PARQUET_ROWS_PER_GROUP = 1000


@dataclass
class Item:
    """One input row on its way to a worker: the parsed record, or why it could not be parsed."""

    id: str
    name: str  # where it came from: "path:line" or "path#row"
    record: dict[str, Any] | None = None
    error: str | None = None


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format of a file or folder of parts: ``fmt`` if given, else by extension."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(str(path), f"unknown format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
        return fmt
    p = Path(path)
    if p.suffix.lower() in SUFFIXES:
        return SUFFIXES[p.suffix.lower()]
    if p.suffix.lower() in DOC_SUFFIXES:
        return "docs"
    if p.is_dir():
        files = [f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")]
        found = {SUFFIXES[f.suffix.lower()] for f in files if f.suffix.lower() in SUFFIXES}
        docs = any(f.suffix.lower() in DOC_SUFFIXES for f in files) or any(
            d.is_dir() and not d.name.startswith(".") for d in p.iterdir())
        if docs and "parquet" not in found:
            return "docs"  # documents, perhaps with .jsonl dumps: the reader ingest uses
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise InputError(str(path), "folder holds both JSONL and Parquet parts", hint="pass --format")
    raise InputError(str(path), "cannot tell the format from the name",
                     hint="name it .jsonl, .parquet, .json, .txt, .html or a feed, or pass --format")


def part_files(path: str | Path, fmt: str) -> list[Path]:
    """The files to read: the path itself, or the folder's parts of that format in name order."""
    p = Path(path)
    if p.is_file():
        return [p]
    if p.is_dir() and fmt == "docs":
        from ..read.walk import SUFFIXES as READ_SUFFIXES

        docs = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in READ_SUFFIXES
                      and not any(x.startswith(".") or x.endswith(".pages") for x in f.relative_to(p).parts[:-1])
                      and not f.name.startswith("."))
        if not docs:
            raise InputError(str(path), "folder holds no documents (.txt, .html, .json, .jsonl, feeds)")
        return docs
    if p.is_dir():
        parts = sorted(f for f in p.iterdir() if f.is_file() and SUFFIXES.get(f.suffix.lower()) == fmt)
        if not parts:
            raise InputError(str(path), f"folder holds no {fmt} files")
        return parts
    raise InputError(str(path), "no such file or folder")


def record_id(record: dict[str, Any] | None, raw: str = "") -> str:
    """The row's ``id`` if it has one, else a stable hash of its content (the same on every engine)."""
    if isinstance(record, dict):
        rid = record.get("id")
        if rid is not None and rid != "":
            return str(rid)
        body = record.get("text") or record.get("html") or ""
        return article_id(str(body), record.get("title") if isinstance(record.get("title"), str) else None)
    return article_id(raw)


def parse_line(line: str, name: str) -> Item:
    """One JSONL line → an Item; a malformed line becomes an Item with an error, never an exception."""
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        err = InputError(name, f"malformed JSON: {e.msg} (column {e.colno})")
        return Item(id=record_id(None, line), name=name, error=str(err))
    if not isinstance(rec, dict):
        err = InputError(name, f"a row must be a JSON object, not {type(rec).__name__}")
        return Item(id=record_id(None, line), name=name, error=str(err))
    return check_record(rec, name)


def check_record(rec: dict[str, Any], name: str) -> Item:
    rec = {k: v for k, v in rec.items() if k in RECORD_FIELDS and v is not None}
    item = Item(id=record_id(rec), name=name, record=rec)
    text, html = rec.get("text"), rec.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        item.error = str(InputError(name, "row has no 'text' or 'html' with content", code="E106"))
        item.record = None
    return item


def not_jsonl(part: Path) -> str | None:
    """Why a file named JSON Lines is not one (its first line is not a whole JSON object), or None."""
    with open(part, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            try:
                ok = isinstance(json.loads(line), dict)
            except json.JSONDecodeError:
                ok = False
            if ok:
                return None
            first = line.strip()[:40]
            return (f"not JSON Lines: its first line ({first!r}) is not a JSON object; a pretty-printed JSON "
                    "file is one document: name it .json")
    return None


def source_item(src: Any, name: str) -> Item:
    """A document the reader made (``derek.read.Source``) as an input row."""
    rec = {k: getattr(src, k) for k in ("text", "url", "title", "published", "source") if getattr(src, k)}
    return check_record(rec, name)


def read_docs(path: str | Path) -> Iterator[Item]:
    """Documents through ``derek.read.iter_sources`` (the reader ``derek ingest`` uses); a ``.jsonl``
    among them as JSON Lines rows (keeping their ``id``), refused whole when it is not JSON Lines."""
    from ..read import iter_sources

    p = Path(path)
    files = part_files(p, "docs") if p.is_dir() else [p]
    for f in files:
        if f.suffix.lower() in (".jsonl", ".ndjson"):
            yield from _jsonl_items(f)
            continue
        for n, it in enumerate(iter_sources([f]), 1):
            if isinstance(it, InputError):
                yield Item(id=record_id(None, str(it)), name=it.input_name, error=str(it))
            else:
                yield source_item(it, it.name or f"{f}#{n}")


def _jsonl_items(part: Path) -> Iterator[Item]:
    why = not_jsonl(part)
    if why:
        err = InputError(str(part), why, code="E106")
        yield Item(id=record_id(None, str(part)), name=str(part), error=str(err))
        return
    with open(part, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                yield parse_line(line.rstrip("\r\n"), f"{part}:{n}")


def read_items(path: str | Path, fmt: str | None = None) -> Iterator[Item]:
    """Stream the input rows; memory stays bounded by one Parquet record batch."""
    fmt = format_of(path, fmt)
    if fmt == "docs":
        yield from read_docs(path)
        return
    for part in part_files(path, fmt):
        if fmt == "jsonl":
            yield from _jsonl_items(part)
        else:
            import pyarrow.parquet as pq

            row = 0
            for rb in pq.ParquetFile(part).iter_batches(batch_size=256):
                cols = [c for c in rb.schema.names if c in RECORD_FIELDS]
                for rec in rb.select(cols).to_pylist():
                    yield check_record(rec, f"{part}#{row}")
                    row += 1


def count_items(path: str | Path, fmt: str | None = None) -> int | None:
    """How many input rows ``read_items`` will yield, counted up front (None when it cannot tell
    cheaply): JSONL lines, Parquet rows, documents (see :func:`count_documents`)."""
    fmt = format_of(path, fmt)
    if fmt == "docs":
        return count_documents([path])
    n = 0
    for part in part_files(path, fmt):
        if fmt == "jsonl":
            n += 1 if not_jsonl(part) else count_lines(part)
        else:
            import pyarrow.parquet as pq

            n += pq.ParquetFile(part).metadata.num_rows
    return n


def count_lines(path: Path) -> int:
    n = 0
    with open(path, "rb") as f:
        for line in f:
            n += bool(line.strip())
    return n


def count_documents(paths: list[str | Path]) -> int:
    """Documents in files and folders as ``derek.read.iter_sources`` reads them: a line of a
    ``.jsonl``, an item of a feed, a record of a ``.json`` list, else one a file."""
    from ..read.walk import SUFFIXES as READ_SUFFIXES

    n = 0
    for raw in paths:
        p = Path(raw)
        try:
            files = [p] if p.is_file() else part_files(p, "docs") if p.is_dir() else []
        except InputError:
            files = []
        for f in files:
            suffix = f.suffix.lower()
            if suffix not in READ_SUFFIXES and p.is_dir():
                continue
            n += _documents_in(f, suffix)
        if not p.exists():
            n += 1  # an error row
    return n


def _documents_in(f: Path, suffix: str) -> int:
    try:
        if suffix in (".jsonl", ".ndjson"):
            return 1 if not_jsonl(f) else max(1, count_lines(f))
        if suffix in (".xml", ".rss", ".atom"):
            head = f.read_bytes()
            return max(1, head.count(b"<item") + head.count(b"<entry"))
        if suffix == ".json":
            with open(f, "rb") as fh:
                head = fh.read(256).lstrip(b"\xef\xbb\xbf \t\r\n")
            if head[:1] == b"[":  # a list of records: parsed to count them
                doc = json.loads(f.read_bytes().decode("utf-8-sig"))
                return max(1, len(doc)) if isinstance(doc, list) else 1
    except (OSError, ValueError):
        return 1
    return 1


# -- output -------------------------------------------------------------

def result_line(row: dict[str, Any]) -> str:
    """An output row as one JSONL line."""
    return json.dumps(row, ensure_ascii=False)


def parquet_schema() -> Any:
    import pyarrow as pa

    return pa.schema([("id", pa.string()), ("article", pa.string()), ("error", pa.string())])


def parquet_table(rows: list[dict[str, Any]]) -> Any:
    """Output rows as an Arrow table: id, article (JSON text, null on error), error (null on success)."""
    import pyarrow as pa

    return pa.table(
        {
            "id": [r["id"] for r in rows],
            "article": [json.dumps(r["article"], ensure_ascii=False) if "article" in r else None for r in rows],
            "error": [r.get("error") for r in rows],
        },
        schema=parquet_schema(),
    )


class ResultWriter:
    """Writes output rows to a JSONL or Parquet file (or ``part-00000`` in a folder)."""

    def __init__(self, path: str | Path, fmt: str) -> None:
        p = Path(path)
        if p.suffix.lower() not in SUFFIXES:
            p.mkdir(parents=True, exist_ok=True)
            p = p / f"part-00000.{fmt}"
        else:
            p.parent.mkdir(parents=True, exist_ok=True)
        self.path = p
        self.fmt = fmt
        self._buf: list[dict[str, Any]] = []
        if fmt == "jsonl":
            self._f = open(p, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        else:
            import pyarrow.parquet as pq

            self._pq = pq.ParquetWriter(p, parquet_schema())

    def write(self, rows: list[dict[str, Any]]) -> None:
        if self.fmt == "jsonl":
            for r in rows:
                self._f.write(result_line(r) + "\n")
        else:
            self._buf.extend(rows)
            if len(self._buf) >= PARQUET_ROWS_PER_GROUP:
                self._flush()

    def _flush(self) -> None:
        if self._buf:
            self._pq.write_table(parquet_table(self._buf))
            self._buf = []

    def close(self) -> None:
        if self.fmt == "jsonl":
            self._f.close()
        else:
            self._flush()
            self._pq.close()

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_results(path: str | Path, fmt: str | None = None, sort: bool = False) -> list[dict[str, Any]]:
    """Read a batch output (file or folder of parts, either engine) back as ``{"id", "article"|"error"}`` rows.

    ``sort=True`` orders them by id, so that outputs of different engines compare equal.
    """
    fmt = format_of(path, fmt)
    rows: list[dict[str, Any]] = []
    for part in part_files(path, fmt):
        if fmt == "jsonl":
            with open(part, encoding="utf-8") as f:
                rows.extend(json.loads(line) for line in f if line.strip())
        else:
            import pyarrow.parquet as pq

            for r in pq.read_table(part).to_pylist():
                out: dict[str, Any] = {"id": r["id"]}
                if r.get("article") is not None:
                    out["article"] = json.loads(r["article"])
                else:
                    out["error"] = r.get("error")
                rows.append(out)
    if sort:
        rows.sort(key=lambda r: str(r["id"]))
    return rows


def count_results(path: str | Path, fmt: str | None = None) -> tuple[int, int]:
    """(rows, error rows) of a batch output, streamed."""
    fmt = format_of(path, fmt)
    rows = errors = 0
    for part in part_files(path, fmt):
        if fmt == "jsonl":
            with open(part, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        rows += 1
                        errors += "error" in json.loads(line)
        else:
            import pyarrow.parquet as pq

            col = pq.read_table(part, columns=["error"]).column("error")
            rows += len(col)
            errors += len(col) - col.null_count
    return rows, errors
