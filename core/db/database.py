"""The order database: one engine, short transactions, failures turned into shopbot errors.

SQLite (the embedded default) gets foreign keys, WAL and a busy timeout; PostgreSQL gets
``pool_pre_ping`` and a 3-second connect timeout so that a database that is down is
reported quickly. Connection failures become :class:`~core.errors.DatabaseUnavailable`
with a message that carries neither the password nor any personal data; SQL parameters
are hidden from SQLAlchemy's own error messages and logs too (``hide_parameters``).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from core.errors import DatabaseError, DatabaseUnavailable, ShopbotError

if TYPE_CHECKING:
    from core.settings import Settings

__all__ = ["CONNECT_TIMEOUT_SECONDS", "Database", "normalise_url", "translate_error"]

log = logging.getLogger(__name__)

#: How long a connection attempt to a server database may take before it is reported down.
CONNECT_TIMEOUT_SECONDS = 3
SQLITE_BUSY_TIMEOUT_MS = 5000

_SCHEMA_MISSING = ("no such table", "no such column")
_DRIVER_OUTAGES = (
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
    sa_exc.TimeoutError,  # no connection free in the pool
)
_CAUSES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("refused",), "connection refused"),
    (("timeout", "timed out"), "timed out"),
    (("authentication", "password", "no pg_hba"), "authentication failed"),
    (("could not translate host", "name or service not known", "nodename"), "unknown host"),
    (("unable to open database file",), "cannot open the database file"),
    (("locked", "busy"), "database is busy"),
    (("does not exist",), "database does not exist"),
    (("server closed", "terminat", "connection is closed", "lost"), "connection lost"),
)


def normalise_url(url: str | URL) -> URL:
    """Parse a database URL; plain ``postgresql://`` (or ``postgres://``) uses psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _describe_cause(message: str) -> str:
    lowered = message.lower()
    for needles, cause in _CAUSES:
        if any(needle in lowered for needle in needles):
            return cause
    return "connection failed"


def translate_error(error: BaseException, url: URL) -> ShopbotError | None:
    """The shopbot error for a driver failure, or ``None`` when it is not a database outage.

    The message names the backend, host and port and a short cause: never the password,
    the SQL parameters or the driver's full text (which may quote data).
    """
    if isinstance(error, ShopbotError):
        return None
    if isinstance(error, sa_exc.DBAPIError):
        original: BaseException = error.orig if error.orig is not None else error
        outage = error.connection_invalidated or isinstance(
            error, sa_exc.OperationalError | sa_exc.InterfaceError
        )
    elif isinstance(error, _DRIVER_OUTAGES):
        original, outage = error, True
    else:
        return None
    if not outage:
        return None
    detail = f"{type(original).__name__} {original}".lower()
    if url.get_backend_name() == "sqlite" and any(word in detail for word in _SCHEMA_MISSING):
        return DatabaseError("The database schema is missing or outdated; run `shopbot db init`.")
    cause = _describe_cause(detail)
    if url.get_backend_name() == "sqlite":
        where = "sqlite"
    else:
        where = (
            f"{url.get_backend_name()} at {url.host or 'localhost'}:{url.port or 'default port'}"
        )
    return DatabaseUnavailable(f"The order database is unavailable ({where}: {cause}).")


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


class Database:
    """An engine plus a session factory for one database URL.

    >>> db = Database("sqlite:///var/shop.db")
    >>> with db.session() as session:  # commits on success, rolls back on error
    ...     ...
    """

    def __init__(
        self, url: str | URL, *, echo: bool = False, connections: int | None = None
    ) -> None:
        """``connections``: at least this many pooled connections (a server's thread count)."""
        self._url = normalise_url(url)
        self._connections = connections
        self._engine = self._create_engine(echo=echo)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Database:
        """The database of the settings (``DATABASE_URL``)."""
        if settings is None:
            from core.settings import get_settings

            settings = get_settings()
        return cls(settings.database_url)

    def _create_engine(self, *, echo: bool) -> Engine:
        url = self._url
        options: dict[str, Any] = {"echo": echo, "hide_parameters": True, "future": True}
        if url.get_backend_name() == "sqlite":
            path = _sqlite_file(url)
            if path is not None:
                path.expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)
            else:  # one shared in-memory database rather than one per connection
                options.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
            engine = create_engine(url, **options)
            event.listen(engine, "connect", _sqlite_pragmas(wal=path is not None))
            return engine
        connect_args: dict[str, Any] = {}
        if url.get_backend_name() == "postgresql":
            if "connect_timeout" not in url.query:
                connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
            if "application_name" not in url.query:
                connect_args["application_name"] = "shopbot"
        if self._connections is not None:  # every thread of a server gets a connection
            options.update(pool_size=max(5, self._connections), max_overflow=10)
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **options)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for migrations, bulk Core statements and tests)."""
        return self._engine

    @property
    def url(self) -> URL:
        """The parsed URL (render it with ``display_url``, never ``str()``, in messages)."""
        return self._url

    @property
    def display_url(self) -> str:
        """The URL with its password masked, safe to show."""
        return self._url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._url.get_backend_name()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"

    def _raise_translated(self, error: BaseException) -> None:
        translated = translate_error(error, self._url)
        if translated is not None:
            log.info("database failure: %s", translated)
            raise translated from None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException as error:
            with suppress(sa_exc.SQLAlchemyError):  # the connection may be gone already
                session.rollback()
            self._raise_translated(error)
            raise
        finally:
            session.close()

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """A Core connection in one transaction (bulk inserts, DDL, migrations)."""
        try:
            with self._engine.begin() as connection:
                yield connection
        except BaseException as error:
            self._raise_translated(error)
            raise

    def ping(self) -> None:
        """Check that the database answers; raise :class:`DatabaseUnavailable` if not."""
        with self.begin() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close every pooled connection."""
        self._engine.dispose()


def _sqlite_pragmas(*, wal: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    return on_connect
