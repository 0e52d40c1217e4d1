"""Benchmarks: derek's extraction against Natasha on the same documents, and batch scaling.

``run()`` measures, each in its own subprocess (so that peak memory is that of
one measurement): Natasha's NER alone, Natasha's full pipeline (segmentation,
morphology, syntax, NER, span normalization), derek's full extraction, and
``derek batch`` with the local engine on 1 and 2 workers and the Ray engine on
2 CPUs. Every process runs with one BLAS thread.

The headline is the **first pass over distinct texts** («unseen»): the
FactRuEval devset, kznews, a fixed sample of 500 NEREL train documents and
Kazakh texts (kk-news dev and KazNERD training sentences, ten to a
document), each read once, no repeats — what a user extracting new articles
gets. Each of those runs is timed twice: in process (models loaded before the
clock starts, one invented warm-up text) and as the whole process (start,
imports and model load included, timed from outside). The second line is the
older figure over the FactRuEval devset texts repeated to ``docs``, where
per-word caches are warm after the first pass. Batch scaling uses the
repeated corpus. Used by ``derek bench`` and ``benchmarks/run.py``.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import DerekError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
DEFAULT_DATA = SHARED / "factru2016" / "devset"
NEREL_SAMPLE = 500  # NEREL train documents in the unseen set (a fixed sample)
KAZNERD_DOCS = 60  # KazNERD training sentences, ten to a document
# a warm-up text of the project's own (not in any data set): first-call costs out, no cache warmed on the set
WARMUP_TEXT = ("Аким города Петропавловска Иван Сергеев встретился с жителями района.\n"
               "«Мы отремонтируем дороги до конца года», — сказал он журналистам.")
KINDS = ("natasha_ner", "natasha_full", "derek", "local1", "local2", "ray")
BLAS_ENV = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
WARMUP = 3  # documents run before the clock starts (first-call costs)


def load_texts(data: Path | None = None) -> list[str]:
    folder = Path(data) if data else DEFAULT_DATA
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        raise DerekError(f"no .txt documents in {folder}", hint="pass --data FOLDER")
    return [p.read_text(encoding="utf-8") for p in paths]


def unseen_texts(shared: Path | None = None) -> list[str]:
    """Distinct texts from ``../shared``: FactRuEval devset, kznews, a fixed NEREL train sample, Kazakh."""
    import json as _json
    import random

    base = Path(shared) if shared else SHARED
    texts = [p.read_text(encoding="utf-8") for p in sorted((base / "factru2016" / "devset").glob("*.txt"))]
    texts += [_json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((base / "kznews").glob("*.json"))]
    nerel = sorted((base / "nerel" / "train").glob("*.txt"))
    texts += [p.read_text(encoding="utf-8") for p in random.Random(0).sample(nerel, min(NEREL_SAMPLE, len(nerel)))]
    texts += [_json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((base / "kk-news" / "dev").glob("*.json"))]
    texts += _kaznerd_docs(base / "kaznerd" / "IOB2_valid.txt", KAZNERD_DOCS)
    if not texts:
        raise DerekError(f"no texts under {base}", hint="the unseen set reads ../shared/data")
    return list(dict.fromkeys(texts))  # distinct, in order


def _kaznerd_docs(path: Path, n: int) -> list[str]:
    """The first ``n * 10`` KazNERD sentences (the training part), ten to a document, one a line."""
    if not path.exists():
        return []
    sents: list[str] = []
    words: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                if words:
                    sents.append(" ".join(words))
                    words = []
                    if len(sents) >= n * 10:
                        break
                continue
            words.append(line.split()[0])
    return ["\n".join(sents[i:i + 10]) for i in range(0, len(sents), 10)]


def corpus(texts: list[str], n: int) -> list[str]:
    """The texts repeated (in order) to ``n`` documents."""
    return [texts[i % len(texts)] for i in range(n)]


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux


# -- measurements (each runs in a child process) ------------------------------

def _time(fn: Callable[[list[str]], Any], docs: list[str]) -> dict[str, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    fn(docs)
    return {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0}


def _natasha_ner() -> Callable[[list[str]], Any]:
    from natasha import NewsEmbedding, NewsNERTagger

    tagger = NewsNERTagger(NewsEmbedding())

    def run(docs: list[str]) -> None:
        for text in docs:
            tagger(text)

    return run


def _natasha_full() -> Callable[[list[str]], Any]:
    from natasha import (
        Doc,
        MorphVocab,
        NewsEmbedding,
        NewsMorphTagger,
        NewsNERTagger,
        NewsSyntaxParser,
        Segmenter,
    )

    emb = NewsEmbedding()
    seg, vocab = Segmenter(), MorphVocab()
    morph, syntax, ner = NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb)

    def run(docs: list[str]) -> None:
        for text in docs:
            doc = Doc(text)
            doc.segment(seg)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
            for span in doc.spans:
                span.normalize(vocab)

    return run


def _derek() -> Callable[[list[str]], Any]:
    from .pipeline import Pipeline

    pipeline = Pipeline()

    def run(docs: list[str]) -> None:
        for _ in pipeline.map(docs):
            pass

    return run


def measure_unseen(kind: str, n: int | None = None) -> dict[str, Any]:
    """One pass over the distinct texts of :func:`unseen_texts` (the first ``n``), models loaded first."""
    for k, v in BLAS_ENV.items():
        os.environ.setdefault(k, v)
    docs = unseen_texts()
    docs = docs[:n] if n else docs
    t0 = time.perf_counter()
    fn = {"natasha_ner": _natasha_ner, "natasha_full": _natasha_full, "derek": _derek}[kind]()
    fn([WARMUP_TEXT])
    load_s = time.perf_counter() - t0
    t = _time(fn, docs)
    chars = sum(len(d) for d in docs)
    return {
        "kind": kind, "mode": "unseen", "docs": len(docs), "chars": chars, "load_s": round(load_s, 2),
        "wall_s": round(t["wall_s"], 2), "cpu_s": round(t["cpu_s"], 2),
        "docs_per_s": round(len(docs) / t["wall_s"], 2), "chars_per_s": round(chars / t["wall_s"]),
        "docs_per_cpu_s": round(len(docs) / t["cpu_s"], 2) if t["cpu_s"] else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure(kind: str, n: int, data: Path | None = None, workdir: Path | None = None) -> dict[str, Any]:
    """One measurement in this process; returns its figures as a dict."""
    for k, v in BLAS_ENV.items():
        os.environ.setdefault(k, v)
    texts = load_texts(data)
    docs = corpus(texts, n)
    chars = sum(len(d) for d in docs)
    if kind in ("local1", "local2", "ray"):
        return _measure_batch(kind, docs, chars, workdir or Path(tempfile.mkdtemp(prefix="derek-bench-")))
    t0 = time.perf_counter()
    fn = {"natasha_ner": _natasha_ner, "natasha_full": _natasha_full, "derek": _derek}[kind]()
    fn(texts[:WARMUP])
    load_s = time.perf_counter() - t0
    # the first pass over the distinct texts is timed apart: caches (word codes, lemmas,
    # pymorphy parses) help later passes over the same texts more than they would on new ones
    k = min(len(texts), n)
    first = _time(fn, docs[:k])
    rest = _time(fn, docs[k:]) if n > k else {"wall_s": 0.0, "cpu_s": 0.0}
    wall, cpu = first["wall_s"] + rest["wall_s"], first["cpu_s"] + rest["cpu_s"]
    return {
        "kind": kind, "docs": n, "chars": chars, "load_s": round(load_s, 2),
        "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "docs_per_s": round(n / wall, 2), "chars_per_s": round(chars / wall),
        "docs_per_cpu_s": round(n / cpu, 2) if cpu else None,
        "first_pass_docs": k, "first_pass_docs_per_s": round(k / first["wall_s"], 2),
        "peak_rss_mb": peak_rss_mb(),
    }


def _measure_batch(kind: str, docs: list[str], chars: int, workdir: Path) -> dict[str, Any]:
    from .batch import run_batch

    inp = workdir / "bench-in.jsonl"
    if not inp.exists():
        with open(inp, "w", encoding="utf-8") as f:
            for i, d in enumerate(docs):
                f.write(json.dumps({"id": f"d{i}", "text": d}, ensure_ascii=False) + "\n")
    out: dict[str, Any] = {"kind": kind, "docs": len(docs), "chars": chars}
    if kind == "ray":
        import ray

        t0 = time.perf_counter()
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": BLAS_ENV})
        out["cluster_start_s"] = round(time.perf_counter() - t0, 2)
        try:
            stats = run_batch(inp, workdir / "out-ray", engine="ray", workers=2)
        finally:
            ray.shutdown()
        # Ray's figure includes starting the actors and loading their models
        out.update(wall_s=round(stats.wall_s, 2), docs_per_s=round(stats.docs / stats.wall_s, 2),
                   errors=stats.errors, workers=2, peak_rss_mb=None)
        return out
    workers = 1 if kind == "local1" else 2
    stats = run_batch(inp, workdir / f"out-{kind}.jsonl", engine="local", workers=workers)
    busy = stats.wall_s - stats.ready_s
    out.update(
        workers=workers, errors=stats.errors, load_s=round(stats.ready_s, 2), wall_s=round(stats.wall_s, 2),
        docs_per_s=round(stats.docs_per_s, 2), chars_per_s=round(chars / busy) if busy > 0 else None,
        # one worker runs in this process; two run in child processes (the largest child's peak)
        peak_rss_mb=peak_rss_mb() if workers == 1 else peak_rss_mb(resource.RUSAGE_CHILDREN),
    )
    return out


# -- the whole run -----------------------------------------------------------

def machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for pkg in ("derek", "natasha", "slovnet", "numpy", "ray"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
        "platform": platform.platform(), "memory_gb": _mem_gb(), "versions": versions,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _mem_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def _child(kind: str, n: int, data: Path | None, workdir: Path, unseen: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "derek.bench", "--measure", kind, "--docs", str(n), "--workdir", str(workdir)]
    if data:
        cmd += ["--data", str(data)]
    if unseen:
        cmd += ["--unseen"]
    env = {**os.environ, **BLAS_ENV}
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    process_s = time.perf_counter() - t0  # the whole process: start, imports, model load, the run
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode != 0 or not lines:
        tail = "\n".join((p.stderr or p.stdout).strip().splitlines()[-5:])
        return {"kind": kind, "error": f"exit {p.returncode}: {tail}"}
    out = json.loads(lines[-1])
    out["process_s"] = round(process_s, 2)
    if out.get("docs") and kind in ("natasha_ner", "natasha_full", "derek"):
        out["process_docs_per_s"] = round(out["docs"] / process_s, 2)
    return out


UNSEEN_KINDS = ("natasha_ner", "natasha_full", "derek")


def run(docs: int = 1000, only: list[str] | None = None, data: Path | None = None,
        progress: Callable[[str], Any] | None = None, unseen_limit: int | None = None) -> dict[str, Any]:
    """All measurements, each in its own subprocess; returns one flat dict of figures."""
    kinds = [k for k in KINDS if not only or k in only]
    unknown = [k for k in (only or []) if k not in KINDS]
    if unknown:
        raise DerekError(f"unknown measurement {', '.join(unknown)}", hint=f"use {', '.join(KINDS)}")
    if "ray" in kinds:
        import importlib.util

        if importlib.util.find_spec("ray") is None:
            kinds.remove("ray")
            if progress:
                progress("ray is not installed (pip install 'derek[ray]'): skipping the ray measurement")
    load_texts(data)  # fail early
    res: dict[str, Any] = {"docs": docs, "machine": machine(), "runs": {}, "unseen_runs": {}}
    with tempfile.TemporaryDirectory(prefix="derek-bench-") as tmp:
        for kind in [k for k in kinds if k in UNSEEN_KINDS]:
            if progress:
                progress(f"measuring {kind} on the distinct unseen texts (first pass)…")
            r = _child(kind, unseen_limit or 0, None, Path(tmp), unseen=True)
            res["unseen_runs"][kind] = r
            if progress and "error" in r:
                progress(f"  {kind} failed: {r['error']}")
        for kind in kinds:
            if progress:
                progress(f"measuring {kind} on {docs} documents…")
            r = _child(kind, docs, data, Path(tmp))
            res["runs"][kind] = r
            if progress and "error" in r:
                progress(f"  {kind} failed: {r['error']}")
    res["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    runs = res["runs"]

    def fig(kind: str, key: str) -> Any:
        return runs.get(kind, {}).get(key)

    res.update({
        "derek_docs_per_s": fig("derek", "docs_per_s"),
        "derek_chars_per_s": fig("derek", "chars_per_s"),
        "natasha_ner_docs_per_s": fig("natasha_ner", "docs_per_s"),
        "natasha_full_docs_per_s": fig("natasha_full", "docs_per_s"),
        "derek_peak_rss_mb": fig("derek", "peak_rss_mb"),
        "natasha_full_peak_rss_mb": fig("natasha_full", "peak_rss_mb"),
        "natasha_ner_peak_rss_mb": fig("natasha_ner", "peak_rss_mb"),
        "local_1_worker_docs_per_s": fig("local1", "docs_per_s"),
        "local_2_workers_docs_per_s": fig("local2", "docs_per_s"),
        "worker_peak_rss_mb": fig("local2", "peak_rss_mb"),
        "ray_2_cpus_docs_per_s": fig("ray", "docs_per_s"),
    })
    res["ratio_vs_natasha_full"] = _ratio(res["derek_docs_per_s"], res["natasha_full_docs_per_s"])
    res["ratio_vs_natasha_ner"] = _ratio(res["derek_docs_per_s"], res["natasha_ner_docs_per_s"])
    res["ratio_vs_natasha_full_first_pass"] = _ratio(fig("derek", "first_pass_docs_per_s"),
                                                     fig("natasha_full", "first_pass_docs_per_s"))
    res["ratio_vs_natasha_full_cpu"] = _ratio(fig("derek", "docs_per_cpu_s"), fig("natasha_full", "docs_per_cpu_s"))
    unseen = res["unseen_runs"]

    def ufig(kind: str, key: str) -> Any:
        return unseen.get(kind, {}).get(key)

    res.update({
        "unseen_docs": ufig("derek", "docs") or ufig("natasha_full", "docs"),
        "derek_unseen_docs_per_s": ufig("derek", "docs_per_s"),
        "natasha_full_unseen_docs_per_s": ufig("natasha_full", "docs_per_s"),
        "natasha_ner_unseen_docs_per_s": ufig("natasha_ner", "docs_per_s"),
        "derek_unseen_process_docs_per_s": ufig("derek", "process_docs_per_s"),
        "natasha_full_unseen_process_docs_per_s": ufig("natasha_full", "process_docs_per_s"),
        "derek_unseen_peak_rss_mb": ufig("derek", "peak_rss_mb"),
        "derek_load_s": ufig("derek", "load_s"),
        "natasha_full_load_s": ufig("natasha_full", "load_s"),
    })
    res["ratio_vs_natasha_full_unseen"] = _ratio(res["derek_unseen_docs_per_s"], res["natasha_full_unseen_docs_per_s"])
    res["ratio_vs_natasha_full_unseen_process"] = _ratio(res["derek_unseen_process_docs_per_s"],
                                                         res["natasha_full_unseen_process_docs_per_s"])
    res["scaling_2_workers"] = _ratio(res["local_2_workers_docs_per_s"], res["local_1_worker_docs_per_s"])
    res["scaling_ray_2_cpus"] = _ratio(res["ray_2_cpus_docs_per_s"], res["local_1_worker_docs_per_s"])
    return res


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def table(res: dict[str, Any]) -> str:
    """The figures as a Markdown table, with the machine they were measured on."""
    m = res["machine"]
    rows = [
        ("Natasha NER alone", "natasha_ner"),
        ("Natasha full (segment, morph, syntax, NER, normalize)", "natasha_full"),
        ("derek full extraction (in process)", "derek"),
        ("derek batch --engine local --workers 1", "local1"),
        ("derek batch --engine local --workers 2", "local2"),
        ("derek batch --engine ray (2 CPUs, incl. actor start)", "ray"),
    ]
    out = [f"First pass over {res.get('unseen_docs') or '–'} distinct texts (FactRuEval devset, kznews, "
           f"{NEREL_SAMPLE} NEREL train, Kazakh); one BLAS thread per process", "",
           "| run | docs/s in process | docs/s whole process | load, s | peak RSS, MB |", "|---|---:|---:|---:|---:|"]
    for label, kind in rows[:3]:
        r = res.get("unseen_runs", {}).get(kind)
        if not r:
            continue
        if "error" in r:
            out.append(f"| {label} | failed | | | |")
            continue
        out.append(f"| {label} | {_f(r.get('docs_per_s'))} | {_f(r.get('process_docs_per_s'))} | "
                   f"{_f(r.get('load_s'))} | {_f(r.get('peak_rss_mb'))} |")
    out += ["", f"derek / Natasha full on unseen texts: {_f(res.get('ratio_vs_natasha_full_unseen'))}× in process, "
            f"{_f(res.get('ratio_vs_natasha_full_unseen_process'))}× whole process", "",
            f"{res['docs']} documents (FactRuEval devset texts repeated: warm caches after the first pass)", "",
            "| run | docs/s | chars/s | peak RSS, MB | wall, s |", "|---|---:|---:|---:|---:|"]
    for label, kind in rows:
        r = res["runs"].get(kind)
        if not r:
            continue
        if "error" in r:
            out.append(f"| {label} | failed | | | |")
            continue
        out.append(f"| {label} | {_f(r.get('docs_per_s'))} | {_f(r.get('chars_per_s'), 0)} | "
                   f"{_f(r.get('peak_rss_mb'))} | {_f(r.get('wall_s'))} |")
    out += [
        "",
        f"derek / Natasha full: {_f(res.get('ratio_vs_natasha_full'))}× "
        f"(by CPU time: {_f(res.get('ratio_vs_natasha_full_cpu'))}×; first pass over the distinct texts: "
        f"{_f(res.get('ratio_vs_natasha_full_first_pass'))}×); "
        f"derek / Natasha NER: {_f(res.get('ratio_vs_natasha_ner'))}×",
        f"local 2 workers / 1 worker: {_f(res.get('scaling_2_workers'))}×; "
        f"ray 2 CPUs / local 1 worker: {_f(res.get('scaling_ray_2_cpus'))}×",
        f"machine: {m['cpu']}, {m['cores']} cores, {m.get('memory_gb')} GB, Python {m['python']}; "
        f"load average {m['loadavg_at_start']} → {m.get('loadavg_at_end')}",
        "versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v),
    ]
    return "\n".join(out)


def _f(x: Any, digits: int = 2) -> str:
    if x is None:
        return "–"
    return f"{x:,.{digits}f}" if isinstance(x, float) or digits == 0 else str(x)


def main(argv: list[str] | None = None) -> None:
    """``python -m derek.bench --measure KIND`` runs one measurement (what ``run`` spawns)."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m derek.bench")
    ap.add_argument("--measure", choices=KINDS)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--only")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--unseen", action="store_true", help="with --measure: one pass over the distinct unseen texts")
    ap.add_argument("--unseen-limit", type=int, help="use only the first N distinct unseen texts")
    a = ap.parse_args(argv)
    if a.measure:
        if a.unseen:
            print(json.dumps(measure_unseen(a.measure, a.docs or None)))
        else:
            print(json.dumps(measure(a.measure, a.docs, a.data, a.workdir)))
        return
    res = run(a.docs, a.only.split(",") if a.only else None, a.data,
              progress=None if a.json else lambda s: print(s, file=sys.stderr), unseen_limit=a.unseen_limit)
    print(json.dumps(res, ensure_ascii=False) if a.json else table(res))


if __name__ == "__main__":
    main()
