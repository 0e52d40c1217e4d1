"""CPU time of the HTML reader on the saved news pages, against the reader of an earlier revision.

Reads ``../shared/data/webpages/pages/*.html`` (decoded once beforehand) with
``derek.read.html.from_html``, and with the ``from_html`` of ``--rev`` (the file
``src/derek/read/html.py`` at that git revision, loaded on its own), alternating,
``--rounds`` times; prints the median CPU seconds of a pass over all pages. CPU time
(``time.process_time``), not wall time: the machine is shared.

    .venv/bin/python benchmarks/html_reader.py --rev 93187e6 [--rounds 5] [--json]

93187e6 is the revision before issue 15's page work (metadata, refusals, language).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import types
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "data" / "webpages" / "pages"


def reader_at(rev: str) -> Any:
    """``from_html`` of ``src/derek/read/html.py`` at ``rev``, its relative imports made absolute."""
    src = subprocess.run(["git", "show", f"{rev}:src/derek/read/html.py"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    src = re.sub(r"^from \.\.(\w+)", r"from derek.\1", src, flags=re.MULTILINE)
    src = re.sub(r"^from \.(\w+)", r"from derek.read.\1", src, flags=re.MULTILINE)
    mod = types.ModuleType(f"derek_read_html_{rev}")
    exec(compile(src, f"{rev}:html.py", "exec"), mod.__dict__)  # noqa: S102 - our own file at a revision
    return mod.from_html


def one_pass(reader: Any, docs: list[tuple[str, str]]) -> float:
    from derek.errors import InputError

    t = time.process_time()
    for name, html in docs:
        try:
            reader(html, name=name)
        except InputError:
            pass
    return time.process_time() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="git revision to compare with (e.g. 93187e6)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    from derek.read.decode import decode_bytes
    from derek.read.html import from_html

    docs = [(p.name, decode_bytes(p.read_bytes(), name=p.name)[0]) for p in sorted(PAGES.glob("*.html"))]
    readers = {"now": from_html}
    if args.rev:
        readers[args.rev] = reader_at(args.rev)
    times: dict[str, list[float]] = {k: [] for k in readers}
    for r in readers.values():  # warm-up: imports, trafilatura's caches
        one_pass(r, docs)
    for _ in range(args.rounds):
        for k, r in readers.items():
            times[k].append(one_pass(r, docs))
    out = {"pages": len(docs), "rounds": args.rounds,
           "cpu_s_median": {k: round(statistics.median(v), 3) for k, v in times.items()}}
    if args.json:
        print(json.dumps(out))
        return
    for k, v in out["cpu_s_median"].items():
        print(f"{k:>10}: {v:.3f} CPU s for {len(docs)} pages ({v / len(docs) * 1000:.1f} ms a page)")


if __name__ == "__main__":
    sys.exit(main())
