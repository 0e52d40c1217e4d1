"""Running derek over an evaluation set: batched, one failing document does not stop the rest."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from ..article import Article

log = logging.getLogger("derek.evaluate")


def run_pipeline(records: Sequence[dict[str, Any]], pipeline: Any = None, names: Sequence[str] = ()) -> list[Article]:
    """One Article per record (``{"text": …, "url": …}``), in order, through ``Pipeline.map``.

    A batch that fails is retried document by document; a document that still
    fails is logged and gets an empty Article, so it scores as an empty response.
    """
    if pipeline is None:
        from ..pipeline import default_pipeline

        pipeline = default_pipeline()
    size = max(1, int(getattr(pipeline, "batch_size", 16)))
    out: list[Article] = []
    for i in range(0, len(records), size):
        chunk = records[i:i + size]
        try:
            out.extend(pipeline.map(chunk))
            continue
        except Exception as e:  # noqa: BLE001 - retried one by one below
            log.warning("a batch failed (%s); retrying its documents one by one", e)
        for j, rec in enumerate(chunk):
            try:
                out.append(pipeline.extract(rec))
            except Exception as e:  # noqa: BLE001 - the document scores as empty
                name = names[i + j] if i + j < len(names) else f"document {i + j}"
                log.error("%s: derek failed (%s); scored as an empty response", name, e)
                out.append(Article(text=rec.get("text") or ""))
    return out
