"""``derek extract``: files, stdin, --jsonl, several inputs with bad ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import derek.pipeline
from conftest import SEED, SEED_EXPECTED, need_shared
from derek import demo
from derek.cli import app

ARTICLE = ("Аким Павлодарской области провел совещание\n\n19.12.2025\n\n"
           "Аким Павлодарской области Ерлан Сатыбалдиев провел совещание в Экибастузе. "
           "\"Каждый порыв должен устраняться за несколько часов\", – сказал он.\n\n"
           "Подписывайтесь на наш Telegram-канал. Будьте в курсе всех событий!")


@pytest.fixture()
def runner(pipeline, monkeypatch) -> CliRunner:
    monkeypatch.setattr(derek.pipeline, "_default", pipeline)  # the session's models, loaded once
    return CliRunner()


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.txt"
    good.write_bytes(ARTICLE.encode("cp1251"))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return {"good": good, "empty": empty, "binary": binary, "missing": tmp_path / "missing.txt"}


def test_extract_seed_prints_one_article(runner: CliRunner) -> None:
    need_shared()
    res = runner.invoke(app, ["extract", str(SEED)])
    assert res.exit_code == 0, res.stderr
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    assert "Ассамблеи народа Казахстана" in res.stdout  # UTF-8, not \\u-escaped
    assert res.stdout.startswith("{\n  ")  # pretty
    out = json.loads(res.stdout)
    assert out["title"] == expected["title"]
    assert out["published"] == expected["published"]
    assert out["source"] == expected["source"]
    assert out["credits"] == expected["credits"]
    for line in expected["boilerplate_not_in_body"]:
        assert line not in out["text"]
    for e in out["entities"]:
        for m in e["mentions"]:
            assert out["text"][m["start"]:m["end"]] == m["text"]


def test_extract_stdin_bytes_in_cp1251(runner: CliRunner) -> None:
    res = runner.invoke(app, ["extract", "-"], input=ARTICLE.encode("cp1251"))
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["title"] == "Аким Павлодарской области провел совещание"
    assert out["published"] == "2025-12-19"
    assert "Ерлан Сатыбалдиев" in out["text"] and "Подписывайтесь" not in out["text"]


def test_extract_jsonl_one_article_a_line(runner: CliRunner, files: dict[str, Path]) -> None:
    res = runner.invoke(app, ["extract", "--jsonl", str(files["good"]), str(demo.path() / "feed.xml")])
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 3
    arts = [json.loads(line) for line in lines]
    assert [a["title"] for a in arts] == [
        "Аким Павлодарской области провел совещание",
        "Аким Шымкента встретился с предпринимателями",
        "В Экибастузе завершили ремонт магистрального теплопровода",
    ]


def test_several_files_one_bad(runner: CliRunner, files: dict[str, Path]) -> None:
    args = ["extract", str(files["empty"]), str(files["good"]), str(files["binary"]), str(files["missing"])]
    res = runner.invoke(app, args)
    assert res.exit_code == 1
    arts = json.loads(res.stdout)  # several inputs: a JSON array of the good ones
    assert [a["title"] for a in arts] == ["Аким Павлодарской области провел совещание"]
    err = res.stderr.splitlines()
    assert err[0] == f"derek: error: {files['empty']}: empty: no text in it"
    assert err[1].startswith(f"derek: error: {files['binary']}: binary")
    assert err[2] == f"derek: error: {files['missing']}: no such file or folder"


def test_jsonl_with_a_malformed_line(runner: CliRunner, tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    f.write_text(json.dumps({"text": ARTICLE}, ensure_ascii=False) + "\n{oops\n"
                 + json.dumps({"text": ARTICLE.replace("Экибастузе", "Аксу")}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    res = runner.invoke(app, ["extract", "--jsonl", str(f)])
    assert res.exit_code == 1
    assert len(res.stdout.splitlines()) == 2
    assert res.stderr.startswith(f"derek: error: {f}:2: malformed JSON")


def test_models_not_loaded_when_nothing_to_process(files: dict[str, Path], monkeypatch) -> None:
    monkeypatch.setattr(derek.pipeline, "_default", None)
    res = CliRunner().invoke(app, ["extract", str(files["empty"]), str(files["missing"])])
    assert res.exit_code == 1
    assert derek.pipeline._default is None
    assert json.loads(res.stdout) == []


def test_huge_stdin_is_refused(files: dict[str, Path], monkeypatch) -> None:
    monkeypatch.setattr(derek.pipeline, "_default", None)
    res = CliRunner().invoke(app, ["extract", "--max-mb", "0.001", "-"], input=ARTICLE.encode("utf-8") * 4)
    assert res.exit_code == 1
    assert res.stderr.startswith("derek: error: <stdin>: too large")
    assert derek.pipeline._default is None


def test_console_script_error_path(files: dict[str, Path]) -> None:
    exe = Path(sys.executable).with_name("derek")
    if not exe.exists():
        pytest.skip("the derek console script is not installed in this environment")
    res = subprocess.run([str(exe), "extract", str(files["binary"])], capture_output=True, text=True, timeout=120)
    assert res.returncode == 1
    assert res.stderr.startswith(f"derek: error: {files['binary']}: binary")
    assert res.stdout == ""


def test_help_explains_output_shape() -> None:
    res = CliRunner().invoke(app, ["extract", "--help"])
    assert res.exit_code == 0
    assert "JSON array" in res.stdout and "--jsonl" in res.stdout
