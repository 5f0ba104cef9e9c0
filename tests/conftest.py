"""Fixtures for every test folder: real-length secrets in the environment, and databases
(SQLite and PostgreSQL, blank, migrated or seeded).

PostgreSQL tests use ``SHOPBOT_TEST_POSTGRES_URL`` (default: the local server) and a fresh
schema per test module, dropped afterwards; they skip with a message when no server answers.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import text

from core.db.database import Database, normalise_url
from core.db.migrate import upgrade
from core.errors import DatabaseError
from core.settings import get_settings
from shopbot.demo.seed import seed_demo_data
from tests.e2e.web_fixtures import browser  # noqa: F401 - one Chromium for the whole suite
from tests.fake_secrets import TEST_SECRETS

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: The reference date of the seeded test database (its orders lie in the year before).
SEED_TODAY = date(2026, 6, 15)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session", autouse=True)
def real_secrets() -> Iterator[dict[str, str]]:
    """Every test, and every server a test starts, has real-length secrets in its
    environment (:data:`tests.fake_secrets.TEST_SECRETS`); ``Settings()`` reads them."""
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in TEST_SECRETS.items():
            patch.setenv(variable, value)
        get_settings.cache_clear()
        yield dict(TEST_SECRETS)
    get_settings.cache_clear()


@cache
def _postgres_problem(url: str) -> str | None:
    database = Database(url)
    try:
        database.ping()
    except DatabaseError as error:
        return str(error)
    finally:
        database.dispose()
    return None


@contextmanager
def _fresh_database(backend: str, folder: Path, *, migrate: bool) -> Iterator[Database]:
    if backend == "sqlite":
        database = Database(f"sqlite:///{folder / 'shop.db'}")
        cleanup = None
    else:
        url = normalise_url(os.environ.get("SHOPBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
        problem = _postgres_problem(url.render_as_string(hide_password=False))
        if problem:
            shown = url.render_as_string(hide_password=True)
            pytest.skip(f"PostgreSQL is not reachable at {shown} ({problem})")
        schema = f"shopbot_test_{secrets.token_hex(6)}"
        cleanup = Database(url)
        with cleanup.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        database = Database(url.update_query_dict({"options": f"-csearch_path={schema}"}))
    try:
        if migrate:
            upgrade(database)
        yield database
    finally:
        database.dispose()
        if cleanup is not None:
            with cleanup.begin() as connection:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            cleanup.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def blank_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """An empty database without any schema (one per test module and backend)."""
    with _fresh_database(request.param, tmp_path_factory.mktemp("db"), migrate=False) as db:
        yield db


@pytest.fixture(scope="module", params=BACKENDS)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A migrated, empty database (one per test module and backend)."""
    with _fresh_database(request.param, tmp_path_factory.mktemp("db"), migrate=True) as db:
        yield db


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """A migrated database with a small demo seed (60 customers, 300 orders, seed 7)."""
    with _fresh_database(request.param, tmp_path_factory.mktemp("db"), migrate=True) as db:
        seed_demo_data(db, seed=7, customers=60, orders=300, today=SEED_TODAY)
        yield db


@pytest.fixture(scope="session")
def seed_today() -> date:
    """The ``today`` the seeded database was generated for."""
    return SEED_TODAY
