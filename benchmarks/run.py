"""Speed and memory of derek against Natasha, and batch scaling: ``python benchmarks/run.py [--docs N] [--json]``.

The same code as ``derek bench`` (``derek.bench``); see that module for what is measured.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from derek.bench import main  # noqa: E402

if __name__ == "__main__":
    main()
