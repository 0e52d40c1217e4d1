"""NEREL (BRAT, Russian Wikinews): derek's persons and positions scored by ``../shared/tools/nerel_positions.py``.

derek runs over every ``NNN.txt`` of a NEREL folder and writes one Article JSON
``NNN.json`` per document (a position's place stands in for its organization
when it has none, see :func:`export_article`); the shared tool builds the gold from the ``.ann``
files and scores the folder (persons per document, person–post pairs lenient
and strict, person–post–organization). The tool is run as a subprocess: its
matching rules are the benchmark's, not derek's.

The folder ``nerel/dev`` is held out: only its aggregate figures may be seen,
so :func:`evaluate_nerel` refuses ``details`` on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .run import run_pipeline

# The measures the tool prints, in its order, with short labels for derek's table.
MEASURES = {
    "persons": "persons per doc",
    "posts_lenient": "person-post (lenient)",
    "posts_strict": "person-post (strict)",
    "posts_with_org": "person-post-org",
    "mention_exact": "PER mentions exact",
    "mention_overlap": "PER mentions overlap",
}
TOOL_PARTS = ("tools", "nerel_positions.py")
HELD_OUT = ("nerel", "dev")


def is_held_out(folder: str | Path) -> bool:
    """True for the held-out NEREL split (a folder ``…/nerel/dev``)."""
    parts = Path(folder).resolve().parts
    return tuple(parts[-2:]) == HELD_OUT


def find_tool(folder: str | Path) -> Path:
    """``shared/tools/nerel_positions.py``: looked for above the data folder, then beside the repository."""
    repo = Path(__file__).resolve().parents[3]
    candidates = [p / "tools" / TOOL_PARTS[1] for p in Path(folder).resolve().parents]
    candidates.append(repo.parent / "shared" / Path(*TOOL_PARTS))
    for c in candidates:
        if c.is_file():
            return c
    raise InputError(str(folder), "cannot find the NEREL scorer shared/tools/nerel_positions.py", code="E104")


@dataclass
class NerelReport:
    folder: str
    docs: int
    figures: dict[str, dict[str, float]]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def f1(self, measure: str) -> float:
        return float(self.figures[measure]["f1"])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"folder": self.folder, "docs": self.docs, "derek": self.figures}
        if self.errors:
            out["errors"] = self.errors
        return out


def _documents(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of NEREL documents (NNN.txt with NNN.ann)", code="E101")
    txts = sorted(p for p in folder.glob("*.txt") if p.with_suffix(".ann").is_file())
    if not txts:
        raise InputError(str(folder), "no NNN.txt with NNN.ann in this folder", code="E102")
    return txts


def write_predictions(folder: Path, out: Path, pipeline: Any = None) -> int:
    """derek's Article JSON for every document of ``folder`` as ``out/NNN.json``; the number of documents."""
    txts = _documents(folder)
    records = [{"text": p.read_text(encoding="utf-8")} for p in txts]
    articles = run_pipeline(records, pipeline, names=[str(p) for p in txts])
    out.mkdir(parents=True, exist_ok=True)
    for p, art in zip(txts, articles, strict=True):
        (out / f"{p.stem}.json").write_text(json.dumps(export_article(art), ensure_ascii=False), encoding="utf-8")
    return len(txts)


def export_article(art: Any) -> dict[str, Any]:
    """The Article JSON the tool reads. NEREL's WORKPLACE is an organization or a place («министр финансов
    России»: Россия), and the tool reads one ``org``: a position with no organization gives its place there,
    as the FactRuEval export gives WHERE. Everything else is ``Article.to_dict()`` as it is."""
    d = art.to_dict()
    for person in d["people"]:
        for pos in person["positions"]:
            if not pos.get("org") and pos.get("place"):
                pos["org"] = pos["place"]
    return d


def _run_tool(tool: Path, *args: str) -> str:
    proc = subprocess.run([sys.executable, str(tool), *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise InputError(str(args[1] if len(args) > 1 else tool), f"the NEREL scorer failed: {proc.stderr.strip()[-400:]}",
                         code="E105")
    return proc.stdout


def score_predictions(folder: Path, pred_dir: Path, details: bool = False) -> NerelReport:
    """Gold from ``folder`` and the tool's figures for ``pred_dir`` (and its misses when ``details``)."""
    if details and is_held_out(folder):
        raise InputError(str(folder), "details are refused on the held-out NEREL dev split (aggregate figures only)",
                         code="E106")
    tool = find_tool(folder)
    with tempfile.TemporaryDirectory(prefix="derek-nerel-") as tmp:
        gold = Path(tmp) / "gold.jsonl"
        _run_tool(tool, "gold", str(folder), str(gold))
        args = ["score", str(gold), str(pred_dir), "--json"]
        errors_file = Path(tmp) / "errors.jsonl"
        if details:
            args += ["--errors", str(errors_file)]
        res = json.loads(_run_tool(tool, *args))
        errors = ([json.loads(x) for x in errors_file.read_text(encoding="utf-8").splitlines() if x]
                  if details else [])
    figures = {k: res[k] for k in MEASURES if k in res}
    return NerelReport(str(folder), int(res["docs"]), figures, errors)


def evaluate_nerel(folder: str | Path, pipeline: Any = None, out: str | Path | None = None,
                   details: bool = False) -> NerelReport:
    """Run derek over a NEREL folder (predictions in ``out``, else a temporary folder) and score it."""
    folder = Path(folder)
    if details and is_held_out(folder):
        raise InputError(str(folder), "details are refused on the held-out NEREL dev split (aggregate figures only)",
                         code="E106")
    if out is not None:
        write_predictions(folder, Path(out), pipeline)
        return score_predictions(folder, Path(out), details)
    with tempfile.TemporaryDirectory(prefix="derek-nerel-pred-") as tmp:
        write_predictions(folder, Path(tmp), pipeline)
        return score_predictions(folder, Path(tmp), details)
