"""Ingest throughput and database size, SQLite and PostgreSQL, single process.

Documents: the FactRuEval devset, the kznews articles and the demo corpus, repeated with
variations (a different header line, paragraphs rotated, about a fifth of the sentences dropped)
so that no copy is an exact duplicate; every copy has its own URL.

For each backend: a fresh database, ``Ingestor.add_many`` over N documents in batches (the same
path as ``derek ingest``), then the same N again (all duplicates: the speed of a resumed run).
Also the extraction alone over the same N documents, to show the store's share.

    .venv/bin/python benchmarks/ingest.py [--n 1000] [--batch 32] [--pg URL] [--json]

PostgreSQL: ``--pg`` or ``$DEREK_TEST_PG`` (a database ``derek_bench`` is created there and dropped).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def base_documents() -> list[dict]:
    docs: list[dict] = []
    for p in sorted((DATA / "factru2016" / "devset").glob("*.txt")):
        docs.append({"text": p.read_text(encoding="utf-8")})
    for p in sorted((DATA / "kznews").glob("*.json")):
        rec = json.loads(p.read_text(encoding="utf-8"))
        docs.append({"text": rec["text"]})
    for p in sorted((ROOT / "src" / "derek" / "demo").glob("*.txt")):
        docs.append({"text": p.read_text(encoding="utf-8")})
    return [d for d in docs if d["text"].strip()]


def variant(doc: dict, k: int, rng: random.Random) -> dict:
    paras = [p for p in re.split(r"\n\s*\n", doc["text"]) if p.strip()]
    if len(paras) > 2:
        r = k % len(paras)
        paras = paras[:1] + paras[1:][r:] + paras[1:][:r]
    out = []
    for para in paras:
        sents = re.split(r"(?<=[.!?])\s+", para)
        kept = [s for s in sents if rng.random() > 0.2] or sents[:1]
        out.append(" ".join(kept))
    text = f"Выпуск {k}, лента {rng.randrange(10**6)}.\n\n" + "\n\n".join(out)
    return {"text": text, "url": f"https://bench.example.kz/{k}", "published": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}"}


def documents(n: int) -> list[dict]:
    base = base_documents()
    rng = random.Random(7)
    return [variant(base[i % len(base)], i, rng) for i in range(n)]


def run_backend(name: str, url: str, docs: list[dict], batch: int, pipeline) -> dict:
    from derek.corpus.ingest import Ingestor
    from derek.corpus.store import Store

    store = Store(url)
    empty = store.size_bytes()
    ing = Ingestor(store, pipeline, batch_size=batch)
    t = time.perf_counter()
    res = ing.add_many(docs)
    dt = time.perf_counter() - t
    t = time.perf_counter()
    again = ing.add_many(docs)
    dt_again = time.perf_counter() - t
    if store.dialect == "sqlite":
        with store.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size = store.size_bytes()
    store.close()
    n = res.new
    return {"backend": name, "documents": len(docs), "new": res.new, "duplicate": res.duplicate,
            "failed": res.failed, "seconds": round(dt, 2), "articles_per_minute": round(60 * n / dt, 1),
            "rerun_seconds": round(dt_again, 2), "rerun_duplicates": again.duplicate,
            "rerun_docs_per_minute": round(60 * len(docs) / dt_again, 1),
            "size_bytes": size, "empty_bytes": empty,
            "mb_per_1000_articles": round((size - empty) / n * 1000 / 2**20, 2) if n else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="documents to ingest per backend")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--pg", default=os.environ.get("DEREK_TEST_PG"), help="PostgreSQL server URL")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--json-out", help="also write the JSON report to this file")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print("benchmarks/ingest.py: ../shared/data is absent", file=sys.stderr)
        return 2

    from derek import Pipeline
    from derek.corpus.store import create_database, drop_database

    pipeline = Pipeline()
    pipeline.extract("Прогрев моделей: аким Алматы Ерболат Досаев провел совещание.")
    docs = documents(args.n)
    rows = []
    for b in args.backends.split(","):
        if b == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                rows.append(run_backend("SQLite", str(Path(tmp) / "bench.db"), docs, args.batch, pipeline))
        elif b == "postgresql":
            if not args.pg:
                print("PostgreSQL skipped: give --pg URL or set DEREK_TEST_PG", file=sys.stderr)
                continue
            url = create_database(args.pg, "derek_bench")
            try:
                rows.append(run_backend("PostgreSQL", url, docs, args.batch, pipeline))
            finally:
                drop_database(args.pg, "derek_bench")
    # the extraction alone over the same documents (after the runs above, so equally warm)
    t = time.perf_counter()
    for _ in pipeline.map(docs):
        pass
    dt_extract = time.perf_counter() - t
    rows.append({"backend": "extraction only (no store)", "documents": len(docs), "seconds": round(dt_extract, 2),
                 "articles_per_minute": round(60 * len(docs) / dt_extract, 1)})
    report = {"n": args.n, "batch": args.batch, "cpus": os.cpu_count(),
              "load_average_1min": round(os.getloadavg()[0], 2), "results": rows}
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"derek ingest: {args.n} documents, batches of {args.batch}, one process",
              caption=f"{report['cpus']} CPUs, load average {report['load_average_1min']} at the end")
    for c in ("backend", "new", "seconds", "articles/min", "re-run (all duplicates) docs/min", "MB per 1,000 articles"):
        t.add_column(c, justify="right" if c != "backend" else "left")
    for r in rows:
        t.add_row(r["backend"], str(r.get("new", "")), str(r["seconds"]), str(r["articles_per_minute"]),
                  str(r.get("rerun_docs_per_minute", "")), str(r.get("mb_per_1000_articles", "")))
    Console().print(t)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
