"""The quote stage's share of extraction time, and its time against text size.

usage: python benchmarks/quote_stage.py [share|linear] [DIR]

share: extracts every FactRuEval devset text (DIR, default ../shared/data/factru2016/devset) and
prints the time spent in each stage; linear: builds texts of about 100 KB, 300 KB and 1 MB from the
kznews articles (repeated, read at run time) and prints the quote stage's seconds per 100 KB.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def share(folder: Path) -> None:
    from derek import Pipeline

    pipe = Pipeline()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    spent: dict[str, float] = {}
    for stage in pipe.stages:
        orig = type(stage).__call__

        def run(self, work, _orig=orig):
            t = time.perf_counter()
            try:
                return _orig(self, work)
            finally:
                spent[self.name] = spent.get(self.name, 0.0) + time.perf_counter() - t

        type(stage).__call__ = run
    t0 = time.perf_counter()
    for text in texts:
        pipe.extract(text)
    total = time.perf_counter() - t0
    for name, s in sorted(spent.items(), key=lambda x: -x[1]):
        print(f"{name:12} {s:7.2f} s  {100 * s / total:5.1f} %")
    print(f"{'total':12} {total:7.2f} s  ({len(texts)} documents)")


def linear() -> None:
    from derek import Pipeline
    from derek.nlp.quotes import QuoteStage

    full = Pipeline()
    quotes = next(s for s in full.stages if isinstance(s, QuoteStage))
    before = Pipeline(stages=full.stages[: full.stages.index(quotes)])
    body = "\n\n".join(json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((SHARED / "kznews").glob("*.json")))
    if not body:
        raise SystemExit(f"no kznews articles under {SHARED / 'kznews'}")
    for size in (100_000, 300_000, 1_000_000):
        # copies made distinct (the same statement twice is one quote): each copy's sentences numbered
        copies = [body.replace(". ", f" ({i}). ") for i in range(size // len(body) + 1)]
        text = "\n\n".join(copies)[:size]
        [work] = before.run([before.start(text)])
        t = time.perf_counter()
        quotes(work)
        s = time.perf_counter() - t
        print(f"{size / 1000:6.0f} KB  quote stage {s:6.2f} s  ({s / (size / 100_000):.2f} s per 100 KB), "
              f"{len(work.article.quotes)} quotes")


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "share"
    if mode == "linear":
        linear()
    else:
        share(Path(sys.argv[2]) if len(sys.argv) > 2 else SHARED / "factru2016" / "devset")
