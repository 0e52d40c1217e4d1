"""The ``derek`` command: a Typer app, one module per command group."""

from __future__ import annotations

import typer

from . import batch, corpus, evaluate, extract, fetch, serve

app = typer.Typer(
    name="derek",
    help="derek: people, positions, quotes, organizations and places from Kazakhstan and CIS news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("derek")
        except PackageNotFoundError:  # running from a source tree that is not installed
            v = "unknown (not installed)"
        typer.echo(f"derek {v}")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="print derek's version and exit")) -> None:
    """derek: people, positions, quotes, organizations and places from Kazakhstan and CIS news."""


for _module in (extract, evaluate, corpus, fetch, serve, batch):
    _module.register(app)


def main() -> None:
    app()
