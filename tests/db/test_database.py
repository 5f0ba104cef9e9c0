"""The Database wrapper: sessions, SQLite set-up, and a database that is down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from core.db.database import CONNECT_TIMEOUT_SECONDS, Database, normalise_url
from core.errors import DatabaseError, DatabaseUnavailable
from shop.orders import OrderService

SECRET = "s3cret-Pa55word"
DOWN_URL = f"postgresql+psycopg://shop:{SECRET}@127.0.0.1:1/shop"


def _connect_timeouts(db: Database) -> list[Any]:
    """Fills with the ``connect_timeout`` that each connection attempt of ``db`` hands to
    the driver (``None`` when there is none)."""
    seen: list[Any] = []
    event.listen(
        db.engine,
        "do_connect",
        lambda _dialect, _record, _args, params: seen.append(params.get("connect_timeout")),
    )
    return seen


def test_a_database_that_is_down_is_reported_without_the_password() -> None:
    db = Database(DOWN_URL)
    with pytest.raises(DatabaseUnavailable) as caught:
        db.ping()
    message = str(caught.value)
    assert SECRET not in message
    assert "127.0.0.1:1" in message
    assert "connection refused" in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert SECRET not in repr(db) and SECRET not in db.display_url


def test_a_server_that_does_not_answer_is_given_up_after_the_connect_timeout() -> None:
    """What keeps "the database is down" quick: the driver's own connect timeout. (How long
    a refused connection takes: ``bench/unit_speed.py``.)"""
    assert 1 <= CONNECT_TIMEOUT_SECONDS <= 5
    db = Database(DOWN_URL)
    timeouts = _connect_timeouts(db)
    with pytest.raises(DatabaseUnavailable):
        db.ping()
    assert timeouts and set(timeouts) == {CONNECT_TIMEOUT_SECONDS}


def test_a_connect_timeout_in_the_url_is_kept() -> None:
    db = Database(f"{DOWN_URL}?connect_timeout=1")
    timeouts = _connect_timeouts(db)
    with pytest.raises(DatabaseUnavailable):
        db.ping()
    assert timeouts and {str(timeout) for timeout in timeouts} == {"1"}


def test_services_raise_database_unavailable() -> None:
    db = Database(DOWN_URL)
    with pytest.raises(DatabaseUnavailable) as caught:
        OrderService(db).find("100001")
    assert SECRET not in str(caught.value)


def test_plain_postgresql_urls_use_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_sqlite_gets_its_folder_foreign_keys_and_wal(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'new' / 'folder' / 'shop.db'}")
    try:
        with db.begin() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert (tmp_path / "new" / "folder" / "shop.db").exists()
    finally:
        db.dispose()


def test_sessions_commit_or_roll_back(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    with db.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.session() as session:
        session.execute(text("INSERT INTO t VALUES (1)"))
    with pytest.raises(RuntimeError), db.session() as session:
        session.execute(text("INSERT INTO t VALUES (2)"))
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.execute(text("SELECT x FROM t")).scalars().all() == [1]
    db.dispose()


def test_a_missing_schema_says_what_to_run(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(DatabaseError, match="shopbot db init"):
        OrderService(db).find("100001")
    db.dispose()


def test_in_memory_sqlite_is_one_database() -> None:
    db = Database("sqlite://")
    with db.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
    with db.session() as session:
        assert session.execute(text("SELECT count(*) FROM t")).scalar() == 0
    db.dispose()
