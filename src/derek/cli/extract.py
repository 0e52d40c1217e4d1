"""derek CLI: ``derek extract`` — files or stdin → Article JSON."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import InputError
from ..read import MAX_BYTES, Source, from_bytes, iter_sources
from ..read.refuse import MIN_TEXT_HELP, set_min_text

log = logging.getLogger("derek.cli")

BATCH = 16

EXTRACT_HELP = (
    "Extract people, organizations, places, quotes and article metadata from news articles.\n\n"
    "FILE is a text or HTML file (UTF-8 with or without BOM, cp1251, koi8-r, ...; detected), a folder "
    "(read recursively), a .jsonl file (one record a line: \"text\" or \"html\", optional \"url\", "
    "\"title\", \"published\", \"source\"), an RSS/Atom feed file, or - for stdin.\n\n"
    "Output: one input holding one article prints one pretty JSON object; several inputs, or a folder, "
    ".jsonl or feed with several articles, print a JSON array. With --jsonl each article is printed on "
    "its own line as soon as it is ready.\n\n"
    "An input that cannot be read is reported on stderr as 'derek: error: FILE: reason', the other "
    "inputs are still processed, and the exit code is 1."
)


def _err(name: str, reason: str, hint: str | None = None) -> None:
    msg = f"derek: error: {name}: {reason}"
    if hint:
        msg += f" ({hint})"
    typer.echo(msg, err=True)


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text stream (some test runners)
        return sys.stdin.read().encode("utf-8")
    return stream.read(max_bytes + 1)


def _inputs(files: list[str], max_bytes: int) -> Iterator[Source | InputError]:
    for f in files:
        if f == "-":
            try:
                yield from_bytes(_read_stdin(max_bytes), name="<stdin>", max_bytes=max_bytes)
            except InputError as e:
                yield e
        else:
            yield from iter_sources([Path(f)], max_bytes=max_bytes)


def _as_dict(article: Any, explain: bool = False) -> dict[str, Any]:
    """The article's JSON; with ``explain`` each quote names the rule that found it and each position
    the rules that found it."""
    out = article.to_dict()
    if explain:
        for q, obj in zip(out["quotes"], article.quotes, strict=True):
            q["rule"] = obj.rule
        for p, person in zip(out["people"], article.people, strict=True):
            for pos, obj in zip(p["positions"], person.positions, strict=True):
                pos["rules"] = list(obj.rules)
    return out


def _run(batch: list[Source], pipeline: Any, explain: bool = False) -> Iterator[tuple[Source, dict[str, Any] | Exception]]:
    """Process a batch; if it fails as a whole, retry one by one so that one bad document stays alone."""
    try:
        arts = list(pipeline.map(batch))
        yield from zip(batch, (_as_dict(a, explain) for a in arts), strict=True)
        return
    except Exception as e:  # noqa: BLE001 - reported per document below
        log.debug("batch failed (%s); retrying documents one by one", e)
    for src in batch:
        try:
            yield src, _as_dict(pipeline.extract(src), explain)
        except Exception as e:  # noqa: BLE001 - reported per document
            yield src, e


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""

    @app.command("extract", help=EXTRACT_HELP)
    def extract(
        files: Annotated[list[str], typer.Argument(metavar="FILE", show_default=False, help='Files, folders, or "-" for stdin.')],
        jsonl: Annotated[bool, typer.Option("--jsonl", help="One article a line (JSON Lines).")] = False,
        max_mb: Annotated[float, typer.Option("--max-mb", help="Refuse documents larger than this (MB).")] = (
            MAX_BYTES / 1024 / 1024
        ),
        min_text: Annotated[int | None, typer.Option("--min-text", min=0, help=MIN_TEXT_HELP)] = None,
        explain: Annotated[bool, typer.Option("--explain", help="Name the rule that found each quote and the rules that found each position.")] = False,
    ) -> None:
        set_min_text(min_text)
        try:
            _extract(files, jsonl, int(max_mb * 1024 * 1024), explain)
        except BrokenPipeError:  # `derek extract ... | head`: the reader has gone; stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(code=1) from None


def _extract(files: list[str], jsonl: bool, max_bytes: int, explain: bool = False) -> None:
    """Read every input, run the pipeline in batches, print; exit 1 if some input failed."""
    failed = 0
    results: list[dict[str, Any]] = []
    pipeline = None
    batch: list[Source] = []

    def flush() -> None:
        nonlocal pipeline, failed
        if not batch:
            return
        if pipeline is None:  # models load only when there is something to process
            from ..pipeline import default_pipeline

            pipeline = default_pipeline()
        for src, out in _run(batch, pipeline, explain):
            if isinstance(out, Exception):
                failed += 1
                reason = out.reason if isinstance(out, InputError) else f"processing failed: {out}"
                _err(src.name or src.url or "<input>", reason)
            elif jsonl:
                typer.echo(json.dumps(out, ensure_ascii=False))
            else:
                results.append(out)
        batch.clear()

    for item in _inputs(files, max_bytes):
        if isinstance(item, InputError):
            failed += 1
            _err(item.input_name, item.reason, item.hint)
            continue
        batch.append(item)
        if len(batch) >= BATCH:
            flush()
    flush()

    if not jsonl:
        single = len(files) == 1 and len(results) == 1 and not failed
        if single:
            typer.echo(json.dumps(results[0], ensure_ascii=False, indent=2))
        elif results or len(files) > 1:
            typer.echo(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        raise typer.Exit(code=1)
