"""derek eval quotes: the quotes-ru scorer on hand-made responses, and its refusal of details on held-out parts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from derek.cli import app
from derek.errors import InputError
from derek.evaluate.quotes import GoldQuotes, held_out, read_quotes, same_phrase, score_quotes


@dataclass
class Q:
    text: str
    speaker: str | None
    speaker_text: str | None


@dataclass
class A:
    quotes: list[Q]


GOLD = GoldQuotes("g", "…", [
    {"speaker": "Сергей Лавров", "speaker_text": "глава МИД Сергей Лавров", "kind": "direct",
     "text": "Мы готовы к переговорам в любое время", "cue": "заявил"},
    {"speaker": None, "speaker_text": "эксперты", "kind": "indirect",
     "text": "цены на нефть вырастут до конца года", "cue": "считают"},
])

# (response quotes, expected tp for detection, attribution, speaker_text, either)
CASES = [
    pytest.param([Q("Мы готовы к переговорам в любое время", "Сергей Лавров", "Лавров"),
                  Q("цены на нефть вырастут до конца года", None, "эксперты")], (2, 2, 2, 2), id="all_right"),
    pytest.param([Q("Мы готовы к переговорам в любое время", "Мария Захарова", "глава МИД Сергей Лавров")],
                 (1, 0, 1, 1), id="wrong_resolution_right_phrase"),
    pytest.param([Q("цены на нефть вырастут до конца года", "Сергей Лавров", "эксперты")],
                 (1, 0, 1, 1), id="unnamed_speaker_must_stay_unresolved"),
    pytest.param([Q("Погода будет хорошей", "Сергей Лавров", "Лавров")], (0, 0, 0, 0), id="other_text"),
    pytest.param([Q("Мы готовы", "Сергей Лавров", "Лавров")], (0, 0, 0, 0), id="too_little_overlap"),
]

IMPERSONAL = GoldQuotes("i", "…", [{"speaker": None, "speaker_text": None, "kind": "indirect",
                                    "text": "завод закроют в следующем году", "cue": "сообщалось"}])


@pytest.mark.parametrize(("speaker", "speaker_text", "credit"), [
    (None, None, 1), (None, "министр", 0), ("Сергей Лавров", None, 0),
])
def test_impersonal_statement(speaker: str | None, speaker_text: str | None, credit: int) -> None:
    report = score_quotes("t", [IMPERSONAL], [A([Q("завод закроют в следующем году", speaker, speaker_text)])])
    assert int(report.totals["attribution"].tp_gold) == credit
    assert int(report.totals["detection"].tp_gold) == 1


@pytest.mark.parametrize(("quotes", "expected"), CASES)
def test_score(quotes: list[Q], expected: tuple[int, int, int, int]) -> None:
    report = score_quotes("t", [GOLD], [A(quotes)])
    tot = report.totals
    got = tuple(int(tot[c].tp_gold) for c in ("detection", "attribution", "speaker_text", "either"))
    assert got == expected
    assert tot["detection"].n_gold == 2 and tot["detection"].n_resp == len(quotes)


@pytest.mark.parametrize(("gold", "resp", "same"), [
    ("глава МИД Сергей Лавров", "Сергей Лавров", True),
    ("эксперты", "Эксперты", True),
    ("он", "он", True),
    ("пресс-служба акимата", "депутат", False),
    ("эксперты", None, False),
])
def test_same_phrase(gold: str, resp: str | None, same: bool) -> None:
    assert same_phrase(gold, resp) is same


@pytest.mark.parametrize(("path", "flag"), [
    ("../shared/data/quotes-ru/heldout", True), ("../shared/data/kk-news/heldout", True),
    ("../shared/data/quotes-ru/dev", False), ("/tmp/quotes", False),
])
def test_held_out_folder(path: str, flag: bool) -> None:
    assert held_out(path) is flag


def test_bad_folder_and_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_quotes(tmp_path / "missing")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        read_quotes(tmp_path)


def test_cli_refuses_details_on_held_out(tmp_path: Path) -> None:
    folder = tmp_path / "heldout"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"text": "x", "quotes": []}), encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", str(folder), "--details"])
    assert result.exit_code == 2
    assert "held-out" in result.output
