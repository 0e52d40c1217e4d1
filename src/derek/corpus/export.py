"""Export the corpus as tables: articles, people, positions, quotes (JSON Lines, CSV or Parquet)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from . import models as m
from .store import Store

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("articles", "people", "positions", "quotes")


def _rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    a, p, po, q, o = m.articles, m.persons, m.positions, m.quotes, m.organizations
    if table == "articles":
        stmt = select(a.c.id, a.c.url, a.c.title, a.c.published, a.c.outlet, a.c.source, a.c.lang,
                      a.c.story_id, a.c.text).order_by(a.c.seq)
    elif table == "people":
        stmt = select(p.c.id, p.c.name, p.c.first, p.c.middle, p.c.last, p.c.gender, p.c.articles,
                      p.c.mentions, p.c.first_seen, p.c.last_seen).order_by(p.c.id)
    elif table == "positions":
        stmt = (select(po.c.id, po.c.person_id, p.c.name.label("person"), po.c.title, po.c.org, po.c.org_id,
                       o.c.name.label("org_canonical"), po.c.place, po.c.tense, po.c.day, po.c.article_id,
                       po.c.evidence)
                .join(p, p.c.id == po.c.person_id).outerjoin(o, o.c.id == po.c.org_id).order_by(po.c.id))
    elif table == "quotes":
        stmt = (select(q.c.id, q.c.article_id, q.c.day, q.c.person_id, p.c.name.label("person"), q.c.org_id,
                       q.c.speaker, q.c.kind, q.c.text, q.c.cue, q.c.start, q.c.end)
                .outerjoin(p, p.c.id == q.c.person_id).order_by(q.c.id))
    else:
        raise ValueError(f"unknown table {table!r}")
    with store.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1000).execute(stmt)
        for r in result.mappings():
            yield dict(r)


def export(store: Store, out_dir: str | Path, fmt: str = "jsonl",
           tables: tuple[str, ...] = TABLES) -> dict[str, dict[str, Any]]:
    """Write one file per table into ``out_dir``; returns {table: {"path", "rows"}}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    done: dict[str, dict[str, Any]] = {}
    for t in tables:
        path = out / f"{t}.{fmt}"
        n = 0
        if fmt == "jsonl":
            with path.open("w", encoding="utf-8") as fh:
                for r in _rows(store, t):
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                    n += 1
        elif fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as fh:
                w: csv.DictWriter | None = None
                for r in _rows(store, t):
                    if w is None:
                        w = csv.DictWriter(fh, fieldnames=list(r))
                        w.writeheader()
                    w.writerow(r)
                    n += 1
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = list(_rows(store, t))
            n = len(rows)
            table = pa.Table.from_pylist(rows) if rows else pa.table({})
            pq.write_table(table, path)
        done[t] = {"path": str(path), "rows": n}
    return done
