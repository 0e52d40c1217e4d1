"""The corpus database: a SQLite file by default, PostgreSQL for shared deployments.

``Store(url)`` opens the database and applies the Alembic migrations (``upgrade heads``), so a
new file or an empty PostgreSQL database is ready on first use.

Concurrency: PostgreSQL is the multi-writer store — every write transaction (``Store.write()``)
takes one transaction-level advisory lock before it reads what it decides on, so concurrent
writers end in the state one writer would leave. SQLite is safe but serial: a write transaction
is ``BEGIN IMMEDIATE`` (the writer waits for the one before it, up to the busy timeout, and then
retries), readers never block. Migrations run under a lock too (an advisory lock on PostgreSQL,
a file lock beside the SQLite file), so writers starting on a fresh database do not race.
"""

from __future__ import annotations

import logging
import os
import random
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import DerekError

log = logging.getLogger("derek.corpus")

DEFAULT_DB = "derek.db"
_MIGRATIONS = Path(__file__).with_name("migrations")
_migrate_lock = threading.Lock()
# the advisory lock keys (any two constants of derek's own) for migrations and for writes
MIGRATE_LOCK_KEY = 0x64657265_6B00
WRITE_LOCK_KEY = 0x64657265_6B01
WRITE_RETRIES = 8  # a busy SQLite file or a PostgreSQL serialization failure: this many attempts
BUSY_TIMEOUT_MS = 60_000


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
    # the driver's own transaction handling off: SQLAlchemy's begin event emits BEGIN (see _sqlite_begin)
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # first, so that the WAL switch waits too
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    """A write transaction takes the write lock at its start (no deadlock between two upgrading
    readers, which SQLite answers with «database is locked» at once); a read stays deferred."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("derek_write") else "BEGIN")


def is_retriable(exc: BaseException) -> bool:
    """A transaction that lost a race and may run again: SQLite busy/locked, PostgreSQL
    serialization failure or deadlock."""
    if isinstance(exc, OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
        return True
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return isinstance(exc, DBAPIError) and code in ("40001", "40P01")


@contextmanager
def _file_lock(path: str) -> Iterator[None]:
    """An exclusive lock on ``path`` (created if absent) for the block; a no-op where fcntl is absent."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


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
            event.listen(self.engine, "begin", _sqlite_begin)
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
        with _migrate_lock, self._migration_file_lock():
            try:
                with self.write() as conn:
                    if self.is_postgres:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK_KEY})
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "heads")
            except Exception as exc:
                raise StoreError(f"cannot migrate database {self.display_url}: {exc}") from exc

    def _migration_file_lock(self):
        db = self.engine.url.database if self.dialect == "sqlite" else None
        if not db or db == ":memory:" or db.startswith("file:"):
            return _null_context()
        return _file_lock(db + ".migrate-lock")

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
        """A transaction: committed on success, rolled back on an exception. On SQLite it takes
        the write lock at once (``BEGIN IMMEDIATE``: a writer waits instead of failing later)."""
        with self.engine.connect() as conn:
            if self.dialect == "sqlite":
                conn.execution_options(derek_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction that holds the store's write lock from its first statement:
        ``BEGIN IMMEDIATE`` on SQLite, ``pg_advisory_xact_lock`` on PostgreSQL (released at commit
        or rollback). What the block reads is then what it writes over: read-decide-insert is safe."""
        with self.engine.connect() as conn:
            conn.execution_options(derek_write=True)
            with conn.begin():
                if self.is_postgres:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK_KEY})
                yield conn

    def run_write(self, fn, *, retries: int = WRITE_RETRIES):
        """``fn(conn)`` in a ``write()`` transaction, run again (with a short random back-off) when
        the transaction lost a race (SQLite busy past the timeout, a PostgreSQL serialization failure)."""
        for attempt in range(1, retries + 1):
            try:
                with self.write() as conn:
                    return fn(conn)
            except Exception as exc:
                if attempt == retries or not is_retriable(exc):
                    raise
                log.warning("%s: write lost a race (%s); attempt %d of %d", self.display_url,
                            type(exc).__name__, attempt + 1, retries)
                time.sleep(random.uniform(0.05, 0.3) * attempt)
        raise AssertionError("unreachable")  # pragma: no cover

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


@contextmanager
def _null_context() -> Iterator[None]:
    yield


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
