"""How the CLI prints tables: Rich on a terminal; full-width lines, JSON or CSV off one.

Off a terminal (a pipe, a file, a test) Rich would wrap every table at 80 columns; here a table is
printed as wide as its content instead. ``--format json`` prints the command's JSON (the HTTP API's
shape), ``--format csv`` the table's columns as CSV.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

WIDE = 10_000  # the console width off a terminal: no wrapping


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOpt = Annotated[Format | None, typer.Option(
    "--format", "-f", help="table (default), json (the HTTP API's shapes, same as --json) or csv")]


def console(stderr: bool = False) -> Any:
    """A Rich console: the terminal's width on a terminal, no wrapping off one."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    if stream.isatty():
        return Console(stderr=stderr)
    return Console(stderr=stderr, width=WIDE, soft_wrap=True)


def print_json(obj: Any) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def wants_json(fmt: Format | None, as_json: bool) -> bool:
    return as_json or fmt == Format.json


def table(title: str, columns: list[str], rows: list[list[Any]], caption: str | None = None,
          fmt: Format | None = None) -> None:
    """Print rows as a Rich table (``fmt`` table or None) or as CSV (a header line, then the rows)."""
    if fmt == Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([["" if v is None else str(v) for v in r] for r in rows])
        typer.echo(buf.getvalue(), nl=False)
        return
    from rich.table import Table

    c = console()
    t = Table(title=title, caption=caption, show_lines=False)
    for col in columns:
        t.add_column(col, overflow="fold" if c.is_terminal else "ignore", no_wrap=not c.is_terminal)
    for r in rows:
        t.add_row(*["" if v is None else str(v) for v in r])
    c.print(t)
