"""Train derek's Kazakh tagger (a CRF, python-crfsuite) on KazNERD sentences 1–8,000.

    .venv/bin/python training/kk_ner/train.py tune      # train 1–7,000, score 7,001–8,000
    .venv/bin/python training/kk_ner/train.py score --out M  # score model M on 7,001–8,000
    .venv/bin/python training/kk_ner/train.py build     # train 1–8,000 → src/derek/models/kk_ner-v1.crfsuite
    .venv/bin/python training/kk_ner/train.py heldout   # aggregate span F1 of the shipped model on 8,001–end

The CRF is also the vote of the shipped network (kk_ner-v2, ``net.py``).

Sentences 8,001–end are held out: ``heldout`` prints per-class F1 only, never a
sentence. The features are derek's own (``derek.nlp.kk_ner.sentence_features``),
so training and run time cannot drift apart. This script is never imported by
the package.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycrfsuite

from derek.evaluate.kaznerd import read_sentences
from derek.nlp.kk_ner import CRF_PATH, MODEL_PATH, KazakhTagger, labels_to_spans, sentence_features

DATA = Path("../shared/data/kaznerd/IOB2_valid.txt")
DEV_END = 8000  # sentences 1–8,000 are ours to train and tune on
TUNE_SPLIT = 7000
PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 100, "feature.minfreq": 2,
          "feature.possible_transitions": True}
REPORT = ("PERSON", "GPE", "LOCATION", "ORGANISATION", "POSITION")


def train(sentences: list, out: Path, params: dict) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for sent in sentences:
        words = [w for w, _ in sent]
        trainer.append(sentence_features(words), [lab for _, lab in sent])
    trainer.set_params(params)
    t = time.time()
    trainer.train(str(out))
    print(f"trained on {len(sentences)} sentences in {time.time() - t:.0f}s → {out} "
          f"({out.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)


MERGE = {"GPE": "LOC", "LOCATION": "LOC", "PERSON": "PER", "ORGANISATION": "ORG"}


def _count(tp: Counter, ng: Counter, nr: Counter, gold: set, resp: set, name_of, total: str = "") -> None:
    """Counts per class name (or all under ``total``); a span matches with its class."""
    g = {(a, b, name_of(c)) for a, b, c in gold if name_of(c)}
    r = {(a, b, name_of(c)) for a, b, c in resp if name_of(c)}
    for x in g:
        ng[total or x[2]] += 1
        tp[total or x[2]] += x in r
    for x in r:
        nr[total or x[2]] += 1


def score(model: Path, sentences: list) -> dict[str, tuple[float, float, float]]:
    """Exact-span precision, recall, F1 per KazNERD class, per derek type (=PER, =LOC with GPE and
    LOCATION together, =ORG) and for PER/LOC/ORG together."""
    tagger = KazakhTagger(model)
    tp: Counter = Counter()
    ng: Counter = Counter()
    nr: Counter = Counter()
    for sent in sentences:
        gold = {(s.start, s.end, s.label) for s in labels_to_spans([lab for _, lab in sent])}
        resp = {(s.start, s.end, s.label) for s in tagger.spans([w for w, _ in sent])}
        _count(tp, ng, nr, gold, resp, lambda c: c)
        _count(tp, ng, nr, gold, resp, lambda c: "=" + MERGE[c] if c in MERGE else "")
        _count(tp, ng, nr, gold, resp, lambda c: MERGE.get(c, ""), total="PER/LOC/ORG")
    out = {}
    for k in ng.keys() | nr.keys():
        p = tp[k] / nr[k] if nr[k] else 0.0
        r = tp[k] / ng[k] if ng[k] else 0.0
        out[k] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def show(scores: dict[str, tuple[float, float, float]]) -> None:
    order = ["=PER", "=LOC", "=ORG", "PER/LOC/ORG", *REPORT]
    for k in order + sorted(k for k in scores if k not in order):
        if k in scores:
            p, r, f = scores[k]
            print(f"{k:16} P {p:.4f} R {r:.4f} F1 {f:.4f}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=("tune", "score", "build", "heldout"))
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--c1", type=float, default=PARAMS["c1"])
    ap.add_argument("--c2", type=float, default=PARAMS["c2"])
    ap.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    ap.add_argument("--minfreq", type=float, default=PARAMS["feature.minfreq"])
    ap.add_argument("--out", type=Path, help="build: the CRF's file (default kk_ner-v1.crfsuite); "
                    "score/heldout: the model to score (default the shipped kk_ner-v2.npz)")
    ap.add_argument("--save", type=Path, help="tune: keep the tuning model here")
    args = ap.parse_args(argv)
    sents = read_sentences(args.data)
    params = {**PARAMS, "c1": args.c1, "c2": args.c2, "max_iterations": args.iterations,
              "feature.minfreq": args.minfreq}
    if args.what == "tune":
        with tempfile.TemporaryDirectory() as tmp:
            model = args.save or Path(tmp) / "kk_ner-v1.crfsuite"
            train(sents[:TUNE_SPLIT], model, params)
            print(f"params {params}; scored on sentences {TUNE_SPLIT + 1}–{DEV_END}")
            show(score(model, sents[TUNE_SPLIT:DEV_END]))
    elif args.what == "score":
        args.out = args.out or MODEL_PATH
        print(f"model {args.out}; scored on sentences {TUNE_SPLIT + 1}–{DEV_END}")
        show(score(args.out, sents[TUNE_SPLIT:DEV_END]))
    elif args.what == "build":
        args.out = args.out or CRF_PATH
        args.out.parent.mkdir(parents=True, exist_ok=True)
        train(sents[:DEV_END], args.out, params)
    else:
        args.out = args.out or MODEL_PATH
        print(f"model {args.out}; held-out sentences {DEV_END + 1}–{len(sents)} (aggregate only)")
        show(score(args.out, sents[DEV_END:]))


if __name__ == "__main__":
    main()
