"""Alembic environment for the corpus store.

``Store`` runs ``upgrade head`` programmatically and passes its connection in
``config.attributes["connection"]``; the ``alembic`` command line works too with
``alembic -c src/derek/corpus/alembic.ini -x db=URL upgrade head``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from derek.corpus.models import metadata

config = context.config


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from derek.corpus.store import normalize_url

    url = normalize_url(context.get_x_argument(as_dictionary=True).get("db")
                        or config.get_main_option("sqlalchemy.url") or None)
    engine = create_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) mode is not supported; run against a database")
run_migrations_online()
