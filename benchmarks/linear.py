"""Extraction time and peak memory against text size: is every stage linear in its input?

Texts: the kznews articles (development data) joined one after another until the text reaches
each size (default 100 KB, 1 MB, 5 MB of UTF-8), plus adversarial texts of the same kind the
HTTP API may be sent (a 32 KB line of punctuation, a 32 KB sentence of words without a full
stop). Each text is extracted with ``derek.extract`` in a fresh process (models loaded first,
not timed), which reports its wall time and peak resident memory; the adversarial texts and the
longest text the API accepts are also POSTed to ``/api/extract`` of a fresh app (``api-…`` rows:
the answer's status, time and the server process's peak memory). Printed: size, seconds, seconds
per MB of CPU time, that rate against the smallest text's (1.00 = linear; the target is within ±30 %),
peak memory, and with ``--profile`` the function with the most cumulative time per text.

    .venv/bin/python benchmarks/linear.py [--sizes 100K,1M,5M] [--distinct 100K,1M,2.5M] [--profile] [--json] [--save]

``--distinct`` adds texts of development documents each used once (NEREL train, the FactRuEval
devset, kznews, kk-news/dev), whose names and words do not repeat: caches and the merge of a long
text's people grow as on a real long text. ``--save`` writes the rows with the machine and commit
to ``benchmarks/results/linear-<date>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
ADVERSARIAL = {
    "punct-32K": lambda: "!?.,;:—" * (32 * 1024 // 7),
    "one-sentence-32K": lambda: " ".join(["слово", "Аким", "сказал", "что", "и"] * 1200)[: 32 * 1024],
    "punct-320K": lambda: "!?.,;:—" * (320 * 1024 // 7),  # ten times the API's: memory stays bounded
}


def _joined(bodies: list[str], size: int, repeat: bool) -> str:
    """``bodies`` joined by blank lines until the UTF-8 text has ``size`` bytes (cut at a line);
    without ``repeat``, at most every body once."""
    parts, n, i = [], 0, 0
    while n < size and (repeat or i < len(bodies)):
        b = bodies[i % len(bodies)]
        parts.append(b)
        n += len(b.encode("utf-8")) + 2
        i += 1
    text = "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    return text[: text.rfind("\n")] if "\n" in text[-2000:] else text


def news_text(size: int) -> str:
    """kznews bodies joined by blank lines, over and over, until the text has ``size`` bytes."""
    bodies = [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((DATA / "kznews").glob("*.json"))]
    return _joined(bodies, size, repeat=True)


def distinct_text(size: int) -> str:
    """Development texts each once (NEREL train, the FactRuEval devset, kznews, kk-news/dev: about
    2.6 MB in all), joined until the text has ``size`` bytes: names, words and sentences that do
    not repeat, so that caches and the grouping of people grow as on a real long text."""
    paths = sorted((DATA / "nerel" / "train").glob("*.txt")) + sorted((DATA / "factru2016" / "devset").glob("*.txt"))
    bodies = [p.read_text(encoding="utf-8").strip() for p in paths]
    for folder in (DATA / "kznews", DATA / "kk-news" / "dev"):
        bodies += [json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted(folder.glob("*.json"))]
    return _joined(bodies, size, repeat=False)


CHILD = r"""
import cProfile, io, json, os, pstats, resource, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import derek
from derek.pipeline import default_pipeline
pipe = default_pipeline()
text = sys.stdin.read()
pipe.extract(text[:20000])  # every model and lexicon loaded (language identification loads lazily)
prof = cProfile.Profile() if sys.argv[1] == "1" else None
t0, c0 = time.perf_counter(), time.process_time()
if prof: prof.enable()
try:
    art = pipe.extract(text)
    status = f"{len(art.entities)} entities, {len(art.quotes)} quotes"
except derek.errors.DerekError as e:
    status = f"refused: {e}"
if prof: prof.disable()
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
top = None
if prof:
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s)
    rows = [(v[3], k) for k, v in st.stats.items() if "derek" in k[0] and not k[2].startswith(("extract", "run", "map", "<"))]
    rows.sort(reverse=True)
    top = [f"{c:.1f}s {Path(k[0]).parent.name}/{Path(k[0]).name}:{k[2]}" for c, k in rows[:3]]
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "status": status, "top": top}))
""".replace("from derek.pipeline", "from pathlib import Path\nfrom derek.pipeline")


API_CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from fastapi.testclient import TestClient
from derek.web import create_app
client = TestClient(create_app("sqlite://", token=""))
client.post("/api/extract", json={"text": "Аким Алматы Ерболат Досаев сказал: «Город готов к зиме»."})
text = sys.stdin.read()
t0, c0 = time.perf_counter(), time.process_time()
r = client.post("/api/extract", content=text.encode("utf-8"), headers={"content-type": "text/plain"})
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({"wall_s": wall, "cpu_s": cpu, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "status": f"HTTP {r.status_code}" + (f" {r.json()['error']['code']}" if r.status_code >= 400 else "")}))
"""


def api_largest_text() -> str:
    """The longest news text POST /api/extract accepts (its character and token budgets)."""
    import re

    from derek.web.app import MAX_EXTRACT_CHARS, MAX_EXTRACT_TOKENS

    text = news_text(MAX_EXTRACT_CHARS * 2)[:MAX_EXTRACT_CHARS]
    while len(re.findall(r"\w+|[^\w\s]", text)) > MAX_EXTRACT_TOKENS:
        text = text[: int(len(text) * 0.95)]
    return text


def measure_api(text: str) -> dict:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", API_CHILD], input=text, text=True, capture_output=True, env=env,
                         cwd=ROOT, check=False)
    if out.returncode != 0:
        return {"wall_s": None, "peak_mb": None, "status": "crashed: " + out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(text: str, profile: bool) -> dict:
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, "1" if profile else "0"], input=text, text=True,
                         capture_output=True, env=env, cwd=ROOT, check=False)
    if out.returncode != 0:
        return {"wall_s": None, "peak_mb": None, "status": "crashed: " + out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def parse_size(s: str) -> int:
    s = s.strip().upper()
    mult = {"K": 1024, "M": 1024 * 1024}.get(s[-1], 1)
    return int(float(s.rstrip("KM")) * mult)


def series(name: str, make, sizes: str, profile: bool) -> list[dict]:
    """One fresh process per size; the CPU rate of each against the first (1.00 = linear)."""
    rows = []
    for label in sizes.split(","):
        text = make(parse_size(label))
        rows.append({"text": f"{name}-{label}", "bytes": len(text.encode("utf-8")), **measure(text, profile)})
    # the rate is CPU seconds per byte: on a shared machine wall time measures the neighbours too
    base = next((r["cpu_s"] / r["bytes"] for r in rows if r.get("cpu_s")), None)
    for r in rows:
        r["s_per_mb"] = round(r["cpu_s"] / r["bytes"] * 1024 * 1024, 2) if r.get("cpu_s") else None
        r["rate_vs_first"] = round(r["cpu_s"] / r["bytes"] / base, 2) if r.get("cpu_s") and base else None
    return rows


def adversarial(profile: bool) -> list[dict]:
    rows = []
    for label, make in ADVERSARIAL.items():
        text = make()
        rows.append({"text": label, "bytes": len(text.encode("utf-8")), **measure(text, profile),
                     "s_per_mb": None, "rate_vs_first": None})
    api = {"api-punct-32K": ADVERSARIAL["punct-32K"](), "api-one-sentence-32K": ADVERSARIAL["one-sentence-32K"](),
           "api-largest-accepted": api_largest_text()}
    for label, text in api.items():
        rows.append({"text": label, "bytes": len(text.encode("utf-8")), **measure_api(text),
                     "s_per_mb": None, "rate_vs_first": None})
    return rows


def save(rows: list[dict], args: argparse.Namespace) -> Path:
    """The rows as benchmarks/results/linear-<date>.json, with the machine, commit and load."""
    import datetime
    import platform

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                            check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                           cwd=ROOT, check=False).stdout.strip()
    day = datetime.date.today().isoformat()
    out = ROOT / "benchmarks" / "results" / f"linear-{day}.json"
    doc = {"date": day, "commit": commit, "uncommitted_changes_in_tree": bool(dirty),
           "command": "benchmarks/linear.py " + " ".join(sys.argv[1:]),
           "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
           "load_avg_at_end": os.getloadavg(), "sizes": args.sizes, "distinct_sizes": args.distinct, "rows": rows}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100K,1M,5M", help="sizes of the repeated-news texts")
    ap.add_argument("--distinct", default="", help="sizes of texts of distinct development documents "
                    "(at most about 2.6 MB), e.g. 100K,1M,2.5M")
    ap.add_argument("--profile", action="store_true", help="name the functions with the most time")
    ap.add_argument("--no-adversarial", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--save", action="store_true", help="write benchmarks/results/linear-<date>.json")
    args = ap.parse_args()
    rows = series("news", news_text, args.sizes, args.profile)
    if args.distinct:
        rows += series("distinct", distinct_text, args.distinct, args.profile)
    if not args.no_adversarial:
        rows += adversarial(args.profile)
    if args.save:
        print(f"saved {save(rows, args).relative_to(ROOT)}", file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    print("text | bytes | wall s | CPU s | CPU s/MB | rate vs first | peak MB | result")
    print("--- | --- | --- | --- | --- | --- | --- | ---")
    for r in rows:
        wall = f"{r['wall_s']:.2f}" if r["wall_s"] is not None else "-"
        cpu = f"{r['cpu_s']:.2f}" if r.get("cpu_s") is not None else "-"
        peak = f"{r['peak_mb']:.0f}" if r["peak_mb"] is not None else "-"
        print(f"{r['text']} | {r['bytes']:,} | {wall} | {cpu} | {r['s_per_mb'] or '-'} | {r['rate_vs_first'] or '-'} | "
              f"{peak} | {r['status']}")
        for t in r.get("top") or []:
            print(f"    {t}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
