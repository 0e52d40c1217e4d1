"""Snapshot derek's Article JSON over the regression inputs, and diff two snapshots.

A refactor that "changes the shape, not what derek finds" must leave these
snapshots identical:

    python scripts/diff_outputs.py snapshot /tmp/snap_before      # on the old code
    python scripts/diff_outputs.py snapshot /tmp/snap_after       # on the new code
    python scripts/diff_outputs.py diff /tmp/snap_before /tmp/snap_after

Inputs: the FactRuEval devset texts, kznews, the seed and the demo corpus
(``src/derek/demo``). Only development data: no held-out part is read.
``--explain`` snapshots carry the internal rule names too (compare those only
between runs that both have them).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def _inputs() -> Iterator[tuple[str, str]]:
    """(name, text) of every regression input, in a fixed order."""
    for p in sorted((SHARED / "factru2016" / "devset").glob("book_*.txt")):
        yield f"factru/{p.stem}", p.read_text(encoding="utf-8")
    for p in sorted((SHARED / "kznews").glob("*.json")):
        yield f"kznews/{p.stem}", json.loads(p.read_text(encoding="utf-8"))["text"]
    for p in sorted((SHARED / "seed").glob("*.txt")):
        yield f"seed/{p.stem}", p.read_text(encoding="utf-8")
    demo = ROOT / "src" / "derek" / "demo"
    for p in sorted(demo.glob("*.txt")):
        yield f"demo/{p.stem}", p.read_text(encoding="utf-8")
    jl = demo / "demo.jsonl"
    if jl.exists():
        for n, line in enumerate(jl.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rec = json.loads(line)
                yield f"demo/jsonl-{n:03d}", rec.get("text") or rec.get("html") or ""


def snapshot(out: Path, explain: bool) -> int:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from derek import Pipeline

    pipe = Pipeline()
    n = 0
    for name, text in _inputs():
        art = pipe.extract(text)
        d = dataclasses.asdict(art) if explain else art.to_dict()
        target = out / (name + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        n += 1
    print(f"{n} articles written to {out}")
    return 0


def diff(a: Path, b: Path) -> int:
    names_a = {p.relative_to(a).as_posix() for p in a.rglob("*.json")}
    names_b = {p.relative_to(b).as_posix() for p in b.rglob("*.json")}
    differ = 0
    for name in sorted(names_a ^ names_b):
        print(f"only in {'first' if name in names_a else 'second'}: {name}")
        differ += 1
    for name in sorted(names_a & names_b):
        da = json.loads((a / name).read_text(encoding="utf-8"))
        db = json.loads((b / name).read_text(encoding="utf-8"))
        if da == db:
            continue
        differ += 1
        print(f"--- {name}")
        for key in sorted(set(da) | set(db)):
            if da.get(key) != db.get(key):
                va, vb = da.get(key), db.get(key)
                if isinstance(va, list) and isinstance(vb, list):
                    sa = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in va]
                    sb = [json.dumps(x, ensure_ascii=False, sort_keys=True) for x in vb]
                    for x in sa:
                        if x not in sb:
                            print(f"  {key} - {x[:300]}")
                    for x in sb:
                        if x not in sa:
                            print(f"  {key} + {x[:300]}")
                    if sorted(sa) == sorted(sb):
                        print(f"  {key}: same items, other order")
                else:
                    print(f"  {key}: {str(va)[:200]!r} -> {str(vb)[:200]!r}")
    print(f"{differ} of {len(names_a | names_b)} articles differ")
    return 1 if differ else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="write the Article JSON of every regression input")
    s.add_argument("out", type=Path)
    s.add_argument("--explain", action="store_true", help="keep the internal rule names")
    d = sub.add_parser("diff", help="compare two snapshots; exit 1 if they differ")
    d.add_argument("a", type=Path)
    d.add_argument("b", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "snapshot":
        return snapshot(args.out, args.explain)
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
