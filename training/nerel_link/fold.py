"""Score fold K of NEREL train with the whole positions stage, the tagger and linker trained without it.

    .venv/bin/python training/nerel_link/fold.py [--fold 0] [--models DIR] [--train] [--details FILE]

With ``--train`` it first rebuilds both models without fold K into DIR
(training/nerel_posts/train.py --leave-out K --folds 0, training/nerel_link/train.py
--leave-out K). Then it takes derek's cached output over NEREL train (rules only,
training/nerel_posts/data.py), adds the models' positions as the positions stage
does, writes the Article JSON of fold K's documents and scores them with
../shared/tools/nerel_positions.py. This is the development figure the model
cards give as «NEREL train fold 0»; nerel/dev is never read.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "nerel_posts"))
import data  # noqa: E402

ROOT = HERE.parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "nerel" / "train"
TOOL = ROOT.parent / "shared" / "tools" / "nerel_positions.py"


def train_models(fold: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for script, extra in (("nerel_posts/train.py", ["--folds", "0"]), ("nerel_link/train.py", [])):
        cmd = [sys.executable, str(HERE.parent / script), "--leave-out", str(fold), "--out", str(out), *extra]
        subprocess.run(cmd, check=True)


def predict(docs, fold: int, models: Path, out: Path) -> list[str]:
    """The Article JSON of fold ``fold``'s documents, the models' positions added; their names."""
    os.environ["DEREK_NO_POST_MODELS"] = "1"  # the stage object below must not load the package's models
    from derek.evaluate.nerel import export_article
    from derek.nlp import post_link, post_positions, post_tagger
    from derek.nlp.positions import place_national_posts

    tagger = post_tagger.PostTagger(post_tagger.MODEL_NAME, models)
    linker = post_link.LinkModel(post_link.LINK_NAME, models)
    names = []
    for i, doc in enumerate(docs):
        if i % 3 != fold:
            continue
        work = copy.deepcopy(doc.work)
        if post_positions.add_tagged_positions(work, tagger, linker):
            place_national_posts(work.article)  # the rules already placed their own posts in the cached run
        post_positions.set_kinds(work.article.people)
        (out / f"{doc.name}.json").write_text(json.dumps(export_article(work.article), ensure_ascii=False),
                                              encoding="utf-8")
        names.append(doc.name)
    return names


def score(names: list[str], pred: Path, details: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="derek-fold-") as tmp:
        gold_all, gold = Path(tmp) / "all.jsonl", Path(tmp) / "gold.jsonl"
        subprocess.run([sys.executable, str(TOOL), "gold", str(TRAIN), str(gold_all)], check=True,
                       capture_output=True)
        keep = set(names)
        lines = [x for x in gold_all.read_text(encoding="utf-8").splitlines() if x and json.loads(x)["doc"] in keep]
        gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
        args = [sys.executable, str(TOOL), "score", str(gold), str(pred), "--json"]
        if details:
            args += ["--errors", details]
        res = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fold", type=int, default=0)
    ap.add_argument("--models", default="/tmp/derek-fold-models")
    ap.add_argument("--train", action="store_true", help="rebuild both models without the fold first")
    ap.add_argument("--out", default=None, help="folder for the fold's NNN.json (a temporary one without)")
    ap.add_argument("--details", default=None, help="write the scorer's misses and spurious items here (JSONL)")
    args = ap.parse_args()
    models = Path(args.models)
    if args.train:
        train_models(args.fold, models)
    import derek  # noqa: F401 - derek's imports set up natasha's morphology before data.load runs the pipeline

    docs = data.load(TRAIN)
    with tempfile.TemporaryDirectory(prefix="derek-fold-pred-") as tmp:
        out = Path(args.out) if args.out else Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        names = predict(docs, args.fold, models, out)
        res = score(names, out, args.details)
    keys = [k for k in res if isinstance(res[k], dict) and "f1" in res[k]]
    print(json.dumps({k: res[k] for k in keys}, ensure_ascii=False))
    for k in keys:
        print(f"{k:32s} P {res[k].get('p', 0):.4f} R {res[k].get('r', 0):.4f} F1 {res[k]['f1']:.4f}")


if __name__ == "__main__":
    main()
