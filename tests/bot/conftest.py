"""Shared set-up for the tests of the custom NLU components in ``bot/``.

These tests need the Rasa environment::

    .venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider

Under the action-server environment (``.venv``, no Rasa) every test module here skips
itself with ``pytest.importorskip("rasa", ...)`` at its top. This file imports nothing
from Rasa on purpose: a skip raised while pytest loads a conftest named on the command line
(``pytest tests/bot``) aborts the whole run instead of skipping.

``bot`` and what it loads come from the Rasa environment's editable install of
``requirements/rasa-side`` (``scripts/bootstrap.sh``), never from ``sys.path`` edits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import pytest

# Before anything imports Rasa: nothing may reach out, and no model hub is available.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

RASA_MISSING_REASON = (
    "tests/bot need the Rasa environment: "
    ".venv-rasa/bin/python -m pytest tests/bot -p no:cacheprovider"
)


@dataclass
class PostgresDatabase:
    """A throwaway database on the test PostgreSQL server, and a superuser connection to
    the server (autocommit) for what a test does to it from outside."""

    name: str
    options: dict[str, Any]
    admin: Any

    def execute(self, statement: str, parameters: dict[str, Any] | None = None) -> Any:
        cursor = self.admin.cursor()
        cursor.execute(statement, parameters)
        return cursor.fetchall() if cursor.description else None

    def terminate_backends(self) -> int:
        """What a restart does to the store's connections: every one is ended."""
        rows = self.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %(name)s AND pid <> pg_backend_pid()",
            {"name": self.name},
        )
        return len(rows or [])

    def refuse_connections(self, refuse: bool) -> None:
        """While the database is down: no connection is accepted (and none is left)."""
        self.execute(f'ALTER DATABASE "{self.name}" ALLOW_CONNECTIONS {str(not refuse).lower()}')
        if refuse:
            self.terminate_backends()


@pytest.fixture
def postgres_database() -> Any:
    """A database of its own on the test PostgreSQL server (SHOPBOT_TEST_POSTGRES_URL,
    default the local one), dropped afterwards; skipped when none answers."""
    import os
    import secrets

    import psycopg2
    from sqlalchemy.engine import make_url

    url = make_url(
        os.environ.get("SHOPBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    server = {
        "host": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "user": url.username,
        "password": url.password,
    }
    name = f"shopbot_tracker_{secrets.token_hex(5)}"
    try:
        admin = psycopg2.connect(dbname=url.database or "postgres", connect_timeout=3, **server)
    except psycopg2.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable ({error})")
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    options = {
        "dialect": "postgresql",
        "host": server["host"],
        "port": server["port"],
        "username": server["user"],
        "password": server["password"],
        "db": name,
    }
    try:
        yield PostgresDatabase(name, options, admin)
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
