"""Kazakh against Russian extraction speed: docs/s and characters/s of kk-news/dev (Kazakh) and
kznews (Russian) articles through one pipeline, in the same run, two rounds.

    .venv/bin/python benchmarks/kazakh_speed.py
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

DATA = Path("../shared/data")
SETS = {"kk": DATA / "kk-news" / "dev", "ru": DATA / "kznews"}


def texts(folder: Path) -> list[str]:
    return [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(folder.glob("*.json"))]


def main(rounds: int = 2) -> None:
    import derek

    pipe = derek.Pipeline()
    docs = {name: texts(folder) for name, folder in SETS.items()}
    for d in docs.values():
        pipe.extract(d[0])  # models loaded, caches warm
    for rnd in range(rounds):
        for name, batch in docs.items():
            start = time.perf_counter()
            for text in batch:
                pipe.extract(text)
            took = time.perf_counter() - start
            chars = sum(len(t) for t in batch)
            print(f"round {rnd + 1} {name}: {len(batch)} docs, {len(batch) / took:.1f} docs/s, "
                  f"{chars / took / 1000:.1f} thousand chars/s")


if __name__ == "__main__":
    main()
