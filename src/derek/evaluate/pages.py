"""Saved web pages against what their fixtures expect: ``derek eval pages [DIR]``.

``DIR`` (default ``../shared/data/webpages``) holds ``manifest.json`` (one entry a page:
``file`` in ``pages/``, ``url``, ``title``, ``authors``, ``date``, ``body`` or ``with`` /
``without`` snippets, ``lang_hint``, ``russian``). Each page is read as ``derek extract``
reads it (bytes → HTML reader → clean, and the NLP stages when a pipeline is given); then

- **title**: exact, after whitespace is normalized;
- **time, same instant**: on pages whose fixture has a time; a fixture time without a zone
  is compared with derek's wall-clock time in derek's own offset;
- **time, same day**: on pages whose fixture has a date, the calendar day as each gives it;
- **authors found**: an expected author counts when derek lists that name (case-folded); an
  entry that joins several («A und B») counts when derek lists each of them;
- **body token F1**: word tokens (case-folded multiset) of derek's text against the fixture's
  body; **snippets**: the share of ``with`` snippets found and ``without`` snippets absent;
- **language**: on pages whose fixture says it: ``ru`` for a fixture marked Russian, ``en`` for
  an English-speaking country's outlet (``lang_hint``), ``uk`` for a Ukrainian one, else
  ``other`` (derek's code for languages it does not process).

A page derek refuses or fails on counts as wrong on every measure; a failure that is not an
``InputError`` is a traceback and counted apart. ``nonarticles``: a folder of pages that are
not articles (``tests/data/nonarticles``); each must be refused, with 0 people.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputError

ENGLISH_HINTS = {"us", "uk", "ca", "au", "nz", "ie"}
_TOKEN = re.compile(r"\w+")


@dataclass
class PageResult:
    file: str
    error: str | None = None
    traceback: bool = False
    title_ok: bool | None = None
    instant_ok: bool | None = None  # None: the fixture has no time
    day_ok: bool | None = None
    authors_expected: int = 0
    authors_found: int = 0
    body_f1: float | None = None
    snippets_ok: float | None = None
    lang: str | None = None
    lang_ok: bool | None = None
    people: int = 0
    got: dict[str, Any] = field(default_factory=dict)


@dataclass
class PagesReport:
    folder: str
    pages: list[PageResult]
    refused: list[tuple[str, str | None, int]] = field(default_factory=list)  # (file, reason or None, people)

    def figures(self) -> dict[str, Any]:
        def share(vals: list[bool | None]) -> dict[str, Any]:
            xs = [v for v in vals if v is not None]
            return {"ok": sum(xs), "of": len(xs), "share": round(sum(xs) / len(xs), 4) if xs else None}

        f1s = [p.body_f1 if p.body_f1 is not None else 0.0 for p in self.pages if p.body_f1 is not None or
               (p.error and p.got.get("has_body"))]
        snippets = [p.snippets_ok for p in self.pages if p.snippets_ok is not None]
        exp = sum(p.authors_expected for p in self.pages)
        found = sum(p.authors_found for p in self.pages)
        out = {
            "pages": len(self.pages),
            "errors": sum(1 for p in self.pages if p.error),
            "tracebacks": sum(1 for p in self.pages if p.traceback),
            "title_exact": share([p.title_ok for p in self.pages]),
            "time_same_instant": share([p.instant_ok for p in self.pages]),
            "time_same_day": share([p.day_ok for p in self.pages]),
            "authors_found": {"ok": found, "of": exp, "share": round(found / exp, 4) if exp else None},
            "body_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
            "snippets": round(sum(snippets) / len(snippets), 4) if snippets else None,
            "lang": share([p.lang_ok for p in self.pages]),
        }
        if self.refused:
            out["nonarticles"] = {"pages": len(self.refused),
                                  "refused": sum(1 for _, why, _ in self.refused if why),
                                  "people": sum(n for _, _, n in self.refused)}
        return out

    def to_dict(self, details: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"folder": self.folder, "figures": self.figures()}
        if details:
            d["pages"] = [p.__dict__ for p in self.pages]
            d["nonarticles"] = [{"file": f, "refused": why, "people": n} for f, why, n in self.refused]
        return d


def norm_ws(s: str | None) -> str:
    return " ".join((s or "").replace("\u00a0", " ").split())


def token_f1(got: str, gold: str) -> float:
    """F1 of the case-folded word tokens (as multisets)."""
    a, b = Counter(_TOKEN.findall(got.casefold())), Counter(_TOKEN.findall(gold.casefold()))
    common = sum((a & b).values())
    if not common:
        return 0.0
    p, r = common / sum(a.values()), common / sum(b.values())
    return 2 * p * r / (p + r)


def _parse_time(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace(" ", "T", 1))
    except ValueError:
        return None


def same_instant(got: str | None, gold: str) -> bool:
    """The same moment; a zoneless fixture time against derek's wall-clock time in its own offset."""
    g, d = _parse_time(got or ""), _parse_time(gold)
    if g is None or d is None or "T" not in (got or "")[:11]:
        return False
    if d.tzinfo is None or g.tzinfo is None:
        return g.replace(tzinfo=None, microsecond=0) == d.replace(tzinfo=None, microsecond=0)
    return abs((g - d).total_seconds()) < 1


def authors_found(got: list[str], gold: list[str]) -> int:
    from ..read.meta import split_authors

    have = {norm_ws(a).casefold() for a in got}
    n = 0
    for name in gold:
        parts = split_authors([name]) or [name]
        if norm_ws(name).casefold() in have or all(norm_ws(p).casefold() in have for p in parts):
            n += 1
    return n


def expected_lang(entry: dict[str, Any]) -> str | None:
    """The language a fixture implies, or ``None`` when it says nothing (no ``lang_hint``, not Russian)."""
    if entry.get("russian"):
        return "ru"
    hint = entry.get("lang_hint")
    if not hint:
        return None
    if hint in ENGLISH_HINTS:
        return "en"
    return "uk" if hint == "ua" else "other"


def _read(path: Path, url: str | None, pipeline: Any) -> Any:
    """The Article (with a pipeline) or a light one from the reader, clean and lang alone."""
    from ..article import Article
    from ..clean import clean
    from ..nlp.lang import detect_lang
    from ..read import from_bytes

    src = from_bytes(path.read_bytes(), name=str(path), url=url)
    if pipeline is not None:
        return pipeline.extract(src)
    c = clean(src)
    return Article(text=c.text, url=src.url, title=c.title, published=c.published, authors=c.authors,
                   outlet=src.outlet, source=c.source, lang=detect_lang(c.text))


def score_page(entry: dict[str, Any], folder: Path, pipeline: Any = None) -> PageResult:
    r = PageResult(file=entry["file"])
    gold_date = entry.get("date") or ""
    has_time = ":" in gold_date
    r.authors_expected = len(entry.get("authors") or [])
    try:
        art = _read(folder / "pages" / entry["file"], entry.get("url"), pipeline)
    except InputError as e:
        r.error = str(e)
    except Exception as e:  # noqa: BLE001 - a traceback is what this counts
        r.error, r.traceback = f"{type(e).__name__}: {e}", True
    if r.error:
        r.title_ok = False
        r.instant_ok = False if has_time else None
        r.day_ok = False if gold_date else None
        r.lang_ok = False if expected_lang(entry) else None
        r.got = {"has_body": bool(entry.get("body"))}
        if entry.get("with") or entry.get("without"):
            r.snippets_ok = 0.0
        return r
    r.title_ok = norm_ws(art.title) == norm_ws(entry.get("title"))
    if has_time:
        r.instant_ok = same_instant(art.published, gold_date)
    if gold_date:
        r.day_ok = (art.published or "")[:10] == gold_date[:10]
    r.authors_found = authors_found(art.authors, entry.get("authors") or [])
    if entry.get("body"):
        r.body_f1 = round(token_f1(art.text, entry["body"]), 4)
    snippets = [(s, True) for s in entry.get("with") or []] + [(s, False) for s in entry.get("without") or []]
    if snippets:
        text = norm_ws(art.text)
        r.snippets_ok = round(sum((norm_ws(s) in text) == want for s, want in snippets) / len(snippets), 4)
    want = expected_lang(entry)
    r.lang, r.lang_ok = art.lang, (art.lang == want if want else None)
    r.people = len(art.people)
    r.got = {"title": art.title, "published": art.published, "authors": art.authors, "outlet": art.outlet}
    return r


def refuse_check(folder: Path, pipeline: Any = None) -> list[tuple[str, str | None, int]]:
    """Each HTML page of ``folder``: (file, the refusal's reason or None, people extracted)."""
    out = []
    for path in sorted(folder.glob("*.htm*")):
        try:
            art = _read(path, None, pipeline)
        except InputError as e:
            out.append((path.name, e.reason, 0))
            continue
        out.append((path.name, None, len(art.people)))
    return out


def evaluate_pages(folder: str | Path, pipeline: Any = None, nonarticles: str | Path | None = None) -> PagesReport:
    """Score every page of the manifest in ``folder`` (see the module docstring)."""
    folder = Path(folder)
    manifest = folder / "manifest.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise InputError(str(manifest), f"cannot read the manifest: {e}", code="E107") from None
    report = PagesReport(folder=str(folder), pages=[score_page(e, folder, pipeline) for e in entries])
    if nonarticles is not None and Path(nonarticles).is_dir():
        report.refused = refuse_check(Path(nonarticles), pipeline)
    return report
