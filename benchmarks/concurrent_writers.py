"""N concurrent ``derek ingest`` processes on overlapping inputs end in the state of one clean run.

Inputs: ``../shared/data/kznews``, the demo corpus (``src/derek/demo``) and the seed article.
For each backend (SQLite always; PostgreSQL with ``--pg URL`` or ``$DEREK_TEST_PG``): one clean
run into a fresh database, then for each N in ``--writers`` (default 3 and 5) a fresh database
and N ``derek ingest`` processes started together, each given all the inputs in its own order
(rotated), in small batches so that their writes interleave. Printed: a table of the final
counts (articles, persons, organizations, stories, quotes, unresolved failures) against the
clean run, the processes that crashed (non-zero exit other than «some inputs failed», or a
traceback on stderr) and whether everything matches.

    .venv/bin/python benchmarks/concurrent_writers.py [--writers 3,5] [--pg URL] [--batch 4] [--json]

Exit status 1 when any run differs from the clean run or any writer crashed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
DEREK = [str(Path(sys.executable).with_name("derek"))]
COUNTS = ("articles", "persons", "organizations", "stories", "quotes", "failures")
EXIT_SOME_FAILED = 1  # derek ingest: some inputs failed (they are recorded), the rest stored


def inputs() -> list[str]:
    return [str(DATA / "kznews"), str(ROOT / "src" / "derek" / "demo"), str(DATA / "seed" / "almaty-ank-30.txt")]


def rotated(items: list[str], k: int) -> list[str]:
    k %= len(items)
    return items[k:] + items[:k]


def counts(url: str) -> dict[str, int]:
    from derek.corpus import queries
    from derek.corpus.store import Store

    with Store(url) as s:
        c = queries.stats(s)["counts"]
    return {k: int(c[k]) for k in COUNTS}


def run_writers(url: str, n: int, batch: int) -> dict:
    """N ingest processes started at once; their exit codes and whether any printed a traceback."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", DEREK_DB=url)
    procs = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            err = open(Path(tmp) / f"w{i}.err", "w+b")  # noqa: SIM115 - closed below
            p = subprocess.Popen([*DEREK, "ingest", "--json", "--batch", str(batch), *rotated(inputs(), i)],
                                 stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
            procs.append((p, err))
        codes, tracebacks = [], 0
        for p, err in procs:
            codes.append(p.wait())
            err.seek(0)
            text = err.read().decode("utf-8", "replace")
            err.close()
            if "Traceback" in text:
                tracebacks += 1
    crashed = sum(1 for c in codes if c not in (0, EXIT_SOME_FAILED))
    return {"codes": codes, "crashed": crashed, "tracebacks": tracebacks, "wall_s": round(time.perf_counter() - t0, 1)}


def fresh_sqlite(tmp: str, name: str) -> str:
    return "sqlite:///" + str(Path(tmp) / f"{name}.db")


def fresh_pg(server: str, name: str) -> str:
    from derek.corpus.store import create_database

    return create_database(server, name)


def bench_backend(backend: str, fresh, writers: list[int], batch: int) -> list[dict]:
    rows = []
    url = fresh("clean")
    clean_run = run_writers(url, 1, batch)
    clean = counts(url)
    rows.append({"backend": backend, "writers": 1, **clean, **clean_run, "same": True})
    for n in writers:
        url = fresh(f"writers{n}")
        run = run_writers(url, n, batch)
        got = counts(url)
        rows.append({"backend": backend, "writers": n, **got, **run,
                     "same": got == clean and run["crashed"] == 0 and run["tracebacks"] == 0})
    return rows


def table(rows: list[dict]) -> str:
    head = ["backend", "writers", *COUNTS, "crashed", "tracebacks", "wall_s", "same as 1"]
    lines = [" | ".join(head), " | ".join("---" for _ in head)]
    for r in rows:
        lines.append(" | ".join(str(x) for x in [r["backend"], r["writers"], *(r[k] for k in COUNTS), r["crashed"],
                                                 r["tracebacks"], r["wall_s"], "yes" if r["same"] else "NO"]))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", default="3,5", help="comma-separated numbers of concurrent writers")
    ap.add_argument("--pg", default=os.environ.get("DEREK_TEST_PG"), help="a PostgreSQL server URL")
    ap.add_argument("--batch", type=int, default=4, help="documents per committed batch")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend only")
    args = ap.parse_args()
    writers = [int(x) for x in args.writers.split(",") if x.strip()]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "sqlite"):
            rows += bench_backend("sqlite", lambda name: fresh_sqlite(tmp, name), writers, args.batch)
        if args.pg and args.only in (None, "postgresql"):
            names: list[str] = []

            def fresh(name: str) -> str:
                names.append(f"derek_cw_{name}")
                return fresh_pg(args.pg, names[-1])

            try:
                rows += bench_backend("postgresql", fresh, writers, args.batch)
            finally:
                from derek.corpus.store import drop_database

                for nm in names:
                    drop_database(args.pg, nm)
        elif args.only == "postgresql":
            print("no PostgreSQL server: give --pg URL or set DEREK_TEST_PG", file=sys.stderr)
            return 2
    print(json.dumps(rows, ensure_ascii=False) if args.json else table(rows))
    return 0 if all(r["same"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
