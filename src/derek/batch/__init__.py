"""Batch extraction over JSONL or Parquet: a local process pool, or Ray Data on a cluster.

>>> from derek.batch import run_batch, read_results
>>> stats = run_batch("in.jsonl", "out.jsonl", engine="local", workers=2)  # doctest: +SKIP
>>> rows = read_results("out.jsonl", sort=True)  # doctest: +SKIP

Each output row is ``{"id": ..., "article": Article.to_dict()}``, or
``{"id": ..., "error": "..."}`` for a row that could not be processed; a bad
row never stops the job.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import DerekError
from .io import ResultWriter, count_items, count_results, format_of, part_files, read_items, read_results

log = logging.getLogger("derek.batch")

ENGINES = ("local", "ray")

__all__ = ["ENGINES", "BatchStats", "count_items", "run_batch", "read_results", "format_of"]


@dataclass
class BatchStats:
    engine: str
    workers: int
    docs: int = 0  # output rows
    errors: int = 0
    chars: int = 0  # characters of the input texts/html read (local engine)
    wall_s: float = 0.0  # the whole run, model loading included
    ready_s: float = 0.0  # until every worker had its models loaded (local engine)
    out: str = ""

    @property
    def docs_per_s(self) -> float:
        """Throughput once the models are loaded (the whole run for the ray engine)."""
        busy = self.wall_s - self.ready_s
        return self.docs / busy if busy > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "docs_per_s": round(self.docs_per_s, 2)}


def _out_format(out: str | Path, in_fmt: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("jsonl", "parquet"):
            raise DerekError(f"unknown output format {fmt!r}", hint="use jsonl or parquet")
        return fmt
    try:
        found = format_of(out)
    except DerekError:
        found = in_fmt  # a new folder: the input's format
    return found if found in ("jsonl", "parquet") else "jsonl"


def run_batch(
    inp: str | Path,
    out: str | Path,
    engine: str = "local",
    workers: int | None = None,
    address: str | None = None,
    batch_size: int = 16,
    in_format: str | None = None,
    out_format: str | None = None,
    pipeline_factory: Callable[[], Any] | None = None,
    on_rows: Callable[[int, int], None] | None = None,
) -> BatchStats:
    """Extract every row of ``inp`` into ``out``; returns counts and timings.

    ``local``: ``workers`` processes (1 = in this process); ``out`` is a file,
    or a folder that gets ``part-00000.<fmt>``. ``ray``: ``out`` is a folder of
    parts written by Ray Data, on the cluster at ``address`` or on a local one
    with ``workers`` CPUs. ``pipeline_factory`` (a module-level function) builds
    the pipeline in each worker; by default ``Pipeline(batch_size=batch_size)``. ``on_rows(rows,
    errors)`` is called as output rows are made, for a progress bar.
    """
    if engine not in ENGINES:
        raise DerekError(f"unknown engine {engine!r}", hint=f"use one of {', '.join(ENGINES)}")
    in_fmt = format_of(inp, in_format)
    if not (engine == "ray" and "://" in str(inp)):  # a URI is Ray Data's to read
        part_files(inp, in_fmt)  # a missing or empty input fails here, before any output is made
    o_fmt = _out_format(out, in_fmt, out_format)
    t0 = time.perf_counter()
    if engine == "ray":
        from .ray_engine import run_ray

        run_ray(inp, out, in_fmt, o_fmt, workers=workers, address=address, batch_size=batch_size,
                factory=pipeline_factory, docs=read_items(inp, in_fmt) if in_fmt == "docs" else None,
                on_rows=on_rows)
        docs, errors = (0, 0) if "://" in str(out) else count_results(out, o_fmt)  # not counted on remote storage
        stats = BatchStats(engine="ray", workers=workers or 0, docs=docs, errors=errors, out=str(out))
        stats.wall_s = time.perf_counter() - t0
        return stats

    n = max(1, workers or 1)
    stats = BatchStats(engine="local", workers=n)

    def counted() -> Any:
        for it in read_items(inp, in_fmt):
            if it.record:
                stats.chars += len(it.record.get("text") or it.record.get("html") or "")
            yield it

    def ready() -> None:
        stats.ready_s = time.perf_counter() - t0

    from .local import run_local

    with ResultWriter(out, o_fmt) as w:
        def write(rows: list[dict[str, Any]]) -> None:
            stats.docs += len(rows)
            errors = sum(1 for r in rows if "error" in r)
            stats.errors += errors
            w.write(rows)
            if on_rows:
                on_rows(len(rows), errors)

        run_local(counted(), write, workers=n, batch_size=batch_size, on_ready=ready, factory=pipeline_factory)
        stats.out = str(w.path)
    stats.wall_s = time.perf_counter() - t0
    log.info("batch: %d docs, %d errors in %.1fs", stats.docs, stats.errors, stats.wall_s)
    return stats
