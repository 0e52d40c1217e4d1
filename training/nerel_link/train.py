"""Train derek's person–post and post–organization/place linker on NEREL train WORKS_AS and WORKPLACE.

    .venv/bin/python training/nerel_link/train.py [--folds 3]

derek runs over ../shared/data/nerel/train (cached in /tmp by
training/nerel_posts/data.py). For every gold PROFESSION phrase (outermost
span), derek.nlp.post_link's named rules propose the persons and the
organizations/places; a candidate is right when NEREL relates that person
(WORKS_AS) or that organization/place (WORKPLACE, or an ORGANIZATION inside
the phrase) to the phrase. Two logistic regressions (numpy, L2) are fit; the
decision threshold of each is chosen by k-fold cross-validation on train
(the held-out dev is not read). Writes src/derek/models/ru_link-v2.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "nerel_posts"))
import data  # noqa: E402
from derek.nlp import post_link as PL  # noqa: E402

ROOT = HERE.parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "nerel" / "train"
TOOL = ROOT.parent / "shared" / "tools" / "nerel_positions.py"
PLACE_TYPES = {"ORGANIZATION", "COUNTRY", "CITY", "STATE_OR_PROVINCE", "DISTRICT", "LOCATION", "FACILITY"}


def tool():
    spec = importlib.util.spec_from_file_location("nerel_positions", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def outermost(spans):
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]


def token_range(views, a: int, b: int):
    """(sentence, i, j) of the tokens inside chars [a, b), or None."""
    for v in views:
        if not v.toks or v.toks[-1].stop <= a or v.toks[0].start >= b:
            continue
        inside = [k for k, t in enumerate(v.toks) if t.start >= a and t.stop <= b]
        if inside:
            return v.index, inside[0], inside[-1] + 1
    return None


def examples(doc, T):
    """(features, label, group) for person candidates and for place candidates of every gold post."""
    art, work = doc.work.article, doc.work
    views = PL.doc_views(work.doc.sents, work.spans, art.entities)
    people = {p.entity: p for p in art.people}
    rules = PL.rule_spans(art.people)
    ents = {k: {**e, "a": doc.at(e["start"]), "b": doc.at(e["end"])} for k, e in doc.gold.ents.items()}
    profs = [k for k, e in ents.items() if e["type"] == "PROFESSION"]
    outer = outermost(sorted({(ents[k]["a"], ents[k]["b"]) for k in profs}))
    person_ex, place_ex = [], []
    for a, b in outer:
        inner = {k for k in profs if a <= ents[k]["a"] and ents[k]["b"] <= b}
        holders = {p for p, q in doc.gold.works_as if q in inner and p in ents}
        places = {o for x, o in doc.gold.workplace if (x in inner or x in holders) and o in ents}
        places |= {k for k, e in ents.items() if e["type"] == "ORGANIZATION" and a <= e["a"] and e["b"] <= b}
        tr = token_range(views, a, b)
        if tr is None:
            continue
        s, i, j = tr
        gold_people = []
        for h in holders:
            sur, first = T.name_key(ents[h]["text"])
            gold_people.append({"surnames": {sur} if sur else set(), "firsts": [first] if first else [],
                                "a": ents[h]["a"], "b": ents[h]["b"]})
        group = (doc.name, a)
        for c, f in PL.scored_persons(views, s, (i, j), people, rules):
            sp = c.target.span
            name = people[c.target.entity.id].name
            y = any((sp.start < g["b"] and g["a"] < sp.end) or T.person_matches(name, g) for g in gold_people)
            person_ex.append((f, int(y), group, bool(holders)))
        for c, f in PL.scored_places(views[s], (i, j)):
            sp = c.target.span
            y = any(sp.start < ents[o]["b"] and ents[o]["a"] < sp.end for o in places)
            place_ex.append((f, int(y), group, bool(places)))
    return person_ex, place_ex


def fit(feats, ys, l2: float = 1.0, iters: int = 400) -> dict[str, float]:
    vocab = sorted({k for f in feats for k in f})
    idx = {k: n for n, k in enumerate(vocab)}
    X = np.zeros((len(feats), len(vocab)))
    for r, f in enumerate(feats):
        for k, v in f.items():
            X[r, idx[k]] = v
    y = np.asarray(ys, dtype=float)
    w = np.zeros(len(vocab))
    m = np.zeros_like(w)
    v2 = np.zeros_like(w)
    for t in range(1, iters + 1):  # Adam on the mean log loss + L2
        p = 1 / (1 + np.exp(-np.clip(X @ w, -30, 30)))
        g = X.T @ (p - y) / len(y) + l2 * w / len(y)
        m = 0.9 * m + 0.1 * g
        v2 = 0.999 * v2 + 0.001 * g * g
        w -= 0.1 * (m / (1 - 0.9 ** t)) / (np.sqrt(v2 / (1 - 0.999 ** t)) + 1e-8)
    return {k: round(float(w[n]), 5) for k, n in idx.items() if abs(w[n]) > 1e-5}


def prob(w, f):
    z = sum(w.get(k, 0.0) * v for k, v in f.items())
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def decide(exs, w, thr):
    """tp, predicted, gold over posts: the best candidate of each post above thr."""
    groups: dict = {}
    for f, y, g, has in exs:
        groups.setdefault(g, []).append((prob(w, f), y, has))
    tp = npred = 0
    for items in groups.values():
        p, y, _ = max(items, key=lambda x: x[0])
        if p >= thr:
            npred += 1
            tp += y
    return tp, npred


def cross_validate(person_docs, folds, key):
    """Per-fold weights → held-out probabilities; the thresholds with the best post-level F1, one for a
    candidate in the post's sentence and one for a candidate named in a sentence before."""
    scored = []
    for k in range(folds):
        tr = [e for i, exs in enumerate(person_docs) if i % folds != k for e in exs]
        te = [e for i, exs in enumerate(person_docs) if i % folds == k for e in exs]
        w = fit([e[0] for e in tr], [e[1] for e in tr])
        scored += [(prob(w, f), y, g, has, bool(f.get("other_sentence"))) for f, y, g, has in te]
    gold = len({g for _, _, g, has, _ in scored if has})
    groups: dict = {}
    for p, y, g, _, other in scored:
        groups.setdefault(g, []).append((p, y, other))
    tops = [max(items, key=lambda x: x[0]) for items in groups.values()]
    best = (0.0, 0.5, 0.5, 0, 0)
    grid = [round(float(t), 2) for t in np.arange(0.1, 0.9, 0.05)]
    for same in grid:
        for other in grid:
            tp = npred = 0
            for p, y, is_other in tops:
                if p >= (other if is_other else same):
                    npred += 1
                    tp += y
            f1 = 2 * tp / (npred + gold) if npred + gold else 0.0
            if f1 > best[0] + 1e-9:
                best = (f1, same, other, tp, npred)
    f1, same, other, tp, npred = best
    print(f"{key}: cross-validated post-level F1 {f1:.4f} at thresholds {same:.2f} (same sentence) / "
          f"{other:.2f} (a sentence before) (tp {tp}, predicted {npred}, gold posts with a {key} {gold})", flush=True)
    return (same, other), {"f1": round(f1, 4), "p": round(tp / max(npred, 1), 4), "r": round(tp / max(gold, 1), 4)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--folder", default=str(TRAIN))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--out", default=str(PL.MODELS))
    ap.add_argument("--leave-out", type=int, default=None,
                    help="train without the documents i %% 3 == K (to score fold K with the rest of the pipeline)")
    args = ap.parse_args()
    t0 = time.time()
    T = tool()
    docs = data.load(args.folder, args.limit)
    if args.leave_out is not None:
        docs = [d for i, d in enumerate(docs) if i % 3 != args.leave_out]
    per_doc = [examples(d, T) for d in docs]
    persons = [p for p, _ in per_doc]
    places = [q for _, q in per_doc]
    print(f"{len(docs)} documents: {sum(map(len, persons))} person and {sum(map(len, places))} place candidates "
          f"in {time.time() - t0:.0f}s", flush=True)
    meta = {"format": PL.LINK_FORMAT, "features": PL.LINK_FEATURES_VERSION, "name": PL.LINK_NAME,
            "trained_on": f"NEREL train ({len(docs)} documents): WORKS_AS and WORKPLACE of gold PROFESSION spans"}
    for key, exs in (("person", persons), ("place", places)):
        thr, cv = cross_validate(exs, args.folds, key)
        flat = [e for x in exs for e in x]
        w = fit([e[0] for e in flat], [e[1] for e in flat])
        meta[key] = {"threshold": thr[0], "threshold_other": thr[1], "cross_validation": cv,
                     "weights": dict(sorted(w.items()))}
    out = Path(args.out) / f"{PL.LINK_NAME}.json"
    out.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
