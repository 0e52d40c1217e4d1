"""derek CLI: ``derek eval factru`` and ``derek eval kznews`` — the project's own evaluators."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import DerekError

EVAL_HELP = "Score derek on annotated data: FactRuEval-2016 (tracks 1 and 3) and the Kazakhstan news set."

FACTRU_HELP = """Score derek on a FactRuEval-2016 folder (book_N.txt with .tokens/.spans/.objects/.coref/.facts).

--track 1 writes book_N.task1 (lines «per|loc|org START LENGTH») to OUT and prints per-type
precision/recall/F1 computed as the public evaluation does with -l (locorg scored as loc),
next to Natasha's NewsNERTagger on the same documents (leave it out with --no-natasha).
--track 3 writes book_N.task3 (OCCUPATION blocks with WHO/POSITION/WHERE) and prints the
Occupation precision/recall/F1.

DIR defaults to ../shared/data/factru2016/devset (beside the current folder or the repository).
"""

KZNEWS_HELP = """Score derek on the hand-annotated Kazakhstan news (DIR/*.json) and on the seed article(s).

Persons match by surname and first initial, positions by person and the title's key words,
quotes by word overlap (≥ 0.5) of the text, and for «quotes+speaker» the speaker too; micro
precision/recall/F1 over the folder. The seed (DIR/../seed: X.txt with X.expected.json) is
scored the same way as a second report.

DIR defaults to ../shared/data/kznews (beside the current folder or the repository).
"""


KAZNERD_HELP = """Score derek's persons, places and organizations on Kazakh sentences (KazNERD IOB2).

Sentences are joined ten to a document, one a line; each entity counts when its exact span and
type match (PERSON → PER, GPE/LOCATION → LOC, ORGANISATION → ORG); POSITION is scored on the
Kazakh tagger's own spans. Split: sentences 1–8,000 train and tune derek's Kazakh tagger, the
rest is held out. Plain `derek eval kaznerd` scores the held-out sentences 8,001–end; --dev
scores 1–8,000 (the tagger's training data: a regression check only); --skip/--limit pick others.

FILE defaults to ../shared/data/kaznerd/IOB2_valid.txt (beside the current folder or the repository).
"""


KKNEWS_HELP = """Score derek on Kazakh-language news in the kznews format (DIR/*.json), as `eval kznews` does.

Persons match by surname and first initial, positions by person and the title's key words, quotes
by word overlap and speaker. --details lists misses and extras, for the dev folder only (refused
on kk-news/heldout). DIR defaults to ../shared/data/kk-news/dev.
"""


NEREL_HELP = """Score derek's persons and positions on a NEREL folder (NNN.txt with NNN.ann, BRAT).

derek's Article JSON for each document is written to OUT/NNN.json (a temporary folder without
--out) and scored by ../shared/tools/nerel_positions.py: persons per document, person–post
pairs (lenient and strict title) and person–post–organization. --details lists misses and
spurious items; it is refused on the held-out nerel/dev folder.

DIR defaults to ../shared/data/nerel/dev (held out: aggregate figures only).
"""


QUOTES_HELP = """Score derek's quotes on a folder in the quotes-ru format (DIR/*.json with text and quotes).

detection: the quote's text overlaps the gold text (word overlap ≥ 0.5). attribution: detected, and the resolved speaker matches (the speaker phrase when the gold speaker is not named). speaker_text: detected, and the speaker phrase as written matches. either: attribution or speaker_text.

--details lists misses and extras per document, for development folders only (refused on a held-out folder). DIR defaults to ../shared/data/quotes-ru/dev.
"""


PAGES_HELP = """Score the HTML reader on saved news pages (DIR/manifest.json, DIR/pages/).

Title exact; publication time the same instant (pages whose fixture has a time) and the same
calendar day; expected authors found; body token F1 (fixtures with a body) and with/without
snippets; language (ru for Russian pages, en for English-speaking outlets, else other). Pages in
--nonarticles (default tests/data/nonarticles of the repository) must each be refused, with 0
people. DIR defaults to ../shared/data/webpages (a regression suite, not held out).
"""


def _default_data(*parts: str) -> Path:
    """``../shared/data/<parts>`` beside the current folder, else beside the repository."""
    repo = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), repo):
        p = base.parent / "shared" / "data" / Path(*parts)
        if p.exists():
            return p
    return Path.cwd().parent / "shared" / "data" / Path(*parts)


def _fmt(x: float) -> str:
    return f"{x:.4f}"


def _fail(e: DerekError) -> None:
    typer.echo(f"derek: error: {e}", err=True)
    raise typer.Exit(2)


def _pipeline() -> Any:
    """One BLAS thread (the machines are shared; numpy may already be loaded, hence threadpoolctl too)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from threadpoolctl import threadpool_limits

    n = os.environ["OPENBLAS_NUM_THREADS"]
    threadpool_limits(int(n) if n.isdigit() and int(n) > 0 else 1)
    from ..pipeline import Pipeline

    return Pipeline()


ev = typer.Typer(name="eval", help=EVAL_HELP, no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``derek eval …`` to the app."""
    app.add_typer(ev, name="eval")



@ev.command("factru", help=FACTRU_HELP)
def factru(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="FactRuEval-style folder.")] = None,
    track: Annotated[int, typer.Option("--track", "-t", help="1 (named entities) or 3 (Occupation facts).")] = 1,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the response files.")] = None,
    natasha: Annotated[bool, typer.Option("--natasha/--no-natasha", help="Score the Natasha baseline too (track 1).")] = True,
    details: Annotated[bool, typer.Option("--details", help="List derek's missed, partial and extra items per document.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.factru import evaluate_factru, track1_tags

    if track not in (1, 3):
        typer.echo("derek: error: --track must be 1 or 3", err=True)
        raise typer.Exit(2)
    folder = folder or _default_data("factru2016", "devset")
    try:
        report = evaluate_factru(folder, track=track, out=out, natasha=natasha and track == 1,
                                 pipeline=_pipeline(), details=details)
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    title = f"FactRuEval-2016 track {track}: {report.docs} documents in {folder}"
    table = Table(title=title)
    table.add_column("type")
    for who in ["derek"] + (["Natasha"] if report.natasha else []):
        for m in ("P", "R", "F1"):
            table.add_column(f"{who} {m}", justify="right")
    tags = track1_tags() if track == 1 else ["occupation"]
    for tag in tags:
        row = [tag]
        for scores in [report.derek] + ([report.natasha] if report.natasha else []):
            s = scores[tag]
            row += [_fmt(s.precision), _fmt(s.recall), _fmt(s.f1)]
        table.add_row(*row)
    console = Console()
    for name, lines in report.details.items():
        for line in lines:
            console.print(f"  {name} {line}", markup=False, soft_wrap=True)
    console.print(table)
    if out:
        console.print(f"responses: {out}/book_N.task{track}")

@ev.command("kaznerd", help=KAZNERD_HELP)
def kaznerd(
    path: Annotated[Path | None, typer.Argument(metavar="FILE", help="A KazNERD IOB2 file.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="Score N sentences (default: all).")] = None,
    skip: Annotated[int | None, typer.Option("--skip", help="Start after the first SKIP sentences (default 8000).")] = None,
    dev: Annotated[bool, typer.Option("--dev", help="Score sentences 1–8,000 (training part).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.kaznerd import HELD_OUT_START, TAGS, evaluate_kaznerd

    path = path or _default_data("kaznerd", "IOB2_valid.txt")
    try:
        if dev:
            skip, limit = 0, HELD_OUT_START
        report = evaluate_kaznerd(path, limit=limit, pipeline=_pipeline(),
                                  skip=HELD_OUT_START if skip is None else skip)
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    Console().print(_score_table(f"KazNERD: {report.sentences} sentences in {path}", "type",
                                 [(tag.lower(), report.scores[tag]) for tag in (*TAGS, "overall", "POSITION")]))

@ev.command("kknews", help=KKNEWS_HELP)
def kknews(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="Folder of kk-news *.json files.")] = None,
    details: Annotated[bool, typer.Option("--details", help="List missed and extra items (dev only).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.kknews import evaluate_kknews, is_held_out
    from ..evaluate.kznews import CATEGORIES

    folder = folder or _default_data("kk-news", "dev")
    if details and is_held_out(folder):
        typer.echo(f"derek: error: {folder}: --details is refused on the held-out kk-news part", err=True)
        raise typer.Exit(2)
    try:
        r = evaluate_kknews(folder, pipeline=_pipeline())
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(r.to_dict(details), ensure_ascii=False, indent=2))
        return
    _print_kz_report(r, f"kk-news: {len(r.docs)} documents in {folder}", CATEGORIES, details)

@ev.command("nerel", help=NEREL_HELP)
def nerel(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="A NEREL folder.")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for derek's NNN.json.")] = None,
    details: Annotated[bool, typer.Option("--details", help="List misses (not on nerel/dev).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.nerel import MEASURES, evaluate_nerel, is_held_out

    folder = folder or _default_data("nerel", "dev")
    if details and is_held_out(folder):
        typer.echo(f"derek: error: {folder}: --details is refused on the held-out NEREL dev split", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate_nerel(folder, pipeline=_pipeline(), out=out, details=details)
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for err in report.errors:
        console.print("  " + json.dumps(err, ensure_ascii=False), markup=False, soft_wrap=True)
    table = Table(title=f"NEREL: {report.docs} documents in {folder}")
    for col in ("measure", "P", "R", "F1", "tp/pred/gold"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for key, label in MEASURES.items():
        s = report.figures.get(key)
        if s:
            table.add_row(label, _fmt(s["p"]), _fmt(s["r"]), _fmt(s["f1"]), f"{s['tp']}/{s['pred']}/{s['gold']}")
    console.print(table)

@ev.command("kznews", help=KZNEWS_HELP)
def kznews(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="Folder of kznews *.json files.")] = None,
    seed: Annotated[bool, typer.Option("--seed/--no-seed", help="Also score the seed article(s).")] = True,
    details: Annotated[bool, typer.Option("--details", help="List missed and extra items per document.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.kznews import CATEGORIES, evaluate_kznews, evaluate_seed

    folder = folder or _default_data("kznews")
    pipe = _pipeline()
    reports = []
    try:
        reports.append(evaluate_kznews(folder, pipeline=pipe))
        seed_dir = folder.resolve().parent / "seed"
        if seed and seed_dir.is_dir():
            reports.append(evaluate_seed(seed_dir, pipeline=pipe))
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps([r.to_dict(details) for r in reports], ensure_ascii=False, indent=2))
        return
    for r in reports:
        _print_kz_report(r, f"{r.name}: {len(r.docs)} documents", CATEGORIES, details)

@ev.command("pages", help=PAGES_HELP)
def pages(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="Folder with manifest.json and pages/.")] = None,
    nonarticles: Annotated[Path | None, typer.Option("--nonarticles", help="Folder of pages that are not articles "
                                                      "(each must be refused).")] = None,
    nlp: Annotated[bool, typer.Option("--nlp/--no-nlp", help="Run the NLP stages too (people on each page).")] = True,
    details: Annotated[bool, typer.Option("--details", help="One line a page.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.pages import evaluate_pages

    folder = folder or _default_data("webpages")
    if nonarticles is None:
        repo_set = Path(__file__).resolve().parents[3] / "tests" / "data" / "nonarticles"
        nonarticles = repo_set if repo_set.is_dir() else None
    try:
        report = evaluate_pages(folder, pipeline=_pipeline() if nlp else None, nonarticles=nonarticles)
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(report.to_dict(details), ensure_ascii=False, indent=2))
        return
    _print_pages(report, details)

@ev.command("quotes", help=QUOTES_HELP)
def quotes(
    folder: Annotated[Path | None, typer.Argument(metavar="DIR", help="Folder of quotes-ru *.json files.")] = None,
    details: Annotated[bool, typer.Option("--details", help="List missed and extra quotes per document.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    from ..evaluate.quotes import CATEGORIES, evaluate_quotes, held_out

    folder = folder or _default_data("quotes-ru", "dev")
    if details and held_out(folder):
        typer.echo(f"derek: error: {folder} is a held-out part: only its aggregate figures may be shown", err=True)
        raise typer.Exit(2)
    try:
        report = evaluate_quotes(folder, pipeline=_pipeline())
    except DerekError as e:
        _fail(e)
    if as_json:
        typer.echo(json.dumps(report.to_dict(details), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(_score_table(f"quotes: {len(report.docs)} documents in {folder}", "category",
                               [(cat, report.totals[cat]) for cat in CATEGORIES]))
    if details:
        for d in report.docs:
            for item in d.missed:
                console.print(f"  {d.id} missed: {item}", markup=False, soft_wrap=True)
            for item in d.extra:
                console.print(f"  {d.id} extra:  {item}", markup=False, soft_wrap=True)


def _score_table(title: str, first: str, rows: list[tuple[str, Any]]) -> Any:
    """A Rich table of P / R / F1 / gold / derek, one row per (label, Score)."""
    from rich.table import Table

    table = Table(title=title)
    for col in (first, "P", "R", "F1", "gold", "derek"):
        table.add_column(col, justify="left" if col == first else "right")
    for label, sc in rows:
        table.add_row(label, _fmt(sc.precision), _fmt(sc.recall), _fmt(sc.f1), str(int(sc.n_gold)), str(int(sc.n_resp)))
    return table


def _print_kz_report(r: Any, title: str, categories: Any, details: bool) -> None:
    """A kznews-format report (kznews, the seed, kk-news): its table, then misses and extras with --details."""
    from rich.console import Console

    console = Console()
    console.print(_score_table(title, "category", [(cat, r.totals[cat]) for cat in categories]))
    for d in r.docs if details else []:
        for cat in categories:
            for item in d.missed[cat]:
                console.print(f"  {d.id} {cat} missed: {item}", markup=False, soft_wrap=True)
            for item in d.extra[cat]:
                console.print(f"  {d.id} {cat} extra:  {item}", markup=False, soft_wrap=True)


def _print_pages(report: Any, details: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    f = report.figures()
    table = Table(title=f"pages: {f['pages']} in {report.folder} ({f['errors']} refused or failed, "
                        f"{f['tracebacks']} tracebacks)")
    for col in ("measure", "score", "of"):
        table.add_column(col, justify="left" if col == "measure" else "right")
    for key in ("title_exact", "time_same_instant", "time_same_day", "authors_found", "lang"):
        s = f[key]
        table.add_row(key, "-" if s["share"] is None else _fmt(s["share"]), f"{s['ok']}/{s['of']}")
    table.add_row("body_f1", "-" if f["body_f1"] is None else _fmt(f["body_f1"]), "")
    table.add_row("snippets", "-" if f["snippets"] is None else _fmt(f["snippets"]), "")
    if "nonarticles" in f:
        n = f["nonarticles"]
        table.add_row("nonarticles refused", f"{n['refused']}/{n['pages']}", f"{n['people']} people")
    console.print(table)
    if details:
        for p in report.pages:
            console.print(f"  {p.file}: title {p.title_ok} instant {p.instant_ok} day {p.day_ok} authors "
                          f"{p.authors_found}/{p.authors_expected} f1 {p.body_f1} snippets {p.snippets_ok} "
                          f"lang {p.lang} {p.error or ''}", markup=False, soft_wrap=True)
        for name, why, people in report.refused:
            console.print(f"  nonarticle {name}: {why or 'NOT REFUSED'} ({people} people)", markup=False,
                          soft_wrap=True)
