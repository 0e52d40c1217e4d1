"""The ``derek`` command: a Typer app, one module per command group."""

from __future__ import annotations

import typer

from . import batch, corpus, evaluate, extract, serve

app = typer.Typer(
    name="derek",
    help="derek: people, positions, quotes, organizations and places from Kazakhstan and CIS news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (extract, evaluate, corpus, serve, batch):
    _module.register(app)


def main() -> None:
    app()
