"""Batch engines: local (1 and 2 worker processes) and Ray give the same Articles; bad rows become error rows."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FACTRU_DEV, need_shared
from derek.batch import read_results, run_batch
from derek.batch.io import format_of, parse_line, record_id
from derek.errors import DerekError, InputError

N_DOCS = 10
BAD_LINES = [
    '{"id": "bad-json", "text": "unterminated',  # malformed JSON
    '{"id": "no-text", "title": "a title and nothing else"}',  # no text or html
    '["a", "list"]',  # not an object
]


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    need_shared()
    paths = sorted(FACTRU_DEV.glob("*.txt"))[:N_DOCS]
    assert len(paths) == N_DOCS
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.fixture(scope="module")
def records(dev_texts) -> list[dict]:
    # half with ids, half without (their id is then a hash of the content)
    return [({"id": f"doc-{i}", "text": t} if i % 2 == 0 else {"text": t}) for i, t in enumerate(dev_texts)]


@pytest.fixture(scope="module")
def jsonl_in(tmp_path_factory, records) -> Path:
    p = tmp_path_factory.mktemp("in") / "docs.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[3:3] = BAD_LINES  # bad rows in the middle: the job must go on past them
    p.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def parquet_in(tmp_path_factory, records) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = tmp_path_factory.mktemp("pq") / "parts"
    folder.mkdir()
    half = len(records) // 2
    for n, part in enumerate((records[:half], records[half:])):
        table = pa.table({"id": [r.get("id") for r in part], "text": [r["text"] for r in part]})
        pq.write_table(table, folder / f"part-{n}.parquet")
    return folder


@pytest.fixture(scope="module")
def expected(pipeline, records) -> dict[str, dict]:
    """What one-at-a-time extraction gives, keyed by the row id."""
    return {record_id(r): pipeline.extract(r["text"]).to_dict() for r in records}


@pytest.fixture(scope="module")
def local1(jsonl_in, tmp_path_factory) -> list[dict]:
    out = tmp_path_factory.mktemp("out") / "local1.jsonl"
    stats = run_batch(jsonl_in, out, engine="local", workers=1, batch_size=4)
    assert (stats.docs, stats.errors) == (N_DOCS + len(BAD_LINES), len(BAD_LINES))
    return read_results(out)


def articles(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r["article"] for r in rows if "article" in r}


def test_local_one_worker_matches_single_extraction(local1, expected):
    assert articles(local1) == expected
    assert all(a["entities"] for a in expected.values())  # real documents, real extraction


def test_local_keeps_input_order(local1, records):
    ids = [r["id"] for r in local1 if "article" in r]
    assert ids == [record_id(r) for r in records]


def test_bad_rows_become_error_rows(local1, jsonl_in):
    errors = {r["id"]: r["error"] for r in local1 if "error" in r}
    assert len(errors) == len(BAD_LINES)
    assert "bad-json" not in errors  # a malformed line has no readable id: a hash of the line stands for it
    assert errors["no-text"].startswith("[E106]")
    for msg in errors.values():
        assert str(jsonl_in) in msg  # each error names its input
    assert any("malformed JSON" in m for m in errors.values())
    assert any("not list" in m for m in errors.values())


def test_two_workers_identical_to_one(jsonl_in, tmp_path, local1):
    out = tmp_path / "local2.jsonl"
    stats = run_batch(jsonl_in, out, engine="local", workers=2, batch_size=2)
    assert stats.workers == 2
    assert read_results(out) == local1  # same rows, same order


def test_parquet_in_and_out(parquet_in, tmp_path, expected):
    out = tmp_path / "out.parquet"
    stats = run_batch(parquet_in, out, engine="local", workers=1)
    assert (stats.docs, stats.errors) == (N_DOCS, 0)
    assert articles(read_results(out)) == expected


def test_jsonl_in_parquet_folder_out(jsonl_in, tmp_path, local1):
    out = tmp_path / "parts"
    run_batch(jsonl_in, out, engine="local", out_format="parquet")
    assert (out / "part-00000.parquet").is_file()
    assert read_results(out) == local1


def crashing_pipeline():
    """A pipeline whose last stage kills its worker process on one marked document."""
    from derek.pipeline import Pipeline, default_stages
    from derek.stage import Stage

    class Crash(Stage):
        name = "crash"

        def __call__(self, work):
            if "CRASH-THE-WORKER" in work.article.text:
                os._exit(3)
            return work

    return Pipeline(stages=[*default_stages(), Crash()], batch_size=2)


def test_a_dying_worker_costs_one_document(tmp_path, records, expected):
    rows = [records[0], records[1], {"id": "killer", "text": "Аким области сказал журналистам, что работа по ремонту дорог "
                                                             "продолжится и в следующем году. CRASH-THE-WORKER."}, records[2], records[3]]
    inp = tmp_path / "in.jsonl"
    inp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    stats = run_batch(inp, out, engine="local", workers=2, batch_size=2, pipeline_factory=crashing_pipeline)
    assert (stats.docs, stats.errors) == (5, 1)
    got = read_results(out)
    assert [r["id"] for r in got] == [record_id(r) for r in rows]  # order kept through the restarts
    assert "worker process died" in got[2]["error"] and str(inp) in got[2]["error"]
    for row in got[:2] + got[3:]:
        assert row["article"] == expected[row["id"]]


@pytest.mark.parametrize(
    ("record", "raw", "same_as"),
    [
        ({"id": 7, "text": "x"}, "", "7"),
        ({"id": "a/1", "html": "<p>x</p>"}, "", "a/1"),
        ({"id": "", "text": "Текст"}, "", {"text": "Текст"}),
        ({"text": "Текст", "url": "http://e.kz/1"}, "", {"text": "Текст"}),
    ],
)
def test_record_id(record, raw, same_as):
    want = same_as if isinstance(same_as, str) else record_id(same_as)
    assert record_id(record, raw) == want
    assert record_id({"text": "другой"}) != record_id({"text": "Текст"})


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"text": "Токаев"}', None),
        ('{"html": "<p>Токаев</p>", "id": 3}', None),
        ('{"text": ', "malformed JSON"),
        ("42", "not int"),
        ('{"text": "   "}', "no 'text' or 'html'"),
    ],
)
def test_parse_line(line, error):
    item = parse_line(line, "in.jsonl:1")
    if error is None:
        assert item.error is None and item.record
    else:
        assert item.record is None and error in item.error and "in.jsonl:1" in item.error


@pytest.mark.parametrize(
    ("name", "fmt", "want"),
    [("a.jsonl", None, "jsonl"), ("a.ndjson", None, "jsonl"), ("a.parquet", None, "parquet"),
     ("a.txt", "parquet", "parquet"), ("a.txt", None, "docs"), ("a.json", None, "docs"), ("a.xml", None, "docs"),
     ("a.csv", None, None), ("a.jsonl", "csv", None)],
)
def test_format_of(name, fmt, want):
    if want is None:
        with pytest.raises(InputError):
            format_of(name, fmt)
    else:
        assert format_of(name, fmt) == want


def test_cli_batch(jsonl_in, tmp_path, local1):
    from derek.cli import app

    out = tmp_path / "cli.jsonl"
    seen: list[tuple[int, int]] = []
    stats = run_batch(jsonl_in, tmp_path / "direct.jsonl", batch_size=8, on_rows=lambda n, e: seen.append((n, e)))
    assert (sum(n for n, _ in seen), sum(e for _, e in seen)) == (stats.docs, stats.errors) == (
        N_DOCS + len(BAD_LINES), len(BAD_LINES))
    res = CliRunner().invoke(app, ["batch", str(jsonl_in), str(out), "--batch-size", "8"])
    assert res.exit_code == 1, res.output  # some rows failed
    assert f"{N_DOCS + len(BAD_LINES)} documents ({len(BAD_LINES)} errors)" in res.output
    assert read_results(out) == local1


def test_cli_batch_missing_input(tmp_path):
    from derek.cli import app

    res = CliRunner().invoke(app, ["batch", str(tmp_path / "nope.jsonl"), str(tmp_path / "o.jsonl")])
    assert res.exit_code == 2
    assert "nope.jsonl" in res.output
    assert not (tmp_path / "o.jsonl").exists()


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed (pip install 'derek[ray]')")
@pytest.mark.parametrize("out_fmt", ["jsonl", "parquet"])
def test_ray_matches_local(jsonl_in, tmp_path, local1, out_fmt, ray_cluster):
    out = tmp_path / f"ray-{out_fmt}"
    seen: list[tuple[int, int]] = []  # what a progress bar is told, from the actors
    stats = run_batch(jsonl_in, out, engine="ray", workers=2, batch_size=4, out_format=out_fmt,
                      on_rows=lambda n, e: seen.append((n, e)))
    assert (stats.docs, stats.errors) == (N_DOCS + len(BAD_LINES), len(BAD_LINES))
    assert (sum(n for n, _ in seen), sum(e for _, e in seen)) == (stats.docs, stats.errors)
    ray_rows = read_results(out, out_fmt, sort=True)
    local_rows = sorted(local1, key=lambda r: r["id"])
    assert articles(ray_rows) == articles(local_rows)
    assert {r["id"] for r in ray_rows if "error" in r} == {r["id"] for r in local_rows if "error" in r}


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed (pip install 'derek[ray]')")
def test_ray_reads_parquet_parts(parquet_in, tmp_path, expected, ray_cluster):
    out = tmp_path / "ray-pq"
    # Ray Data's Parquet listing task needs a CPU of its own: 1 actor on the 2-CPU cluster
    stats = run_batch(parquet_in, out, engine="ray", workers=1, batch_size=3)
    assert (stats.docs, stats.errors) == (N_DOCS, 0)
    assert articles(read_results(out, sort=True)) == expected


@pytest.mark.ray
@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="ray is not installed (pip install 'derek[ray]')")
def test_ray_reads_documents_like_local(tmp_path, ray_cluster):
    need_shared()
    kznews = FACTRU_DEV.parents[1] / "kznews"
    local = run_batch(kznews, tmp_path / "local.jsonl", engine="local")
    stats = run_batch(kznews, tmp_path / "ray", engine="ray", workers=1, batch_size=4)
    assert (stats.docs, stats.errors) == (local.docs, local.errors) == (len(list(kznews.glob("*.json"))), 0)
    assert articles(read_results(tmp_path / "ray", sort=True)) == articles(read_results(tmp_path / "local.jsonl",
                                                                                          sort=True))


def test_ray_refuses_a_used_output_folder(jsonl_in, tmp_path):
    pytest.importorskip("ray", reason="ray is not installed (pip install 'derek[ray]')")
    out = tmp_path / "used"
    out.mkdir()
    (out / "old.jsonl").write_text("{}\n")
    with pytest.raises(DerekError, match="not empty"):
        run_batch(jsonl_in, out, engine="ray", workers=1)


@pytest.fixture(scope="module")
def ray_cluster():
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"OPENBLAS_NUM_THREADS": "1"}})
    yield ray
    ray.shutdown()


# -- documents, read as ingest reads them ------------------------------------------------------

SHARED_FOLDERS = ["kznews", "seed", "kk-news/dev"]


@pytest.mark.parametrize("folder", SHARED_FOLDERS)
def test_batch_reads_a_data_folder_like_ingest(folder, tmp_path):
    """One output row per document the reader finds (pretty-printed .json files are one document
    each); rows that are not articles are error rows, counted, and the command exits 1."""
    from derek.batch.io import count_documents
    from derek.cli import app
    from derek.read import iter_sources

    need_shared()
    path = FACTRU_DEV.parents[1] / folder
    found = list(iter_sources([path]))
    failed = sum(1 for it in found if isinstance(it, InputError))
    assert count_documents([path]) == len(found)
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["batch", str(path), str(out), "--quiet"])
    rows = read_results(out)
    assert len(rows) == len(found) and sum(1 for r in rows if "error" in r) == failed
    assert f"{len(found)} documents ({failed} errors)" in res.output
    assert res.exit_code == (1 if failed else 0), res.output


def test_batch_reads_every_kind_of_document(tmp_path):
    from derek.cli import app

    need_shared()
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    seed = (FACTRU_DEV.parents[1] / "seed" / "almaty-ank-30.txt").read_text(encoding="utf-8")
    kz = json.loads(sorted((FACTRU_DEV.parents[1] / "kznews").glob("*.json"))[0].read_text(encoding="utf-8"))
    (folder / "a.txt").write_text(seed, encoding="utf-8")
    (folder / "sub" / "b.html").write_text(f"<html><body><article><p>{kz['text']}</p></article></body></html>",
                                           encoding="utf-8")
    (folder / "c.json").write_text(json.dumps({"text": kz["text"]}, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "d.jsonl").write_text(json.dumps({"id": "d1", "text": seed}, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "e.jsonl").write_text(json.dumps({"text": seed}, ensure_ascii=False, indent=2), encoding="utf-8")
    (folder / "f.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    res = CliRunner().invoke(app, ["batch", str(folder), str(out), "--quiet"])
    rows = read_results(out)
    errors = [r["error"] for r in rows if "error" in r]
    assert len(rows) == 6 and len(errors) == 2, rows
    assert any("e.jsonl" in e and "not JSON Lines" in e for e in errors)  # refused as a whole, not 20 bad rows
    assert any("f.txt" in e for e in errors)
    assert "d1" in {r["id"] for r in rows}
    assert res.exit_code == 1 and "6 documents (2 errors)" in res.output
