"""derek CLI: ``batch`` (extract a JSONL/Parquet corpus, locally or on Ray) and ``bench`` (speed vs Natasha)."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DerekError
from ..read.refuse import MIN_TEXT_HELP, set_min_text


def _run_with_progress(run_batch, quiet: bool, inp: Path, out: Path, **kw):
    """``run_batch`` under a progress bar (total counted up front), on either engine."""
    import os

    from ..batch import count_items
    from .progress import advance, make_progress

    if quiet:
        os.environ["DEREK_QUIET"] = "1"  # Ray Data's bars too
    progress = make_progress(quiet)
    if progress.disable:
        return run_batch(inp, out, **kw)
    with progress:
        total = None if "://" in str(inp) else count_items(inp, kw.get("in_format"))  # remote: not counted
        task = progress.add_task("batch", total=total, failed=0, rate="–")
        return run_batch(inp, out, on_rows=lambda n, err: advance(progress, task, n, err), **kw)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("batch")
    def batch(
        inp: Annotated[Path, typer.Argument(help="input: a .jsonl/.parquet file or folder of parts (rows with text or "
                                                 "html), or documents as ingest reads them: .txt, .html, .json, "
                                                 "feeds, or a folder of them")],
        out: Annotated[Path, typer.Argument(help="output file (local engine) or folder of parts")],
        engine: str = typer.Option("local", "--engine", "-e", help="local (process pool) or ray (Ray Data)"),
        workers: int = typer.Option(0, "--workers", "-w",
                                    help="worker processes / Ray actors (0: 1 locally, all cluster CPUs on Ray)"),
        address: str = typer.Option(None, "--address", help="Ray cluster address (default: start a local one)"),
        batch_size: int = typer.Option(16, "--batch-size", help="documents per chunk sent to a worker"),
        fmt: str = typer.Option(None, "--format", help="input format when the name does not tell: jsonl, parquet "
                                                       "or docs"),
        out_fmt: str = typer.Option(None, "--out-format", help="output format (default: by OUT's extension, else the input's)"),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="log progress"),
        quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
        min_text: int = typer.Option(None, "--min-text", min=0, help=MIN_TEXT_HELP),
    ) -> None:
        """Extract every row of IN into OUT: one {"id", "article"} or {"id", "error"} row per input row."""
        from ..batch import run_batch

        set_min_text(min_text)  # the workers inherit it

        if verbose:
            logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        try:
            stats = _run_with_progress(run_batch, quiet, inp, out, engine=engine, workers=workers or None,
                                       address=address, batch_size=batch_size, in_format=fmt, out_format=out_fmt)
        except DerekError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        n = stats.workers
        who = "all cluster CPUs" if not n else f"{n} worker{'s' if n != 1 else ''}"
        typer.echo(f"{stats.docs} documents ({stats.errors} errors) → {stats.out} in {stats.wall_s:.1f}s "
                   f"[{stats.engine}, {who}]")
        if stats.errors:  # every row has its output; the exit status says some are errors
            typer.echo(f"derek batch: {stats.errors} input row(s) failed (their error rows are in {stats.out})",
                       err=True)
            raise typer.Exit(1)

    @app.command("bench")
    def bench(
        docs: int = typer.Option(1000, "--docs", "-n", help="documents: the FactRuEval devset texts repeated to N"),
        as_json: bool = typer.Option(False, "--json", help="print one JSON object"),
        only: str = typer.Option(None, "--only",
                                 help="comma-separated subset: natasha_ner,natasha_full,derek,local1,local2,ray"),
        data: Annotated[Path | None, typer.Option("--data", help="folder of .txt documents (default: ../shared FactRuEval devset)")] = None,
        unseen_limit: Annotated[int | None, typer.Option("--unseen-limit", help="first pass over only the first N distinct texts (default: all of them)")] = None,
    ) -> None:
        """Speed and memory of derek against Natasha: first pass over distinct unseen texts (the headline), repeated texts, batch scaling."""
        from .. import bench as b

        try:
            result = b.run(docs=docs, only=only.split(",") if only else None, data=data,
                           progress=None if as_json else typer.echo, unseen_limit=unseen_limit)
        except DerekError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(2) from None
        if as_json:
            typer.echo(json.dumps(result, ensure_ascii=False))
        else:
            typer.echo(b.table(result))
