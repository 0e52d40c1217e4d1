"""Train derek's post/profession tagger (CRF) on NEREL train PROFESSION spans.

    .venv/bin/python training/nerel_posts/train.py [--folds 3] [--c1 0.3 --c2 0.01]

Runs derek over ../shared/data/nerel/train once (cached in /tmp), labels each
sentence's tokens B/I/O from the outermost PROFESSION spans, reports k-fold
cross-validated span figures on train (the held-out dev is not read), then
trains on all of train and writes src/derek/models/ru_posts-v2.crfsuite with
its metadata ru_posts-v2.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))
import data  # noqa: E402
from derek.nlp import post_tagger as PT  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT.parent / "shared" / "data" / "nerel" / "train"


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def sentences(doc: data.NerelDoc) -> list[tuple[list[list[str]], list[str]]]:
    """(crfsuite items, gold labels) per sentence of a document."""
    prof = outermost(sorted({(doc.at(e["start"]), doc.at(e["end"])) for e in doc.gold.ents.values()
                             if e["type"] == "PROFESSION"}))
    by_tok = PT.spans_by_token(doc.work.spans)
    out = []
    for sent in doc.work.doc.sents:
        toks = sent.tokens
        labels = ["O"] * len(toks)
        for s, e in prof:
            inside = [k for k, t in enumerate(toks) if t.start >= s and t.stop <= e]
            for n, k in enumerate(inside):
                labels[k] = "B" if n == 0 else "I"
        out.append((PT.sentence_features(toks, PT.ner_tags(toks, by_tok)), labels))
    return out


def train(seqs, path: Path, c1: float, c2: float, iters: int) -> None:
    tr = pycrfsuite.Trainer(verbose=False)
    for x, y in seqs:
        tr.append(x, y)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    tr.train(str(path))


def span_prf(gold: list[list[str]], pred: list[list[str]]) -> dict[str, float]:
    tp = ov = ng = npred = 0
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(PT.bio_spans(g)), set(PT.bio_spans(p))
        ng += len(gs)
        npred += len(ps)
        tp += len(gs & ps)
        ov += sum(any(a < d and c < b for c, d in gs) for a, b in ps)
    f = lambda t: 2 * t / (ng + npred) if ng + npred else 0.0  # noqa: E731
    return {"exact_p": tp / max(npred, 1), "exact_r": tp / max(ng, 1), "exact_f1": f(tp),
            "overlap_f1": f(ov), "gold": ng, "pred": npred}


def cross_validate(docs, folds: int, c1: float, c2: float, iters: int) -> dict[str, float]:
    gold, pred = [], []
    for k in range(folds):
        tr = [s for i, d in enumerate(docs) if i % folds != k for s in sentences(d)]
        te = [s for i, d in enumerate(docs) if i % folds == k for s in sentences(d)]
        path = Path(f"/tmp/derek-posts-cv{k}.crfsuite")
        train(tr, path, c1, c2, iters)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        for x, y in te:
            gold.append(y)
            pred.append(tagger.tag(x))
    return span_prf(gold, pred)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folder", default=str(TRAIN))
    ap.add_argument("--folds", type=int, default=3, help="cross-validation folds on train (0: none)")
    ap.add_argument("--c1", type=float, default=0.3)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", default=str(PT.MODELS))
    ap.add_argument("--leave-out", type=int, default=None,
                    help="train without the documents i %% 3 == K (to score fold K with the rest of the pipeline)")
    args = ap.parse_args()
    t0 = time.time()
    docs = data.load(args.folder, args.limit)
    if args.leave_out is not None:
        docs = [d for i, d in enumerate(docs) if i % 3 != args.leave_out]
    print(f"{len(docs)} documents through derek in {time.time() - t0:.0f}s", flush=True)
    cv = cross_validate(docs, args.folds, args.c1, args.c2, args.iters) if args.folds > 1 else {}
    if cv:
        print("cross-validated on train:", json.dumps({k: round(v, 4) for k, v in cv.items()}), flush=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model = out / f"{PT.MODEL_NAME}.crfsuite"
    train([s for d in docs for s in sentences(d)], model, args.c1, args.c2, args.iters)
    meta = {"format": PT.FORMAT, "features": PT.FEATURES_VERSION, "name": PT.MODEL_NAME,
            "trained_on": f"NEREL train ({len(docs)} documents), outermost PROFESSION spans",
            "params": {"c1": args.c1, "c2": args.c2, "max_iterations": args.iters},
            "cross_validation": {k: round(v, 4) for k, v in cv.items()}}
    (out / f"{PT.MODEL_NAME}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {model} ({model.stat().st_size // 1024} KB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
