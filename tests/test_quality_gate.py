"""Quality gate: derek's figures on the FactRuEval devset, kznews and the seed must not fall below their floors.

The floors are in tests/quality_floors.json, each slightly under the figure
measured when it was pinned. Raise a floor when derek improves; never lower
one without saying why in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import FACTRU_DEV, KZNEWS, SHARED, need_shared
from derek.evaluate import factru, kznews

FLOORS_FILE = Path(__file__).with_name("quality_floors.json")
FLOORS: dict[str, float] = {k: v for k, v in json.loads(FLOORS_FILE.read_text()).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def figures(pipeline) -> dict[str, float]:
    """Every gated figure, measured once: ``<set>.<metric>.<p|r|f1>``."""
    need_shared()
    out: dict[str, float] = {}
    docs = factru.read_folder(FACTRU_DEV)
    articles = factru.run_derek(docs, pipeline)
    t1 = factru.evaluate_factru(FACTRU_DEV, track=1, natasha=False, articles=articles)
    t3 = factru.evaluate_factru(FACTRU_DEV, track=3, articles=articles)
    for name, report in (("factru.track1", t1), ("factru.track3", t3)):
        for metric, s in report.derek.items():
            out[f"{name}.{metric}.f1"] = s.f1
    reports: list[tuple[str, Any]] = [("kznews", kznews.evaluate_kznews(KZNEWS, pipeline)),
               ("seed", kznews.evaluate_seed(SHARED / "seed", pipeline))]
    from derek.evaluate.quotes import evaluate_quotes  # held-out: the aggregate figures only

    reports.append(("quotes-ru.heldout", evaluate_quotes(SHARED / "quotes-ru" / "heldout", pipeline)))
    from derek.evaluate.kaznerd import evaluate_kaznerd  # Kazakh, held out: aggregate figures only
    from derek.evaluate.kknews import evaluate_kknews

    reports.append(("kk-news.heldout", evaluate_kknews(SHARED / "kk-news" / "heldout", pipeline)))
    for metric, s in evaluate_kaznerd(SHARED / "kaznerd" / "IOB2_valid.txt", pipeline=pipeline).scores.items():
        out[f"kaznerd.heldout.{metric.lower()}.f1"] = s.f1
    from derek.evaluate.nerel import evaluate_nerel  # held-out: the aggregate figures only

    nerel_dev = evaluate_nerel(SHARED / "nerel" / "dev", pipeline)
    for metric in ("persons", "posts_lenient", "posts_with_org"):
        out[f"nerel.dev.{metric}.f1"] = nerel_dev.f1(metric)
    for name, report in reports:
        for metric, s in report.totals.items():
            out[f"{name}.{metric}.p"] = s.precision
            out[f"{name}.{metric}.r"] = s.recall
            out[f"{name}.{metric}.f1"] = s.f1
    return out


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_figure_not_below_its_floor(figures: dict[str, float], key: str) -> None:
    assert key in figures, f"{key} is pinned in quality_floors.json but no longer measured"
    assert figures[key] >= FLOORS[key], (
        f"{key} = {figures[key]:.4f} fell below its floor {FLOORS[key]:.4f} "
        f"(reproduce: derek eval factru|kznews; floors in {FLOORS_FILE.name})"
    )


def test_every_f1_is_gated(figures: dict[str, float]) -> None:
    """A new figure gets a floor too, so that nothing measured is left unguarded."""
    missing = [k for k in figures if k.endswith(".f1") and k not in FLOORS]
    assert not missing, f"no floor for {missing}; add them to {FLOORS_FILE.name}"
