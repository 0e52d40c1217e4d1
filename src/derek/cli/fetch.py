"""derek CLI: fetching — `watch` (poll feeds), `reextract` (re-run extraction over stored articles),
and the URL part of `ingest` (article and feed URLs, `--feeds FILE`)."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .corpus import DbOpt, JsonOpt, _store

if TYPE_CHECKING:
    from ..fetch import Fetcher

DelayOpt = Annotated[float, typer.Option("--delay", min=0.0, envvar="DEREK_FETCH_DELAY",
                                         help="seconds between two requests to one host")]
RetriesOpt = Annotated[int, typer.Option("--retries", min=0, max=10, envvar="DEREK_FETCH_RETRIES",
                                         help="retries of a connect error, timeout, HTTP 429 or 5xx")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.1, envvar="DEREK_FETCH_TIMEOUT",
                                           help="seconds to connect and between two reads")]


def split_urls(paths: list[str] | None) -> tuple[list[str], list[str]]:
    """(http/https URLs, everything else) in their order."""
    urls = [p for p in paths or [] if p.startswith(("http://", "https://"))]
    return urls, [p for p in paths or [] if p not in urls]


def feed_list(path: str | None) -> list[str]:
    """The URLs of a ``--feeds`` file; a bad file or line ends the command with status 2."""
    if path is None:
        return []
    from ..errors import InputError
    from ..fetch.harvest import read_feed_list

    try:
        return read_feed_list(path)
    except InputError as e:
        typer.echo(f"derek: error: {e}", err=True)
        raise typer.Exit(2) from None


def make_fetcher(delay: float = 1.0, retries: int = 3, timeout: float = 20.0) -> Fetcher:
    from ..fetch import Fetcher, FetchOptions

    return Fetcher(FetchOptions(delay=delay, retries=retries, timeout=timeout))


def harvest(ingestor: Any, urls: list[str], feeds: list[str], *, retry_failed: bool, on_result: Callable,
            delay: float = 1.0, retries: int = 3, timeout: float = 20.0) -> None:
    """The URL part of `derek ingest`: pages and feeds given, then (``retry_failed``) failed URLs."""
    from ..fetch.harvest import FeedRun, Harvester

    if not (urls or feeds or retry_failed):
        return
    with make_fetcher(delay, retries, timeout) as fetcher:
        h = Harvester(ingestor, fetcher, on_result=on_result)
        runs = [r for r in h.urls(urls) if isinstance(r, FeedRun)] + h.feeds(feeds)
        if retry_failed:
            runs += [r for r in h.retry_failed() if isinstance(r, FeedRun)]
        typer.echo(fetch_line(runs, fetcher.counts), err=True)


def fetch_line(runs: list[Any], counts: Any) -> str:
    """One line on what was fetched: feeds (unchanged ones), items (stored before), requests, 304s."""
    return (f"fetched: {len(runs)} feeds ({sum(r.not_modified for r in runs)} not modified, "
            f"{sum(r.failed is not None for r in runs)} failed), {sum(r.items for r in runs)} items "
            f"({sum(r.skipped for r in runs)} stored before); {counts.requests} requests, "
            f"{counts.not_modified} not modified, {counts.retries} retries, {counts.bytes:,} bytes")


@contextmanager
def _stop_on_signals(stop: Callable[[], None]) -> Iterator[None]:
    """SIGTERM and Ctrl-C stop the watch after the item in hand (a second Ctrl-C interrupts)."""
    hits = {"n": 0}

    def handler(signum: int, _frame: Any) -> None:
        hits["n"] += 1
        if hits["n"] > 1 and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop()

    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return
    old = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def watch(
    feeds: Annotated[str, typer.Option("--feeds", help="a file of feed URLs, one a line (# comments)")],
    every: Annotated[str, typer.Option("--every", help="time between two rounds: 30s, 10m, 1h")] = "10m",
    rounds: Annotated[int | None, typer.Option("--rounds", min=1, help="stop after this many rounds")] = None,
    db: DbOpt = None, delay: DelayOpt = 1.0, retries: RetriesOpt = 3, timeout: TimeoutOpt = 20.0,
    as_json: JsonOpt = False,
) -> None:
    """Poll feeds until stopped (Ctrl-C, SIGTERM): each round stores the new items' pages; unchanged
    feeds cost one 304. The feed file is read again each round. A killed watch started again goes on
    without duplicates."""
    from rich.console import Console

    from ..corpus.ingest import Ingestor
    from ..fetch.harvest import Harvester
    from ..fetch.watch import Watch, parse_every

    try:
        seconds = parse_every(every)
    except ValueError as e:
        typer.echo(f"derek watch: {e}", err=True)
        raise typer.Exit(2) from None
    urls = feed_list(feeds)
    if not urls:
        typer.echo(f"derek watch: no feed URLs in {feeds}", err=True)
        raise typer.Exit(2)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    console = Console(stderr=True)
    store = _store(db)

    def on_result(r: Any) -> None:
        if r.status == "failed" and not as_json:
            console.print(f"[red]failed[/] {r.input}: {r.reason}", highlight=False)

    def on_round(rnd: Any) -> None:
        if as_json:
            typer.echo(json.dumps({"round": rnd.number, "feeds": rnd.feeds, "not_modified": rnd.not_modified,
                                   "items": rnd.items, "skipped": rnd.skipped, **rnd.results}))
        else:
            console.print(rnd.line(), highlight=False)

    def current_feeds() -> list[str]:
        """The feed file read again each round; while it is unreadable or wrong, the last good list."""
        from ..errors import InputError
        from ..fetch.harvest import read_feed_list

        nonlocal urls
        try:
            urls = read_feed_list(feeds) or urls
        except InputError as e:
            console.print(f"[yellow]{e}[/]: watching the last good list", highlight=False)
        return urls

    with make_fetcher(delay, retries, timeout) as fetcher:
        w = Watch(Harvester(Ingestor(store), fetcher, on_result=on_result), current_feeds, seconds, rounds=rounds,
                  on_round=on_round)
        if not as_json:
            console.print(f"watching {len(urls)} feeds every {every} → {store.display_url} (Ctrl-C to stop)",
                          highlight=False)
        with _stop_on_signals(w.stop):
            try:
                w.run()
            except KeyboardInterrupt:
                pass
    if not as_json:
        console.print("stopped: everything fetched is stored; run the same command to go on", highlight=False)


def reextract(
    ids: Annotated[list[str] | None, typer.Argument(help="article ids (see `derek search`, the API)")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every stored article")] = False,
    db: DbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Run extraction again over stored articles (from their raw pages when fetched, else their
    texts) and update them in place: same ids, new people, positions and quotes."""
    from rich.console import Console

    from ..corpus.reextract import all_ids
    from ..corpus.reextract import reextract as run
    from ..pipeline import default_pipeline

    if bool(ids) == all_:
        typer.echo("derek reextract: give article ids or --all (not both)", err=True)
        raise typer.Exit(2)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    store = _store(db)
    console = Console(stderr=True)
    todo = all_ids(store) if all_ else list(ids or [])

    def on_done(r: Any) -> None:
        if as_json:
            return
        if r.status == "updated":
            console.print(f"updated {r.article_id} ({'page' if r.from_page else 'text'}): people "
                          f"{r.people_before} → {r.people_after}", highlight=False)
        else:
            console.print(f"[red]{r.status}[/] {r.article_id}: {r.reason}", highlight=False)

    done = list(run(store, default_pipeline(), todo, on_done=on_done))
    counts = {s: sum(r.status == s for r in done) for s in ("updated", "failed", "missing")}
    if as_json:
        typer.echo(json.dumps({**counts, "items": [r.to_dict() for r in done]}, ensure_ascii=False, indent=2))
    else:
        typer.echo(f"{counts['updated']} updated, {counts['failed']} failed, {counts['missing']} not found")
    if counts["failed"] or counts["missing"]:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("watch")(watch)
    app.command("reextract")(reextract)
