"""KazNERD (IOB2 Kazakh sentences): how well derek finds persons, places and organizations in Kazakh.

The file has one ``token LABEL`` a line and a blank line between sentences.
Sentences are joined into documents of ``per_doc`` lines (one sentence a
line) so the pipeline sees them as Kazakh text, and each entity is scored by
its exact character span: KazNERD's PERSON against derek's PER, GPE and LOCATION
against LOC, ORGANISATION against ORG. POSITION, which derek keeps as posts
rather than entities, is scored on the Kazakh tagger's own spans.

Split: sentences 1–8,000 to train and develop on, 8,001–end held out
(:data:`HELD_OUT_START`); the defaults score the held-out part.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .metrics import Score
from .run import run_pipeline

TYPES = {"PERSON": "PER", "GPE": "LOC", "LOCATION": "LOC", "ORGANISATION": "ORG", "ORGANIZATION": "ORG"}
TAGS = ("PER", "LOC", "ORG")
HELD_OUT_START = 8000  # sentences after this many are held out


def read_sentences(path: str | Path) -> list[list[tuple[str, str]]]:
    """The sentences of an IOB2 file as lists of (token, label)."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(str(p), f"cannot read an IOB2 file: {e}", code="E101") from e
    out: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if cur:
                out.append(cur)
                cur = []
            continue
        if len(parts) < 2:
            raise InputError(str(p), f"line {n}: expected «token LABEL», got «{line}»", code="E103")
        cur.append((parts[0], parts[-1]))
    if cur:
        out.append(cur)
    return out


@dataclass
class Doc:
    text: str
    gold: set[tuple[int, int, str]] = field(default_factory=set)


def documents(sentences: Sequence[list[tuple[str, str]]], per_doc: int = 10) -> Iterator[Doc]:
    """Documents of ``per_doc`` sentences, one a line, with the gold spans (start, end, tag)."""
    for i in range(0, len(sentences), per_doc):
        doc = Doc("")
        for sent in sentences[i:i + per_doc]:
            pos = len(doc.text)
            span: list[Any] | None = None
            for word, label in sent:
                start, end = pos, pos + len(word)
                pos = end + 1
                kind = label[2:] if label[:2] in ("B-", "I-") else ""
                tag = TYPES.get(kind)
                if span is not None and (label.startswith("B-") or TYPES.get(kind) != span[2] or not tag):
                    doc.gold.add((span[0], span[1], span[2]))
                    span = None
                if tag and (label.startswith("B-") or span is None):
                    span = [start, end, tag]
                elif tag and span is not None:
                    span[1] = end
            if span is not None:
                doc.gold.add((span[0], span[1], span[2]))
            doc.text += " ".join(w for w, _ in sent) + "\n"
        yield doc


@dataclass
class KazNerdReport:
    path: str
    sentences: int
    scores: dict[str, Score]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "sentences": self.sentences,
                "derek": {k: v.to_dict() for k, v in self.scores.items()}}


def position_score(sentences: Sequence[list[tuple[str, str]]]) -> Score:
    """Exact-span POSITION precision/recall/F1 of the Kazakh tagger on KazNERD's own tokens."""
    from ..nlp.kk_ner import labels_to_spans, tagger

    tag = tagger()
    score = Score()
    for sent in sentences:
        gold = {(s.start, s.end) for s in labels_to_spans([lab for _, lab in sent]) if s.label == "POSITION"}
        resp = {(s.start, s.end) for s in tag.spans([w for w, _ in sent]) if s.label == "POSITION"}
        score.add(Score.simple(len(gold & resp), len(gold), len(resp)))
    return score


def evaluate_kaznerd(path: str | Path, limit: int | None = None, pipeline: Any = None,
                     per_doc: int = 10, skip: int = HELD_OUT_START) -> KazNerdReport:
    """Exact-span precision/recall/F1 per type (and overall) on ``limit`` sentences after the first
    ``skip`` (by default all the held-out ones), and the tagger's POSITION spans."""
    sentences = read_sentences(path)[skip:]
    if limit is not None:
        sentences = sentences[:limit]
    docs = list(documents(sentences, per_doc))
    articles = run_pipeline([{"text": d.text} for d in docs], pipeline)
    scores = {t: Score() for t in (*TAGS, "overall")}
    for doc, art in zip(docs, articles, strict=True):
        resp = {(m.start, m.end, e.type) for e in art.entities if e.type in TAGS for m in e.mentions}
        for tag in TAGS:
            g = {x for x in doc.gold if x[2] == tag}
            r = {x for x in resp if x[2] == tag}
            scores[tag].add(Score.simple(len(g & r), len(g), len(r)))
        scores["overall"].add(Score.simple(len(doc.gold & resp), len(doc.gold), len(resp)))
    scores["POSITION"] = position_score(sentences)
    return KazNerdReport(str(path), len(sentences), scores)
