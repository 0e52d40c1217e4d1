"""The per-chunk work both engines share: records → Articles, a failure → an error row."""

from __future__ import annotations

import inspect
import logging
import os
from typing import Any

from ..errors import DerekError
from .io import Item

log = logging.getLogger("derek.batch")


def pin_blas_threads() -> None:
    """One BLAS thread per worker: processes scale, threads only fight over the cores."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # pragma: no cover - threadpoolctl is a dependency; be lenient all the same
        log.debug("threadpoolctl could not pin BLAS threads", exc_info=True)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, DerekError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


_FROM_RECORD_TAKES_NAME: bool | None = None


def to_source(record: dict[str, Any], name: str) -> Any:
    """The reader's Source for a record (``derek.read.from_record``), naming the input in its errors."""
    global _FROM_RECORD_TAKES_NAME
    from ..read import from_record

    if _FROM_RECORD_TAKES_NAME is None:
        _FROM_RECORD_TAKES_NAME = "name" in inspect.signature(from_record).parameters
    return from_record(record, name=name) if _FROM_RECORD_TAKES_NAME else from_record(record)


def process(pipeline: Any, items: list[Item]) -> list[dict[str, Any]]:
    """Run a chunk through the pipeline; one output row per item, in order.

    The chunk runs as one batch (stages batch across documents); if that batch
    fails, the documents are run one by one so that only the bad one becomes an
    error row.
    """
    rows: list[dict[str, Any] | None] = [None] * len(items)
    works, where = [], []
    for i, it in enumerate(items):
        if it.error is not None or it.record is None:
            rows[i] = {"id": it.id, "error": it.error or "no record"}
            continue
        try:
            works.append(pipeline.start(to_source(it.record, it.name)))
            where.append(i)
        except Exception as e:
            log.warning("%s: %s", it.name, error_text(e))
            rows[i] = {"id": it.id, "error": error_text(e)}
    try:
        done = pipeline.run(works) if works else []
        for i, w in zip(where, done, strict=True):
            rows[i] = {"id": items[i].id, "article": w.article.to_dict()}
    except Exception:
        log.debug("batch of %d failed; retrying one by one", len(works), exc_info=True)
        for i in where:
            it = items[i]
            try:
                # start again: a stage may have changed the Work before failing
                one = pipeline.run([pipeline.start(to_source(it.record or {}, it.name))])[0]
                rows[i] = {"id": it.id, "article": one.article.to_dict()}
            except Exception as e:
                log.warning("%s: %s", it.name, error_text(e))
                rows[i] = {"id": it.id, "error": f"{it.name}: {error_text(e)}"}
    return [r for r in rows if r is not None]
