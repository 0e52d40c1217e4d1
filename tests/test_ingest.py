"""Ingest: idempotent, resumable after a kill, reposts grouped as one story, failures recorded.

Runs on SQLite and on PostgreSQL (DEREK_TEST_PG, set by test.sh)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import KZNEWS, ROOT, need_shared
from derek.corpus import models as m
from derek.corpus import queries
from derek.corpus.ingest import Ingestor
from derek.corpus.store import Store, create_database, drop_database

DEMO = ROOT / "src" / "derek" / "demo"


@pytest.fixture(params=["sqlite", "postgresql"])
def make_store(request, tmp_path):
    """A factory of empty stores of one backend (several per test, for reference runs)."""
    made: list[tuple[Store, str | None]] = []
    server = os.environ.get("DEREK_TEST_PG")
    if request.param == "postgresql" and not server:
        pytest.skip("DEREK_TEST_PG is not set (test.sh starts PostgreSQL and sets it)")

    def make() -> Store:
        if request.param == "sqlite":
            s = Store(tmp_path / f"ingest{len(made)}.db")
            made.append((s, None))
        else:
            name = f"derek_ingest_{os.getpid()}_{len(made)}"
            s = Store(create_database(server, name))
            made.append((s, name))
        return s

    yield make
    for s, name in made:
        s.close()
        if name:
            drop_database(server, name)


def snapshot(store: Store) -> dict:
    """What a corpus holds, independent of row ids: counts and per-person article/mention totals."""
    with store.connect() as conn:
        people = sorted(conn.execute(select(m.persons.c.name, m.persons.c.articles, m.persons.c.mentions)).all())
        ids = sorted(conn.execute(select(m.articles.c.id)).scalars())
        n_links = conn.execute(select(func.count()).select_from(m.article_persons)).scalar()
    return {"stats": queries.stats(store)["counts"], "people": [tuple(p) for p in people], "articles": ids,
            "links": n_links}


def demo_texts() -> list[Path]:
    return sorted(DEMO.glob("*.txt"))


def test_idempotent(make_store, pipeline):
    store = make_store()
    ing = Ingestor(store, pipeline, batch_size=4)
    first = ing.ingest_paths([DEMO])
    assert first.new > 10 and first.failed == 0
    before = snapshot(store)
    again = ing.ingest_paths([DEMO])
    assert (again.new, again.duplicate, again.failed) == (0, first.new + first.duplicate, 0)
    assert snapshot(store) == before


def test_same_url_or_same_text_adds_nothing(make_store, pipeline, seed_text):
    store = make_store()
    ing = Ingestor(store, pipeline)
    r1 = ing.add({"text": seed_text, "url": "https://www.zakon.kz/a/1"})
    assert r1.status == "new"
    # the same text with other spacing and letter case, on another URL
    r2 = ing.add({"text": seed_text.replace("\n\n", "\n").upper(), "url": "https://other.kz/x"})
    assert (r2.status, r2.article_id) == ("duplicate", r1.article_id)
    assert "same text" in r2.reason
    # another text on the same URL (scheme, www. and a trailing slash do not matter)
    r3 = ing.add({"text": "Совсем другой текст о другом событии в Астане.", "url": "http://zakon.kz/a/1/"})
    assert (r3.status, r3.article_id) == ("duplicate", r1.article_id)
    assert queries.stats(store)["counts"]["articles"] == 1


def test_repost_pair_is_one_story(make_store, pipeline):
    store = make_store()
    res = Ingestor(store, pipeline).ingest_paths([DEMO / "05-pavlodar-meeting.txt", DEMO / "06-repost-pavlodar-meeting.txt",
                                                  DEMO / "01-pavlodar-akim.txt"])
    assert res.new == 3
    a5, a6, a1 = (r.article_id for r in res.results)
    s5, s6, s1 = (queries.get_article(store, a)["story"] for a in (a5, a6, a1))
    assert s5["id"] == s6["id"] != s1["id"]
    assert res.reposts == 1 and res.results[1].reason.startswith("a repost: joined story")
    assert {x["id"] for x in s5["articles"]} == {a5, a6}
    assert s5["original_outlet"] == "Ertis Aqparat"  # the repost names its source
    assert queries.stats(store)["counts"]["reposts"] == 1


def test_repost_on_two_outlets_with_other_boilerplate(make_store, pipeline, seed_text):
    store = make_store()
    body = seed_text.split("Источник:")[0]
    ing = Ingestor(store, pipeline)
    r1 = ing.add({"text": seed_text, "url": "https://www.zakon.kz/6500001-anc.html"})
    r2 = ing.add({"text": "Новости Алматы\n\n" + body + "\nИсточник: zakon.kz\nЧитайте нас в Instagram!\n",
                  "url": "https://almaty.tv/news/anc-30"})
    assert (r1.status, r2.status) == ("new", "new")
    assert r1.story_id == r2.story_id
    story = queries.get_article(store, r2.article_id)["story"]
    assert story["original_outlet"] == "zakon.kz"
    assert sorted(x["outlet"] for x in story["articles"]) == ["almaty.tv", "zakon.kz"]


class Interrupting:
    """The real pipeline, interrupted (as by Ctrl-C) when the n-th document reaches the NLP stages."""

    def __init__(self, pipeline, after: int) -> None:
        self.p, self.after, self.seen = pipeline, after, 0

    def start(self, doc, url=None):
        return self.p.start(doc, url=url)

    def run(self, works):
        self.seen += len(works)
        if self.seen > self.after:
            raise KeyboardInterrupt
        return self.p.run(works)


def corpus_paths() -> list[Path]:
    need_shared()
    return [DEMO, KZNEWS]


def test_interrupted_ingest_resumes_exactly(make_store, pipeline):
    reference = make_store()
    ref = Ingestor(reference, pipeline, batch_size=5).ingest_paths(corpus_paths())
    store = make_store()
    with pytest.raises(KeyboardInterrupt):
        Ingestor(store, Interrupting(pipeline, after=12), batch_size=5).ingest_paths(corpus_paths())
    stored = queries.stats(store)["counts"]["articles"]
    assert stored == 10  # two committed batches; the third was in flight and is not half-written
    again = Ingestor(store, pipeline, batch_size=5).ingest_paths(corpus_paths())
    assert again.duplicate == stored and again.new == ref.new - stored
    assert snapshot(store) == snapshot(reference)


def test_killed_process_resumes(tmp_path):
    """A real `derek ingest` process killed mid-run, then run again: nothing lost, nothing twice."""
    need_shared()
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-c", "from derek.cli import main; main()", "ingest", str(DEMO), str(KZNEWS), "--db", str(db), "--batch", "2",
           "--json"]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        n = 0
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    import sqlite3

                    with sqlite3.connect(db) as c:
                        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
                except sqlite3.Error:
                    n = 0
                if n >= 4:
                    break
            time.sleep(0.05)
        proc.kill()
    finally:
        proc.wait()
    assert proc.returncode != 0, "the run ended before it could be killed"
    store = Store(db)
    killed_at = queries.stats(store)["counts"]["articles"]
    assert killed_at >= 4
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    summary = json.loads(out)
    assert summary["duplicate"] == killed_at
    assert summary["new"] + summary["duplicate"] == summary["counts"]["articles"]
    # the same as one uninterrupted run
    ref = Store(tmp_path / "ref.db")
    Ingestor(ref).ingest_paths([DEMO, KZNEWS])
    assert snapshot(store) == snapshot(ref)


def test_failures_are_recorded_and_retried(make_store, pipeline, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(DEMO / "01-pavlodar-akim.txt", folder / "good.txt")
    lines = [json.dumps({"text": (DEMO / "02-government-heating.txt").read_text(encoding="utf-8")}, ensure_ascii=False),
             "{not json", json.dumps({"title": "no text"})]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = make_store()
    ing = Ingestor(store, pipeline, batch_size=2)
    res = ing.ingest_paths([folder])
    assert (res.new, res.failed) == (2, 4)
    failed = {r.input: r.reason for r in res.results if r.status == "failed"}
    assert set(failed) == {str(folder / "empty.txt"), str(folder / "binary.txt"), f"{folder / 'dump.jsonl'}:2",
                           f"{folder / 'dump.jsonl'}:3"}
    assert all(failed.values())
    assert sorted(ing.failed_inputs()) == sorted(failed)
    # the empty file gets its text; retrying reads only the failed inputs again
    shutil.copy(DEMO / "03-minister-energy.txt", folder / "empty.txt")
    retry = ing.retry_failed()
    assert (retry.new, retry.failed) == (1, 3)
    assert str(folder / "empty.txt") not in ing.failed_inputs()
    with store.connect() as conn:
        attempts = dict(conn.execute(select(m.failures.c.input, m.failures.c.attempts)).all())
    assert attempts[str(folder / "binary.txt")] == 2
    assert queries.stats(store)["counts"]["articles"] == 3


def test_cli_ingest_and_failures(tmp_path):
    from typer.testing import CliRunner

    from derek.cli import app

    db = str(tmp_path / "cli.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(DEMO), str(bad), "--db", db, "--json"])
    assert r.exit_code == 1, r.output  # some inputs failed: stored the rest, exit 1
    out = json.loads(r.stdout)
    assert out["failed"] == 1 and out["new"] == out["counts"]["articles"] > 10
    r = CliRunner().invoke(app, ["failures", "--db", db, "--json"])
    items = json.loads(r.stdout)["items"]
    assert [i["input"] for i in items] == [f"{bad}:1"] and "JSON" in items[0]["reason"]
    r = CliRunner().invoke(app, ["ingest", "--db", db])
    assert r.exit_code == 2
