"""derek eval nerel: a hand-made NEREL folder scored by the shared tool; details refused on the held-out split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SHARED, need_shared
from derek.cli import app
from derek.errors import InputError
from derek.evaluate import nerel as N

TEXT = "Министр финансов Алексей Кудрин встретился с поэтом Иваном Петровым в Москве."
# (id, type, start word, end word) over TEXT; relations (type, arg1, arg2)
ENTS = [("T1", "PROFESSION", "Министр финансов"), ("T2", "PERSON", "Алексей Кудрин"),
        ("T3", "PROFESSION", "поэтом"), ("T4", "PERSON", "Иваном Петровым"), ("T5", "CITY", "Москве")]
RELS = [("R1", "WORKS_AS", "T2", "T1"), ("R2", "WORKS_AS", "T4", "T3")]


def make_folder(root: Path, text: str = TEXT, name: str = "001") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{name}.txt").write_text(text, encoding="utf-8")
    lines = []
    for tid, typ, words in ENTS:
        s = text.index(words)
        lines.append(f"{tid}\t{typ} {s} {s + len(words)}\t{words}")
    lines += [f"{rid}\t{typ} Arg1:{a} Arg2:{b}\t" for rid, typ, a, b in RELS]
    (root / f"{name}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def write_pred(pred_dir: Path, people: list[dict], name: str = "001") -> None:
    pred_dir.mkdir(parents=True, exist_ok=True)
    (pred_dir / f"{name}.json").write_text(json.dumps({"people": people, "entities": []}, ensure_ascii=False),
                                           encoding="utf-8")


CASES = [
    # people predicted, persons tp, posts_lenient tp
    ([{"name": "Алексей Кудрин", "positions": [{"title": "министр финансов"}]},
      {"name": "Иван Петров", "positions": [{"title": "поэт"}]}], 2, 2),
    ([{"name": "Алексей Кудрин", "positions": [{"title": "поэт"}]}], 1, 0),
    ([{"name": "Сергей Иванов", "positions": [{"title": "министр финансов"}]}], 0, 0),
]


@pytest.mark.parametrize(("people", "persons_tp", "posts_tp"), CASES)
def test_tool_scores_predictions(tmp_path: Path, people: list[dict], persons_tp: int, posts_tp: int) -> None:
    need_shared()
    folder = make_folder(tmp_path / "nerel" / "train")
    write_pred(tmp_path / "pred", people)
    report = N.score_predictions(folder, tmp_path / "pred", details=True)
    assert report.docs == 1
    assert report.figures["persons"]["tp"] == persons_tp
    assert report.figures["posts_lenient"]["tp"] == posts_tp
    assert report.figures["posts_lenient"]["gold"] == 2
    missed = [e for e in report.errors if e["kind"] == "post_missed"]
    assert len(missed) == 2 - posts_tp


@pytest.mark.parametrize(("folder", "held_out"), [
    ("../shared/data/nerel/dev", True), ("../shared/data/nerel/train", False), ("/tmp/dev", False),
])
def test_held_out_folder(folder: str, held_out: bool) -> None:
    assert N.is_held_out(folder) is held_out


def test_details_refused_on_dev(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "nerel" / "dev")
    with pytest.raises(InputError, match="held-out"):
        N.score_predictions(folder, tmp_path, details=True)
    result = CliRunner().invoke(app, ["eval", "nerel", str(folder), "--details"])
    assert result.exit_code == 2
    assert "refused" in result.output


def test_not_a_nerel_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no NNN.txt"):
        N.write_predictions(tmp_path, tmp_path / "out")


def test_cli_runs_derek_over_a_folder(tmp_path: Path) -> None:
    need_shared()
    assert SHARED.is_dir()
    folder = make_folder(tmp_path / "nerel" / "train")
    out = tmp_path / "pred"
    result = CliRunner().invoke(app, ["eval", "nerel", str(folder), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    res = json.loads(result.output)
    assert res["docs"] == 1
    art = json.loads((out / "001.json").read_text(encoding="utf-8"))
    assert {p["name"] for p in art["people"]} >= {"Алексей Кудрин"}
    assert res["derek"]["persons"]["tp"] >= 1
    assert res["derek"]["posts_lenient"]["tp"] >= 1
