"""Concurrent writers: real `derek ingest` processes on one database end as one writer would.

SQLite always; PostgreSQL when ``DEREK_TEST_PG`` names a server (each test makes its own database).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from derek.corpus import queries
from derek.corpus.store import Store, create_database, drop_database

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "src" / "derek" / "demo"
DEREK = str(Path(sys.executable).with_name("derek"))
COUNTED = ("articles", "persons", "organizations", "stories", "quotes", "failures")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request, tmp_path):
    """A function that gives the URL of a new empty database on this backend."""
    made: list[str] = []
    server = os.environ.get("DEREK_TEST_PG")
    if request.param == "postgresql" and not server:
        pytest.skip("DEREK_TEST_PG is not set")

    def fresh() -> str:
        if request.param == "sqlite":
            return "sqlite:///" + str(tmp_path / f"{uuid.uuid4().hex}.db")
        made.append(f"derek_cc_{uuid.uuid4().hex[:12]}")
        return create_database(server, made[-1])

    yield fresh
    for name in made:
        drop_database(server, name)


def _counts(url: str) -> dict[str, int]:
    with Store(url) as s:
        c = queries.stats(s)["counts"]
    return {k: c[k] for k in COUNTED}


def _ingest_together(url: str, inputs: list[list[str]]) -> list[subprocess.CompletedProcess]:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", DEREK_DB=url)
    procs = [subprocess.Popen([DEREK, "ingest", "--json", "--batch", "3", *paths], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for paths in inputs]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=600)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout.decode(), stderr.decode()))
    return out


def test_three_writers_on_overlapping_inputs_end_as_one(fresh_url):
    txt = sorted(str(p) for p in DEMO.glob("*.txt"))[:7]
    jsonl = str(DEMO / "demo.jsonl")
    clean = fresh_url()
    (one,) = _ingest_together(clean, [[*txt, jsonl]])
    assert one.returncode == 0, one.stderr
    url = fresh_url()
    runs = _ingest_together(url, [[*txt, jsonl], [jsonl, *reversed(txt)], [*txt[5:], jsonl, *txt[:5]]])
    for r in runs:
        assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    summaries = [json.loads(r.stdout) for r in runs]
    assert sum(s["new"] for s in summaries) == json.loads(one.stdout)["new"]  # each article stored once
    assert all(s["failed"] == 0 for s in summaries)
    assert _counts(url) == _counts(clean)


def test_writers_on_a_fresh_database_do_not_race_on_the_migrations(fresh_url):
    url = fresh_url()
    code = "import sys; from derek.corpus.store import Store; Store(sys.argv[1]).close(); print('ok')"
    procs = [subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    results = [(p.wait(timeout=120), p.stdout.read().decode(), p.stderr.read().decode()) for p in procs]
    assert [(rc, out.strip()) for rc, out, _ in results] == [(0, "ok")] * 4, [err for *_, err in results]
    with Store(url) as s:
        assert s.revision() and queries.stats(s)["counts"]["articles"] == 0


def test_a_sqlite_writer_waits_for_the_one_holding_the_lock(tmp_path):
    url = "sqlite:///" + str(tmp_path / "busy.db")
    store = Store(url)
    held = threading.Event()

    def hold() -> None:
        with store.write() as conn:
            conn.execute(text("INSERT INTO stories(title, articles) VALUES ('held', 0)"))
            held.set()
            time.sleep(3)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(10)
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    r = subprocess.run([DEREK, "ingest", "--db", url, "--json", str(DEMO / "01-pavlodar-akim.txt")], env=env,
                       capture_output=True, text=True, timeout=300, check=False)
    t.join()
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout)["new"] == 1
    assert _counts(url)["articles"] == 1 and _counts(url)["stories"] == 2
    store.close()


def test_a_failed_batch_leaves_nothing_half_written(tmp_path):
    """One write transaction per batch: an error after the first article rolls back the whole batch."""
    from derek.corpus.ingest import Ingestor

    url = "sqlite:///" + str(tmp_path / "atomic.db")
    store = Store(url)
    ing = Ingestor(store, batch_size=8)

    real = ing._write_locked

    def boom(conn, items):
        real(conn, items)  # every article of the batch written, then the commit never comes
        raise RuntimeError("the disk is gone")

    ing._write_locked = boom
    docs = [(DEMO / f).read_text(encoding="utf-8") for f in ("01-pavlodar-akim.txt", "03-minister-energy.txt")]
    with pytest.raises(RuntimeError):
        ing.add_many(docs)
    assert _counts(url)["articles"] == 0 and _counts(url)["stories"] == 0
    store.close()
