"""derek CLI: corpus commands — ingest, failures, search, people, person, orgs, quotes, export, stats."""

from __future__ import annotations

import logging
import os
from enum import StrEnum
from typing import Annotated, Any

import typer

from ..read.refuse import MIN_TEXT_HELP, set_min_text
from .output import Format, FormatOpt, wants_json
from .output import console as _out_console
from .output import print_json as _print_json
from .output import table as _out_table

log = logging.getLogger("derek.cli")

DbOpt = Annotated[str | None, typer.Option("--db", envvar="DEREK_DB",
                                           help="database URL (postgresql://…) or SQLite file (default: derek.db)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON (the HTTP API's shapes) instead of a table")]
LimitOpt = Annotated[int, typer.Option("--limit", "-n", min=1, max=500, help="how many rows")]
OffsetOpt = Annotated[int, typer.Option("--offset", min=0, help="skip this many rows")]


def _store(db: str | None):
    from ..corpus.store import Store, StoreError

    try:
        return Store(db)
    except StoreError as e:
        typer.echo(f"derek: error: {e}", err=True)
        raise typer.Exit(2) from None


def _console():
    return _out_console()


def _table(title: str, columns: list[str], rows: list[list[Any]], caption: str | None = None,
           fmt: Format | None = None) -> None:
    _out_table(title, columns, rows, caption, fmt)


class Kind(StrEnum):
    article = "article"
    quote = "quote"


def _unmark(s: str, fmt: Format | None = None) -> str:
    import html

    if fmt == Format.csv:
        return html.unescape(s.replace("<mark>", "").replace("</mark>", ""))
    return html.unescape(s.replace("<mark>", "[bold yellow]").replace("</mark>", "[/]").replace("[", "\\[")
                         .replace("\\[bold yellow]", "[bold yellow]").replace("\\[/]", "[/]"))


# ---------------------------------------------------------------- ingest

def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="files, folders, .jsonl dumps, RSS/Atom feed files, article or feed URLs (http/https)")] = None,
    db: DbOpt = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="read again the inputs that failed before")] = False,
    feeds: Annotated[str | None, typer.Option("--feeds", help="a file of feed URLs to fetch, one a line (# comments)")] = None,
    delay: Annotated[float, typer.Option("--delay", min=0.0, envvar="DEREK_FETCH_DELAY",
                                         help="URLs: seconds between two requests to one host")] = 1.0,
    retries: Annotated[int, typer.Option("--retries", min=0, max=10, envvar="DEREK_FETCH_RETRIES",
                                         help="URLs: retries of a network error, HTTP 429 or 5xx")] = 3,
    batch: Annotated[int, typer.Option("--batch", min=1, max=10_000, help="documents per committed batch")] = 32,
    as_json: JsonOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress bar")] = False,
    min_text: Annotated[int | None, typer.Option("--min-text", min=0, help=MIN_TEXT_HELP)] = None,
) -> None:
    """Extract articles and store them: idempotent, resumable, failures recorded (see `derek failures`)."""
    set_min_text(min_text)
    from ..corpus.ingest import Ingestor, IngestSummary
    from ..read import iter_sources
    from . import fetch as fetch_cli

    urls, paths = fetch_cli.split_urls(paths)
    feed_urls = fetch_cli.feed_list(feeds)
    if not paths and not urls and not feed_urls and not retry_failed:
        typer.echo("derek ingest: give files, folders or URLs to ingest, --feeds FILE, or --retry-failed", err=True)
        raise typer.Exit(2)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    store = _store(db)
    ing = Ingestor(store, batch_size=batch)
    summary = IngestSummary()
    from rich.console import Console

    console = Console(stderr=True)  # progress and messages; the summary goes to stdout
    from ..batch.io import count_documents
    from .progress import advance, make_progress

    progress = make_progress(quiet or as_json, console)
    sources = [] if not paths else iter_sources(paths)
    with progress:
        n_docs = count_documents(paths) if paths and not progress.disable else None  # files and folders
        task = progress.add_task("ingest", total=n_docs or None, failed=0, rate="–")

        def on_result(r) -> None:
            summary.count(r)
            if r.status == "failed":
                progress.console.print(f"[red]failed[/] {r.input}: {r.reason}", highlight=False)
            advance(progress, task, 1, int(r.status == "failed"))

        try:
            if paths:
                ing.add_many(sources, on_result=on_result)
            fetch_cli.harvest(ing, urls, feed_urls, retry_failed=retry_failed, on_result=on_result, delay=delay,
                              retries=retries)
            if retry_failed:
                progress.update(task, description="retry failed")
                ing.retry_failed(on_result=on_result)
        except KeyboardInterrupt:
            progress.stop()
            console.print("[yellow]interrupted[/]: every committed batch is stored; run the same command "
                          "again to go on")
            raise typer.Exit(130) from None
    from ..corpus import queries

    total = queries.stats(store)["counts"]
    if as_json:
        _print_json({**summary.to_dict(), "database": store.display_url, "counts": total})
    else:
        _console().print(f"[bold]{summary.new}[/] new ({summary.reposts} reposts), {summary.duplicate} duplicate, "
                      f"{summary.failed} failed → {store.display_url}: {total['articles']} articles in "
                      f"{total['stories']} stories, {total['persons']} people, {total['quotes']} quotes",
                      highlight=False)
        if summary.failed:
            console.print("see `derek failures`; retry with `derek ingest --retry-failed`", highlight=False)
    if summary.failed:  # the rest is stored; the exit status says that not everything was
        console.print(f"derek ingest: {summary.failed} input(s) failed", highlight=False)
        raise typer.Exit(1)


def failures(db: DbOpt = None, as_json: JsonOpt = False,
             all_: Annotated[bool, typer.Option("--all", help="include resolved failures")] = False,
             fmt: FormatOpt = None) -> None:
    """Inputs that failed to ingest, with their reasons."""
    from sqlalchemy import select

    from ..corpus import models as m

    store = _store(db)
    f = m.failures
    stmt = select(f).order_by(f.c.id)
    if not all_:
        stmt = stmt.where(f.c.resolved.is_(False))
    with store.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
    for r in rows:
        for k in ("first_failed", "last_failed"):
            r[k] = r[k].isoformat() if r[k] else None
    if wants_json(fmt, as_json):
        _print_json({"total": len(rows), "items": rows})
        return
    _table("Failed inputs", ["input", "code", "reason", "attempts", "last failed", "resolved"],
           [[r["input"], r["code"], r["reason"], r["attempts"], r["last_failed"], r["resolved"]] for r in rows],
           caption=f"{len(rows)} failed" + ("" if rows else " — nothing to retry"), fmt=fmt)


# ---------------------------------------------------------------- queries

def search(q: Annotated[str, typer.Argument(help="words; \"a phrase\"; prefix* (optional with --author)")] = "",
           db: DbOpt = None,
           kind: Annotated[Kind | None, typer.Option(help="article or quote")] = None,
           date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
           date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
           outlet: Annotated[str | None, typer.Option(help="where it was published or its original source, "
                                                        "e.g. zakon.kz")] = None,
           limit: LimitOpt = 20, offset: OffsetOpt = 0, as_json: JsonOpt = False, fmt: FormatOpt = None,
           author: Annotated[str | None, typer.Option(help="articles by this author: a whole name or a word "
                                                        "of one, e.g. Колесников")] = None) -> None:
    """Full-text search over articles and quotes, ranked, with snippets; --author alone lists an author's articles."""
    from ..corpus import queries

    if not q.strip() and not (author or "").strip():
        typer.echo("derek search: give words to search for, or --author NAME", err=True)
        raise typer.Exit(2)
    res = queries.search(_store(db), q, kind=kind.value if kind else None, date_from=date_from, date_to=date_to,
                         outlet=outlet, limit=limit, offset=offset, author=author)
    if wants_json(fmt, as_json):
        _print_json(res)
        return
    _table(f"Search «{q}»", ["kind", "date", "outlet / source", "title / speaker", "snippet", "article"],
           [[i["kind"], (i["published"] or "")[:10], i["outlet"] or i.get("source"), i["speaker"] or i["title"],
             _unmark(i["snippet"], fmt), i["article_id"]] for i in res["items"]],
           caption=f"{res['total']} found", fmt=fmt)


def people(db: DbOpt = None, q: Annotated[str | None, typer.Option("--q", help="name or its beginning")] = None,
           sort: Annotated[str, typer.Option(help="articles, mentions, name or recent")] = "articles",
           limit: LimitOpt = 20, offset: OffsetOpt = 0, as_json: JsonOpt = False, fmt: FormatOpt = None) -> None:
    """People by number of articles, with their latest position."""
    from ..corpus import queries

    try:
        res = queries.list_people(_store(db), q=q, sort=sort, limit=limit, offset=offset)
    except ValueError as e:
        typer.echo(f"derek people: {e}", err=True)
        raise typer.Exit(2) from None
    if wants_json(fmt, as_json):
        _print_json(res)
        return
    _table("People", ["id", "name", "articles", "mentions", "latest position", "last seen"],
           [[i["id"], i["name"], i["articles"], i["mentions"],
             (i["latest_position"] or {}).get("text"), i["last_seen"]] for i in res["items"]],
           caption=f"{res['total']} people", fmt=fmt)


def person(name: Annotated[str, typer.Argument(help="a name («Нукенов», «А. Нукенов», «Абзал Нукенов») or an id")],
           db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """One person: positions over time, quotes with dates, co-mentioned people, articles."""
    from ..corpus import queries

    store = _store(db)
    ids = [int(name)] if name.isdigit() else queries.find_person(store, name)
    found = [p for p in (queries.get_person(store, i) for i in ids) if p]
    if as_json:
        _print_json(found[0] if len(found) == 1 else {"total": len(found), "items": found})
        if not found:
            raise typer.Exit(1)
        return
    if not found:
        typer.echo(f"derek person: no one named {name!r} in {store.display_url}", err=True)
        raise typer.Exit(1)
    c = _console()
    if len(found) > 1:
        c.print(f"{len(found)} people match «{name}»: " + ", ".join(f"{p['name']} (id {p['id']})" for p in found),
                highlight=False)
    for p in found:
        c.rule(f"[bold]{p['name']}[/] (id {p['id']}) — {p['articles_count']} articles, {p['mentions']} mentions, "
               f"{p['first_seen'] or '?'} … {p['last_seen'] or '?'}")
        if p["positions"]:
            _table("Positions", ["title", "organization", "place", "tense", "first seen", "last seen", "articles"],
                   [[x["title"], x["org"], x["place"], x["tense"], x["first_seen"], x["last_seen"],
                     len(x["articles"])] for x in p["positions"]])
        if p["quotes"]:
            _table("Quotes", ["date", "kind", "quote", "cue", "article"],
                   [[x["day"], x["kind"], x["text"], x["cue"], x["article_id"]] for x in p["quotes"][:20]])
        if p["co_mentioned"]:
            _table("Mentioned with", ["id", "name", "articles"],
                   [[x["id"], x["name"], x["count"]] for x in p["co_mentioned"][:15]])
        _table("Articles", ["date", "outlet", "title", "id"],
               [[(x["published"] or "")[:10], x["outlet"], x["title"], x["id"]] for x in p["articles"][:15]])
        if p["forms"]:
            c.print("Written as: " + ", ".join(p["forms"]), highlight=False)


def orgs(db: DbOpt = None, q: Annotated[str | None, typer.Option("--q", help="name, abbreviation or a word of it")] = None,
         limit: LimitOpt = 20, offset: OffsetOpt = 0, as_json: JsonOpt = False, fmt: FormatOpt = None) -> None:
    """Organizations by number of articles, with their other names."""
    from ..corpus import queries

    res = queries.list_organizations(_store(db), q=q, limit=limit, offset=offset)
    if wants_json(fmt, as_json):
        _print_json(res)
        return
    _table("Organizations", ["id", "name", "also", "articles", "people"],
           [[i["id"], i["name"], ", ".join(i["aliases"][:4]), i["articles"], i["people"]] for i in res["items"]],
           caption=f"{res['total']} organizations", fmt=fmt)


def quotes(db: DbOpt = None, speaker: Annotated[str | None, typer.Option(help="a name or a person id")] = None,
           q: Annotated[str | None, typer.Option("--q", help="words in the quote")] = None,
           date_from: Annotated[str | None, typer.Option("--from", help="YYYY-MM-DD")] = None,
           date_to: Annotated[str | None, typer.Option("--to", help="YYYY-MM-DD")] = None,
           limit: LimitOpt = 20, offset: OffsetOpt = 0, as_json: JsonOpt = False, fmt: FormatOpt = None) -> None:
    """Quotes, by speaker and/or words, newest first (best match first with --q)."""
    from ..corpus import queries

    res = queries.list_quotes(_store(db), q=q, speaker=speaker, date_from=date_from, date_to=date_to,
                              limit=limit, offset=offset)
    if wants_json(fmt, as_json):
        _print_json(res)
        return
    _table("Quotes", ["date", "speaker", "kind", "quote", "cue", "article"],
           [[i["day"], i["speaker"], i["kind"], _unmark(i["snippet"], fmt) if "snippet" in i else i["text"], i["cue"],
             i["article_id"]] for i in res["items"]],
           caption=f"{res['total']} quotes", fmt=fmt)


def holders(post: Annotated[str | None, typer.Argument(help="a post: «аким Алматы», «Алматы қаласының әкімі», "
                                                         "«министр энергетики»; none: list the posts")] = None,
            db: DbOpt = None,
            org: Annotated[str | None, typer.Option(help="where the post is held, if not in POST")] = None,
            on: Annotated[str | None, typer.Option(help="YYYY-MM-DD: who held it on that day")] = None,
            q: Annotated[str | None, typer.Option("--q", help="without POST: posts whose title begins so "
                                                                "(«министр», «аким»)")] = None,
            limit: LimitOpt = 50, as_json: JsonOpt = False, fmt: FormatOpt = None) -> None:
    """Who held a post, from when to when as the articles report it, and who holds it now
    (without POST: the posts of the corpus, most reported first)."""
    from datetime import date

    from ..corpus.holders import list_posts, post_holders

    if not post or not post.strip():
        listed = list_posts(_store(db), q=q, limit=limit)
        if wants_json(fmt, as_json):
            _print_json(listed)
            return
        _table("Posts", ["post", "where", "holders", "articles", "latest reported holder", "on"],
               [[i["title"], i["where"], i["holders"], i["articles"], (i["latest"] or {}).get("name"),
                 (i["latest"] or {}).get("day")] for i in listed["items"]],
               caption=f"{listed['total']} posts; `derek holders \"POST\"` for one", fmt=fmt)
        return

    if on:
        try:
            on = date.fromisoformat(on).isoformat()
        except ValueError:
            typer.echo(f"derek holders: --on expects a date YYYY-MM-DD, got {on!r}", err=True)
            raise typer.Exit(2) from None
    store = _store(db)
    res = post_holders(store, post, org=org, on=on)
    if wants_json(fmt, as_json):
        _print_json(res)
    else:
        _print_holders(res, fmt)
    if not res["items"]:
        if not wants_json(fmt, as_json):
            typer.echo(f"derek holders: no one reported as {post!r} in {store.display_url}", err=True)
        raise typer.Exit(1)


def _print_holders(res: dict[str, Any], fmt: Format | None) -> None:
    rows = []
    for p in res["items"]:
        for h in p["holders"]:
            rows.append([p["title"] + (f", {p['where']}" if p["where"] else ""), h["name"], h["person_id"], h["status"],
                         h["from"], h["to"], h["last_reported"], h["reports"],
                         ", ".join(f"{e['kind']} {e['day'] or '(undated)'}" for e in h["appointed"] + h["dismissed"])])
    on = [f"{p['title']}, {p['where']} on {p['on']['day']}: "
          f"{p['on']['holder']['name'] if p['on']['holder'] else 'unknown'} ({p['on']['basis']})"
          for p in res["items"] if p.get("on")]
    _table(f"Holders of «{res['query']['title']}»",
           ["post", "holder", "id", "status", "from", "to", "last reported", "reports", "appointed / dismissed"],
           rows, caption="; ".join(on) or f"{res['total']} post(s)", fmt=fmt)


def export(db: DbOpt = None,
           fmt: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet")] = "jsonl",
           out: Annotated[str, typer.Option("--out", help="folder to write articles/people/positions/quotes into")] = "export",
           as_json: JsonOpt = False) -> None:
    """Export articles, people, positions and quotes as JSON Lines, CSV or Parquet files."""
    from ..corpus.export import FORMATS
    from ..corpus.export import export as do_export

    if fmt not in FORMATS:
        typer.echo(f"derek export: unknown format {fmt!r}; use {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    done = do_export(_store(db), out, fmt)
    if as_json:
        _print_json(done)
        return
    _table("Exported", ["table", "rows", "file"], [[t, d["rows"], d["path"]] for t, d in done.items()])


def stats(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Counts, date range and outlets of the corpus."""
    from ..corpus import queries

    s = queries.stats(_store(db))
    if as_json:
        _print_json(s)
        return
    c = s["counts"]
    _table(f"Corpus {s['database']} (schema {s['revision']})", ["what", "count"],
           [[k, v] for k, v in c.items()] + [["dates", f"{s['date_from'] or '?'} … {s['date_to'] or '?'}"]])
    if s["outlets"]:
        _table("Outlets", ["outlet", "articles"], [[o["outlet"], o["articles"]] for o in s["outlets"][:20]])


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("ingest")(ingest)
    app.command("failures")(failures)
    app.command("search")(search)
    app.command("people")(people)
    app.command("person")(person)
    app.command("orgs")(orgs)
    app.command("quotes")(quotes)
    app.command("holders")(holders)
    app.command("export")(export)
    app.command("stats")(stats)
