"""The benchmark harness (derek bench): the figures it reports are computed and labelled right.

No speed is asserted here (that is what the benchmark itself is for).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import FACTRU_DEV, need_shared
from derek import bench
from derek.errors import DerekError


@pytest.mark.parametrize("n", [1, 3, 7])
def test_corpus_repeats_in_order(n):
    texts = ["a", "b", "c"]
    docs = bench.corpus(texts, n)
    assert len(docs) == n
    assert docs[0] == "a" and docs[-1] == texts[(n - 1) % 3]
    assert docs.count("a") == (n + 2) // 3


def test_measure_derek_in_process(pipeline):
    need_shared()
    r = bench.measure("derek", 5)
    texts = bench.load_texts()
    assert len(texts) == len(list(FACTRU_DEV.glob("*.txt")))
    assert r["docs"] == 5 and r["chars"] == sum(len(t) for t in texts[:5])
    assert r["docs_per_s"] > 0 and r["peak_rss_mb"] > 100  # the models are in memory
    assert r["first_pass_docs"] == 5


def test_bench_json(tmp_path):
    need_shared()
    from derek.cli import app

    res = CliRunner().invoke(app, ["bench", "--docs", "4", "--only", "natasha_ner,derek", "--unseen-limit", "3", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output.strip().splitlines()[-1])
    for key in ("derek_docs_per_s", "natasha_ner_docs_per_s", "derek_peak_rss_mb", "machine"):
        assert out[key], key
    assert out["ratio_vs_natasha_ner"] == round(out["derek_docs_per_s"] / out["natasha_ner_docs_per_s"], 2)
    assert out["natasha_full_docs_per_s"] is None and out["scaling_2_workers"] is None  # not measured
    assert out["machine"]["cores"] >= 1 and out["machine"]["versions"]["natasha"]
    assert "| Natasha NER alone |" in bench.table(out)
    # the headline: one pass over distinct texts, in process and as the whole process (load included)
    assert out["unseen_docs"] == 3
    assert out["ratio_vs_natasha_full_unseen"] is None  # Natasha full not measured here
    u = out["unseen_runs"]["derek"]
    assert u["mode"] == "unseen" and u["docs"] == 3 and u["process_s"] > u["wall_s"] + u["load_s"] * 0.5
    assert u["process_docs_per_s"] < u["docs_per_s"]


def test_unseen_texts_are_distinct_and_mixed():
    need_shared()
    texts = bench.unseen_texts()
    assert len(texts) == len(set(texts))
    assert len(texts) >= len(list(FACTRU_DEV.glob("*.txt"))) + bench.NEREL_SAMPLE
    kazakh = [t for t in texts if any(ch in t for ch in "әғқңөұүі")]
    assert len(kazakh) >= bench.KAZNERD_DOCS  # the Kazakh part is there
    assert texts == bench.unseen_texts()  # the NEREL sample is fixed


def test_bench_rejects_unknown_measurement():
    with pytest.raises(DerekError):
        bench.run(docs=1, only=["spacy"])
