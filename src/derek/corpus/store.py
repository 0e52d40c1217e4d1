"""The corpus database: a SQLite file by default, PostgreSQL for shared deployments.

``Store(url)`` opens the database and applies the Alembic migrations (``upgrade head``), so a
new file or an empty PostgreSQL database is ready on first use.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text

from ..errors import DerekError

log = logging.getLogger("derek.corpus")

DEFAULT_DB = "derek.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
_migrate_lock = threading.Lock()


class StoreError(DerekError):
    """The database cannot be opened, migrated or written."""

    code = "E300"


def normalize_url(url: str | os.PathLike | None) -> str:
    """``None`` → ``$DEREK_DB`` or ``sqlite:///derek.db``; a plain path → SQLite;
    ``postgresql://`` / ``postgres://`` → the psycopg 3 driver."""
    url = str(url or os.environ.get("DEREK_DB") or DEFAULT_DB)
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith(("postgresql+", "sqlite:")):
        return url
    if "://" in url:
        raise StoreError(f"unsupported database URL {url!r}",
                         hint="use a SQLite file path, sqlite:///PATH or postgresql://USER@HOST/DB")
    return "sqlite:///" + str(Path(url).expanduser())


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


class Store:
    """A connection pool to one corpus database, migrated to the newest schema."""

    def __init__(self, url: str | os.PathLike | None = None, *, migrate: bool = True) -> None:
        self.url = normalize_url(url)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except Exception as exc:  # bad URL, missing driver
            raise StoreError(f"cannot open database {self.display_url}: {exc}") from exc
        if self.dialect == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        if migrate:
            self.migrate()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @property
    def display_url(self) -> str:
        """The URL without a password."""
        try:
            return self.engine.url.render_as_string(hide_password=True)
        except AttributeError:
            return self.url

    def migrate(self) -> None:
        """Apply the Alembic migrations up to every head (idempotent).

        Migrations after 0002 may branch from the same parent (each feature adds its own
        columns), so the upgrade target is ``heads``, not ``head``.
        """
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        with _migrate_lock:
            try:
                with self.engine.begin() as conn:
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "heads")
            except Exception as exc:
                raise StoreError(f"cannot migrate database {self.display_url}: {exc}") from exc

    def revision(self) -> str | None:
        """The applied revision(s): one id, or the heads joined by «,» (sorted) when migrations branch."""
        with self.engine.connect() as conn:
            try:
                rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            except Exception:
                return None
        return ",".join(sorted(rows)) or None

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A transaction: committed on success, rolled back on an exception."""
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def size_bytes(self) -> int:
        """The database's size on disk (SQLite file + WAL, or pg_database_size)."""
        if self.is_postgres:
            with self.engine.connect() as conn:
                return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0)
        db = self.engine.url.database
        if not db or db == ":memory:":
            return 0
        return sum(p.stat().st_size for p in (Path(db), Path(db + "-wal")) if p.exists())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"


def create_database(server_url: str, name: str) -> str:
    """Create (or re-create, empty) the PostgreSQL database ``name`` on the server of ``server_url``;
    returns its URL. For tests and benchmarks that need a database of their own."""
    from sqlalchemy.engine import make_url

    url = make_url(normalize_url(server_url))
    if not url.get_backend_name().startswith("postgresql"):
        raise StoreError(f"{server_url}: not a PostgreSQL URL")
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise StoreError(f"bad database name {name!r}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(normalize_url(server_url))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
