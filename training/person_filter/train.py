"""Train derek's person filter (logistic regression) on NEREL train PERSON spans.

    .venv/bin/python training/person_filter/train.py [--l2 1.0] [--min-count 2] [--threshold T]

Runs derek (its filter switched off) over ../shared/data/nerel/train, takes every PER
span derek proposes on Russian text, labels it a person when it overlaps a gold PERSON
span, and fits a logistic model over the features of derek.nlp.person_filter. The last
15% of the documents are a validation part for the report and the threshold; the model
written is then fitted on all of train. The held-out nerel/dev is never read.
Writes src/derek/models/person_filter-v1.json. About two minutes on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT.parent / "shared" / "data" / "nerel" / "train"
CACHE = Path("/tmp/derek_person_filter_spans.json")


def _spaces(s: str) -> str:
    """Every kind of space as a plain one (the clean step turns «В.\xa0В.\xa0Путину» into «В. В. Путину»)."""
    return "".join(" " if ch.isspace() and ch != "\n" else ch for ch in s)


def gold_persons(ann: Path, raw: str, text: str) -> list[tuple[int, int]]:
    """Gold PERSON spans as offsets into derek's article text (found by their words near the raw offset)."""
    out = []
    text = _spaces(text)
    for line in ann.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if not line.startswith("T") or len(cols) < 3 or not cols[1].startswith("PERSON "):
            continue
        start = int(cols[1].split()[1].split(";")[0])
        words = _spaces(cols[2])
        best, pos = None, text.find(words)
        while pos != -1:
            if best is None or abs(pos - start) < abs(best - start):
                best = pos
            pos = text.find(words, pos + 1)
        if best is not None:
            out.append((best, best + len(words)))
    return out


def collect(limit: int | None) -> list[dict]:
    """One row per proposed PER span: document, features, label."""
    from derek.nlp import person_filter
    from derek.pipeline import Pipeline

    person_filter.model = lambda: None  # type: ignore[assignment]  # every span is proposed
    pipe = Pipeline()
    rows = []
    files = sorted(TRAIN.glob("*.txt"))[:limit]
    for n, txt in enumerate(files):
        raw = txt.read_text(encoding="utf-8")
        work = pipe.run([pipe.start(raw)])[0]
        if work.article.lang == "kk" or work.doc is None:
            continue
        gold = gold_persons(txt.with_suffix(".ann"), raw, work.article.text)
        spans = [s for s in work.spans if s.type == "PER" and s.tokens]
        for sp, feats in zip(spans, person_filter.span_features(work.spans, work.doc), strict=True):
            label = any(sp.start < e and s < sp.end for s, e in gold)
            rows.append({"doc": txt.stem, "text": sp.text, "feats": feats, "y": int(label)})
        if n % 100 == 0:
            print(f"  {n}/{len(files)} documents, {len(rows)} spans", flush=True)
    return rows


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 400) -> tuple[np.ndarray, float]:
    """Logistic regression by full-batch Adam; L2 on the weights, not the bias."""
    w = np.zeros(x.shape[1])
    b = 0.0
    m, v, mb, vb = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    lr, b1, b2 = 0.05, 0.9, 0.999
    for t in range(1, steps + 1):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = x.T @ (p - y) / len(y) + l2 * w / len(y)
        gb = float(np.mean(p - y))
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        mb, vb = b1 * mb + (1 - b1) * gb, b2 * vb + (1 - b2) * gb * gb
        w -= lr * (m / (1 - b1 ** t)) / (np.sqrt(v / (1 - b2 ** t)) + 1e-8)
        b -= lr * (mb / (1 - b1 ** t)) / (np.sqrt(vb / (1 - b2 ** t)) + 1e-8)
    return w, b


def matrix(rows: list[dict], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    x = np.zeros((len(rows), len(vocab)))
    for i, r in enumerate(rows):
        for f in r["feats"]:
            if f in vocab:
                x[i, vocab[f]] = 1.0
    return x, np.array([r["y"] for r in rows], dtype=float)


def report(name: str, p: np.ndarray, y: np.ndarray, threshold: float) -> str:
    keep = p >= threshold
    tp, fp, fn = int(np.sum(keep & (y == 1))), int(np.sum(keep & (y == 0))), int(np.sum(~keep & (y == 1)))
    dropped_bad = int(np.sum(~keep & (y == 0)))
    prec = tp / max(tp + fp, 1)
    rec = tp / max(tp + fn, 1)
    return (f"{name}: {len(y)} spans ({int(y.sum())} persons); kept {int(keep.sum())}: precision {prec:.3f}, "
            f"recall {rec:.3f}; non-persons dropped {dropped_bad}/{int((y == 0).sum())}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--threshold", type=float, default=None, help="fixed threshold (default: chosen on validation)")
    ap.add_argument("--limit", type=int, default=None, help="first N documents only (a quick try)")
    ap.add_argument("--reuse", action="store_true", help=f"reuse the spans cached in {CACHE}")
    args = ap.parse_args()
    t0 = time.time()
    if args.reuse and CACHE.exists():
        rows = json.loads(CACHE.read_text(encoding="utf-8"))
    else:
        rows = collect(args.limit)
        CACHE.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    docs = sorted({r["doc"] for r in rows})
    val_docs = set(docs[int(len(docs) * 0.85):])
    fit_rows = [r for r in rows if r["doc"] not in val_docs]
    val_rows = [r for r in rows if r["doc"] in val_docs]

    def vocab_of(rs: list[dict]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in rs:
            for f in r["feats"]:
                counts[f] = counts.get(f, 0) + 1
        return {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= args.min_count))}

    vocab = vocab_of(fit_rows)
    x, y = matrix(fit_rows, vocab)
    w, b = fit(x, y, args.l2)
    xv, yv = matrix(val_rows, vocab)
    pv = 1 / (1 + np.exp(-(xv @ w + b)))
    # the threshold: the best accuracy on validation, dropping a span only when fairly sure
    grid = np.linspace(0.1, 0.7, 25)
    threshold = args.threshold if args.threshold is not None else float(
        max(grid, key=lambda t: (np.mean((pv >= t) == (yv == 1)), -t)))
    print(report("validation", pv, yv, threshold))
    print(report("validation, no filter", pv, yv, 0.0))
    vocab = vocab_of(rows)
    x, y = matrix(rows, vocab)
    w, b = fit(x, y, args.l2)
    pa = 1 / (1 + np.exp(-(x @ w + b)))
    print(report("all train (fitted on)", pa, y, threshold))
    from derek.nlp import person_filter

    out = person_filter.MODEL_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    weights = {f: round(float(w[i]), 4) for f, i in vocab.items() if abs(w[i]) >= 1e-3}
    out.write_text(json.dumps({
        "format": person_filter.FORMAT, "version": person_filter.VERSION,
        "trained_on": "NEREL v1.1 train (746 documents), PER spans proposed by derek",
        "command": "python training/person_filter/train.py " + " ".join(sys.argv[1:]),
        "threshold": round(threshold, 3), "bias": round(float(b), 4), "weights": weights,
    }, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(weights)} weights, threshold {threshold:.3f}) in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
