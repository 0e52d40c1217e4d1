"""Batch input and output: JSONL or Parquet, one file or a folder of parts.

Input rows carry ``text`` or ``html`` and optionally ``id``, ``url``, ``title``,
``published`` and ``source``. Output rows are ``{"id", "article"}`` or
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

FORMATS = ("jsonl", "parquet")
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
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
    if p.is_dir():
        found = {SUFFIXES[f.suffix.lower()] for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUFFIXES}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            raise InputError(str(path), "folder holds both JSONL and Parquet parts", hint="pass --format")
    raise InputError(str(path), "cannot tell the format from the name", hint="name it .jsonl or .parquet, or pass --format")


def part_files(path: str | Path, fmt: str) -> list[Path]:
    """The files to read: the path itself, or the folder's parts of that format in name order."""
    p = Path(path)
    if p.is_file():
        return [p]
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


def read_items(path: str | Path, fmt: str | None = None) -> Iterator[Item]:
    """Stream the input rows; memory stays bounded by one Parquet record batch."""
    fmt = format_of(path, fmt)
    for part in part_files(path, fmt):
        if fmt == "jsonl":
            with open(part, encoding="utf-8", errors="replace") as f:
                for n, line in enumerate(f, 1):
                    if line.strip():
                        yield parse_line(line.rstrip("\r\n"), f"{part}:{n}")
        else:
            import pyarrow.parquet as pq

            row = 0
            for rb in pq.ParquetFile(part).iter_batches(batch_size=256):
                cols = [c for c in rb.schema.names if c in RECORD_FIELDS]
                for rec in rb.select(cols).to_pylist():
                    yield check_record(rec, f"{part}#{row}")
                    row += 1


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
