"""One evaluation run: derek (and Natasha) over a folder, responses written, scores returned."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..metrics import Score
from .baseline import natasha_mentions
from .facts import Fact, FactArg, _clean_value, normalize_value, read_task3, write_task3
from .gold import FactRuDoc, read_folder
from .mentions import article_mentions
from .occupations import article_occupations
from .track1 import read_task1, score_track1, track1_details, write_task1
from .track3 import score_track3, track3_details


@dataclass
class FactRuReport:
    folder: str
    track: int
    docs: int
    derek: dict[str, Score]
    natasha: dict[str, Score] | None = None
    out: str | None = None
    details: dict[str, list[str]] = field(default_factory=dict)  # derek's misses per document

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "folder": self.folder,
            "track": self.track,
            "documents": self.docs,
            "derek": {k: v.to_dict() for k, v in self.derek.items()},
        }
        if self.natasha is not None:
            d["natasha"] = {k: v.to_dict() for k, v in self.natasha.items()}
        if self.out:
            d["responses"] = self.out
        if self.details:
            d["details"] = self.details
        return d


def run_derek(docs: Sequence[FactRuDoc], pipeline: Any = None) -> list[Any]:
    """derek's Article for each document, in order (batched through ``Pipeline.map``)."""
    from ..run import run_pipeline

    return run_pipeline([{"text": d.text} for d in docs], pipeline, [d.name for d in docs])


def evaluate_factru(
    folder: str | Path,
    track: int = 1,
    out: str | Path | None = None,
    natasha: bool = True,
    pipeline: Any = None,
    articles: Sequence[Any] | None = None,
    details: bool = False,
) -> FactRuReport:
    """Run derek over a FactRuEval folder, write ``book_N.task1``/``.task3`` to ``out``, and score them.

    Track 1 is scored with ``locorg`` as ``loc``; with ``natasha`` the
    NewsNERTagger baseline is scored on the same documents.
    """
    if track not in (1, 3):
        raise ValueError(f"track must be 1 or 3, not {track}")
    docs = read_folder(folder)
    if articles is None:
        articles = run_derek(docs, pipeline)
    out_dir = Path(out) if out else None
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    if track == 1:
        responses = {d.name: article_mentions(a, d.text) for d, a in zip(docs, articles, strict=True)}
        if out_dir:
            for name, ms in responses.items():
                write_task1(out_dir / f"{name}.task1", ms)
            responses = {d.name: read_task1(out_dir / f"{d.name}.task1") for d in docs}
        derek_scores = score_track1(docs, responses)
        nat = None
        if natasha:
            nat = score_track1(docs, {d.name: natasha_mentions(d.text) for d in docs})
        report = FactRuReport(str(folder), 1, len(docs), derek_scores, nat, str(out_dir) if out_dir else None)
        if details:
            report.details = {d.name: track1_details(d, responses.get(d.name, ())) for d in docs}
        return report
    facts = {d.name: article_occupations(a) for d, a in zip(docs, articles, strict=True)}
    if out_dir:
        for name, fs in facts.items():
            write_task3(out_dir / f"{name}.task3", fs)
        resp = {d.name: read_task3(out_dir / f"{d.name}.task3") for d in docs}
    else:
        resp = {
            name: [Fact("occupation", [FactArg(k, {normalize_value(_clean_value(v))}) for k, v in f.items() if v])
                   for f in fs]
            for name, fs in facts.items()
        }
    report = FactRuReport(str(folder), 3, len(docs), {"occupation": score_track3(docs, resp)},
                          None, str(out_dir) if out_dir else None)
    if details:
        report.details = {d.name: track3_details(d, resp.get(d.name, [])) for d in docs if d.has_facts}
    return report
