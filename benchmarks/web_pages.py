"""Web UI and API response times on a large corpus.

Builds (once) a SQLite corpus of N articles from real extracted articles (the seed, the
kznews files and the demo corpus): each copy gets its own date, outlet and a unique
filler paragraph in front (offsets shifted), so the copies are distinct articles, not
reposts. Then it times every page and API endpoint through the real app (median of
several requests).

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/web_pages.py --articles 100000 --db /tmp/derek-100k.db
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def base_articles() -> list:
    from derek.pipeline import Pipeline

    docs = [SHARED / "seed" / "almaty-ank-30.txt"]
    records = [{"text": docs[0].read_text(encoding="utf-8")}]
    for p in sorted((SHARED / "kznews").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        records.append({"text": d["text"], "url": d.get("url")})
    try:
        from derek.demo import path

        records += [{"text": p.read_text(encoding="utf-8")} for p in sorted(path().glob("*.txt"))]
    except ImportError:
        pass
    return list(Pipeline().map(records))


def shifted(art, filler: str, when: date, outlet: str, n: int):
    from derek.article import Article

    d = art.to_dict()
    k = len(filler)
    d["text"] = filler + d["text"]
    d["id"] = ""
    d["url"] = f"https://{outlet}/news/{n}"
    d["published"] = f"{when.isoformat()}T{8 + n % 12:02d}:{n % 60:02d}:00+05:00"
    for e in d["entities"]:
        for m in e["mentions"]:
            m["start"] += k
            m["end"] += k
    for q in d["quotes"]:
        for key in ("start", "end", "cue_start", "cue_end"):
            if q.get(key) is not None:
                q[key] += k
    for p in d["people"]:
        for pos in p["positions"]:
            for key in ("start", "end"):
                if pos.get(key) is not None:
                    pos[key] += k
    return Article.from_dict(d)


def build(db: str, n: int, seed: int = 7) -> None:
    from derek.corpus.ingest import write_article
    from derek.corpus.store import Store

    store = Store(db)
    rng = random.Random(seed)
    base = base_articles()
    vocab = sorted({w.strip(".,:;«»\"()–—").lower() for a in base for w in a.text.split() if len(w) > 3})
    outlets = [f"outlet{i}.kz" for i in range(40)]
    start = date(2024, 1, 1)
    t0 = time.perf_counter()
    batch = 500
    for i in range(0, n, batch):
        with store.begin() as conn:
            for j in range(i, min(n, i + batch)):
                filler = " ".join(rng.choice(vocab) for _ in range(160)).capitalize() + ".\n\n"
                art = shifted(base[j % len(base)], filler, start + timedelta(days=rng.randrange(730)),
                              rng.choice(outlets), j)
                write_article(conn, art, outlet=art.url.split("/")[2], postgres=store.is_postgres)
        done = min(n, i + batch)
        rate = done / (time.perf_counter() - t0)
        print(f"\r{done}/{n} articles written, {rate:.0f}/s", end="", flush=True)
    print()


def timed(client, url: str, runs: int) -> tuple[float, int]:
    times = []
    status = 0
    for _ in range(runs):
        t = time.perf_counter()
        r = client.get(url)
        times.append(time.perf_counter() - t)
        status = r.status_code
    return statistics.median(times) * 1000, status


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--db", default="/tmp/derek-web-bench.db")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not Path(args.db).exists():
        build(args.db, args.articles)
    from fastapi.testclient import TestClient

    from derek.web import create_app

    c = TestClient(create_app(args.db, token=""))
    stats = c.get("/api/stats").json()
    top = c.get("/api/people?limit=1").json()["items"][0]
    org = c.get("/api/organizations?limit=1").json()["items"][0]
    art = c.get("/api/articles?limit=1&offset=500").json()["items"][0]
    print(f"corpus: {stats['counts']}")
    urls = [
        "/", "/api/stats",
        "/search?q=единство", "/api/search?q=единство", "/search?q=аким&date_from=2025-01-01&date_to=2025-03-31",
        "/articles", "/articles?page=400", "/api/articles?limit=100&offset=40000",
        f"/articles/{art['id']}", f"/api/articles/{art['id']}",
        "/people", "/people?q=Нукенов", f"/people/{top['id']}", f"/api/people/{top['id']}",
        f"/people/{top['id']}?page=50",
        "/organizations", f"/organizations/{org['id']}",
        "/quotes", "/quotes?speaker=Нукенов", "/quotes?q=единство",
    ]
    print(f"| page | ms (median of {args.runs}) | status |\n|---|---:|---:|")
    for u in urls:
        ms, status = timed(c, u, args.runs)
        print(f"| `{u}` | {ms:.0f} | {status} |")


if __name__ == "__main__":
    main()
