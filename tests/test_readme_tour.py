"""The README's tour, run: every ``$ derek …`` command between ``<!-- tour -->`` and
``<!-- /tour -->`` runs against a fresh SQLite database made for the test, from the repository
root (the paths in the README are relative to it), and its output must be the one shown — ids,
counts and tables exactly (trailing spaces aside; the test database's path is shown as
``sqlite:///derek.db``, the README's own).

When extraction changes on purpose, refresh the outputs shown with
``.venv/bin/python tests/test_readme_tour.py --write`` and read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- tour -->", "<!-- /tour -->"
SHOWN_DB = "sqlite:///derek.db"


def tour_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of the text between each pair of tour markers."""
    out, pos = [], 0
    while (a := text.find(START, pos)) >= 0:
        b = text.find(END, a)
        if b < 0:
            raise ValueError(f"{README.name}: {START} without {END}")
        out.append((a + len(START), b))
        pos = b + len(END)
    return out


def steps(block: str) -> list[tuple[str, str]]:
    """(command, output shown) for every ``$ derek …`` line of a tour block's code fences."""
    result: list[tuple[str, str]] = []
    for fence in re.findall(r"```[a-z]*\n(.*?)```", block, re.S):
        cmd, out = None, []
        for line in fence.splitlines():
            if line.startswith("$ "):
                if cmd is not None:
                    result.append((cmd, "\n".join(out)))
                cmd, out = line[2:], []
            elif cmd is not None:
                out.append(line)
        if cmd is not None:
            result.append((cmd, "\n".join(out)))
    return result


def run(cmd: str, db: Path) -> str:
    """One tour command through the CLI app, from the repository root, on ``db``; its stdout."""
    from typer.testing import CliRunner

    from derek.cli import app

    args = shlex.split(cmd)
    assert args[0] == "derek", f"a tour command must call derek: {cmd}"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner(env={"DEREK_DB": str(db), "COLUMNS": "200"}).invoke(app, args[1:])
    finally:
        os.chdir(cwd)
    assert r.exception is None or isinstance(r.exception, SystemExit), (cmd, r.exception)
    from derek.corpus.store import Store

    shown = Store(str(db)).display_url
    return "\n".join(line.rstrip() for line in r.stdout.replace(shown, SHOWN_DB).splitlines())


def tour_steps() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    return [s for a, b in tour_blocks(text) for s in steps(text[a:b])]


def test_the_readme_has_a_tour():
    found = tour_steps()
    assert len(found) >= 4, "README.md: mark the tour with <!-- tour --> … <!-- /tour -->"
    assert found[0][0].startswith("derek ingest ")
    for cmd, _ in found:
        assert "|" not in shlex.split(cmd), f"a shell pipe in the tour: {cmd}"


def test_readme_tour_outputs_are_real(tmp_path):
    if not (ROOT.parent / "shared" / "data").is_dir():
        pytest.skip("../shared/data is absent (a user's clone); CI always has it")
    db = tmp_path / "tour.db"
    for cmd, shown in tour_steps():
        got = run(cmd, db)
        assert got == "\n".join(line.rstrip() for line in shown.splitlines()), f"README.md: $ {cmd}"


def write() -> None:
    """Run the tour in order and put the outputs it gives into README.md."""
    text = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "tour.db"

        def refill(m: re.Match) -> str:
            lines = [line[2:] for line in m.group(2).splitlines() if line.startswith("$ ")]
            body = "".join(f"$ {c}\n{run(c, db)}\n" for c in lines)
            return f"{m.group(1)}{body}```"

        pieces, pos = [], 0
        for a, b in tour_blocks(text):
            pieces += [text[pos:a], re.sub(r"(```[a-z]*\n)(.*?)```", refill, text[a:b], flags=re.S)]
            pos = b
        text = "".join(pieces) + text[pos:]
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_readme_tour.py --write  (refreshes the tour's outputs in README.md)")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    write()
