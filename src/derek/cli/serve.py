"""derek CLI: ``derek serve`` — the web UI and the HTTP API over a corpus database."""

from __future__ import annotations

from typing import Annotated

import typer


def serve(
    db: Annotated[str | None, typer.Option("--db", envvar="DEREK_DB",
                                           help="database URL or SQLite file (default: derek.db)")] = None,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="DEREK_TOKEN", help="enables writing endpoints (Authorization: Bearer TOKEN); "
                                   "without it the server is read-only")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level")] = "info",
) -> None:
    """Serve the web UI (/) and the JSON API (/api, docs at /docs) over the corpus."""
    import uvicorn

    from ..errors import DerekError
    from ..web import create_app

    app = create_app(db_url=db, token=token or "")
    try:
        _ = app.state.derek.store  # open (and on first use create) the database now, not on the first request
    except DerekError as e:
        typer.echo(f"derek serve: {e}", err=True)
        raise typer.Exit(2) from e
    except Exception as e:  # a wrong URL, an unreachable server: say which database
        typer.echo(f"derek serve: cannot open the database {db or 'derek.db'}: {e}", err=True)
        raise typer.Exit(2) from e
    mode = "запись по токену" if token else "только чтение"
    typer.echo(f"derek: http://{host}:{port}/  (API: /api, документация: /docs; {mode})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)
