"""Scorer for quotes on a folder in the quotes-ru format (``../shared/data/quotes-ru/*/*.json``).

Each gold file holds ``text`` and ``quotes`` (``speaker`` — a person's or organization's canonical
name, or null —, ``speaker_text`` as written, ``kind``, ``text``, ``cue``). Four micro-averaged
figures over the folder, each response quote matching at most one gold quote (best overlap first):

* ``detection``: the quote's text overlaps the gold text (Dice over word counts ≥ 0.5);
* ``attribution``: detected, and the speaker matches — the resolved speaker (a person by surname
  and first initial, an organization by key words), or, when the gold speaker is not named, the
  speaker phrase (or both give none: «сообщалось, что …»);
* ``speaker_text``: detected, and the speaker phrase as written matches the gold one by key words
  (or both give none);
* ``either``: detected, and attributed by the resolved speaker or by the speaker phrase.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .kznews import QUOTE_OVERLAP, _match, key_stems, same_speaker, text_overlap
from .metrics import Score

CATEGORIES = ("detection", "attribution", "speaker_text", "either")
HELD_OUT_NAMES = ("heldout", "held-out", "held_out", "test")
PHRASE_JACCARD = 0.5


@dataclass
class GoldQuotes:
    id: str
    text: str
    quotes: list[dict[str, Any]]


def held_out(folder: str | Path) -> bool:
    """A folder that is a held-out part: its per-document details are never shown."""
    return any(p.lower() in HELD_OUT_NAMES for p in Path(folder).resolve().parts)


def read_quotes(folder: str | Path) -> list[GoldQuotes]:
    """Every ``*.json`` of a quotes-ru-style folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder", code="E101")
    docs = []
    for p in sorted(folder.glob("*.json")):
        try:
            d = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InputError(str(p), f"not a quotes JSON file ({e})", code="E103") from e
        if not isinstance(d, dict) or not isinstance(d.get("text"), str) or not isinstance(d.get("quotes"), list):
            raise InputError(str(p), "no «text» and «quotes» fields", code="E103")
        docs.append(GoldQuotes(d.get("id") or p.stem, d["text"], list(d["quotes"])))
    if not docs:
        raise InputError(str(folder), "no *.json files", code="E101")
    return docs


def same_phrase(gold: str | None, resp: str | None) -> bool:
    """Two speaker phrases with the same key words («глава МИД Сергей Лавров» ~ «Сергей Лавров»)."""
    if not gold or not resp:
        return False
    g, r = key_stems(gold), key_stems(resp)
    if not g or not r:
        return gold.strip().lower() == resp.strip().lower()
    return len(g & r) / len(g | r) >= PHRASE_JACCARD or g <= r or r <= g


def _detect(g: dict[str, Any], r: Any) -> float:
    ov = text_overlap(g.get("text") or "", r.text)
    return ov if ov >= QUOTE_OVERLAP else 0.0


def _same_or_both_absent(gold: str | None, resp: str | None) -> bool:
    """Phrases that match, or no phrase on either side («сообщалось, что …»)."""
    return same_phrase(gold, resp) or (not gold and not resp)


def _attributed(g: dict[str, Any], r: Any) -> float:
    if g.get("speaker"):
        ok = same_speaker(g["speaker"], r.speaker)
    else:
        ok = r.speaker is None and _same_or_both_absent(g.get("speaker_text"), r.speaker_text)
    return _detect(g, r) if ok else 0.0


def _by_phrase(g: dict[str, Any], r: Any) -> float:
    return _detect(g, r) if _same_or_both_absent(g.get("speaker_text"), r.speaker_text) else 0.0


def _either(g: dict[str, Any], r: Any) -> float:
    return max(_attributed(g, r), _by_phrase(g, r))


SCORERS: dict[str, Callable[[dict[str, Any], Any], float]] = {
    "detection": _detect, "attribution": _attributed, "speaker_text": _by_phrase, "either": _either,
}


@dataclass
class DocQuotes:
    id: str
    scores: dict[str, Score]
    missed: list[str]
    extra: list[str]


def score_doc(gold: GoldQuotes, article: Any) -> DocQuotes:
    quotes = list(article.quotes)
    scores = {}
    missed: list[str] = []
    extra: list[str] = []
    for cat, fn in SCORERS.items():
        pairs, mg, mr = _match(gold.quotes, quotes, fn)
        scores[cat] = Score.simple(len(pairs), len(gold.quotes), len(quotes))
        if cat == "attribution":
            missed = [f"{gold.quotes[i].get('speaker') or gold.quotes[i].get('speaker_text')}: "
                      f"{(gold.quotes[i].get('text') or '')[:80]}" for i in mg]
            extra = [f"{quotes[i].speaker or quotes[i].speaker_text}: {quotes[i].text[:80]}" for i in mr]
    return DocQuotes(gold.id, scores, missed, extra)


@dataclass
class QuotesReport:
    name: str
    docs: list[DocQuotes]

    @property
    def totals(self) -> dict[str, Score]:
        tot = {c: Score() for c in CATEGORIES}
        for d in self.docs:
            for c in CATEGORIES:
                tot[c].add(d.scores[c])
        return tot

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "documents": len(self.docs),
                               "scores": {c: s.to_dict() for c, s in self.totals.items()}}
        if details:
            out["documents_detail"] = [{"id": d.id, "missed": d.missed, "extra": d.extra} for d in self.docs]
        return out


def score_quotes(name: str, gold: Sequence[GoldQuotes], articles: Sequence[Any]) -> QuotesReport:
    return QuotesReport(name, [score_doc(g, a) for g, a in zip(gold, articles, strict=True)])


def evaluate_quotes(folder: str | Path, pipeline: Any = None) -> QuotesReport:
    """derek's quotes on every document of ``folder``, scored."""
    from .run import run_pipeline

    gold = read_quotes(folder)
    articles = run_pipeline([{"text": g.text} for g in gold], pipeline, [g.id for g in gold])
    return score_quotes(str(folder), gold, articles)
