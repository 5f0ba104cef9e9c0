"""Two real Rasa servers on one model, one action server, one PostgreSQL tracker store
(a throwaway database of its own), Redis as their lock store and as the socket.io client
manager they share: the set-up of Rasa's scale-out, for the tests of what must hold across
instances (socket.io messages, reminders).

    with two_rasa_servers(work, "e2e-instances", {...}) as pair:
        with WireClient.connect(pair.view("b")) as wire: ...
        pair.client("a").execute_action(...)
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from shop.rasa_api import RasaClient
from shopbot.production.tracker_schema import ensure_tracker_schema
from shopbot.runtime import ServerProcess
from tests.e2e.conftest import Stack, running_stack

__all__ = ["RasaPair", "two_rasa_servers"]

POSTGRES_URL = os.environ.get(
    "SHOPBOT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
#: Redis databases of these tests: the lock store's, and the socket.io manager's.
LOCK_DB, SOCKETIO_DB = 13, 14

ENDPOINTS = """\
action_endpoint:
  url: ${{SHOPBOT_ACTION_URL}}
  headers:
    X-Shopbot-Action-Token: ${{SHOPBOT_ACTION_TOKEN}}
nlg:
  type: bot.nlg.CatalogNaturalLanguageGenerator
tracker_store:
  type: bot.tracker_store.KeptSQLTrackerStore
  dialect: postgresql
  url: {host}
  port: {port}
  username: {user}
  db: {database}
lock_store:
  type: redis
  url: {redis_host}
  port: {redis_port}
  db: {lock_db}
  key_prefix: {prefix}
"""


@dataclass
class RasaPair:
    """The stack (its Rasa server is "a") and the second Rasa server "b" (whose process
    :attr:`second` a test may stop)."""

    stack: Stack
    second: ServerProcess

    def url(self, which: str) -> str:
        return self.stack.rasa_url if which == "a" else self.second.url

    def view(self, which: str) -> SimpleNamespace:
        """What :class:`tests.e2e.socketio_wire.WireClient` reads of a stack, for one server."""
        return SimpleNamespace(rasa_url=self.url(which), web_port=self.stack.web_port)

    def client(self, which: str) -> RasaClient:
        """A client of one server's HTTP API (close it, or use it as a context manager)."""
        return RasaClient(self.url(which), token=self.stack.rasa_token)


@contextmanager
def _database() -> Iterator[dict[str, object]]:
    """A database of its own on the test PostgreSQL server; dropped afterwards."""
    name = f"shopbot_e2e_{secrets.token_hex(5)}"
    try:
        admin = psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"these tests need PostgreSQL at {POSTGRES_URL}: {error}")
    info = admin.info
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # The tables first, once, as the production profile does: two Rasa servers creating
        # them at the same moment on an empty database collide.
        ensure_tracker_schema(
            {
                **os.environ,
                "SHOPBOT_TRACKER_DB_HOST": info.host,
                "SHOPBOT_TRACKER_DB_PORT": str(info.port),
                "SHOPBOT_TRACKER_DB_USER": info.user,
                "SHOPBOT_TRACKER_DB_PASSWORD": info.password or "",
                "SHOPBOT_TRACKER_DB_NAME": name,
            }
        )
        yield {"host": info.host, "port": info.port, "user": info.user, "database": name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def two_rasa_servers(work: Path, name: str, settings: dict[str, str]) -> Iterator[RasaPair]:
    """Both servers on the shared stores, ``settings`` (environment) on top; logs in
    test-artifacts/``name`` (b's: rasa-2.log)."""
    with _database() as database:
        endpoints = work / "endpoints.instances.yml"
        endpoints.write_text(
            ENDPOINTS.format(
                **database,
                redis_host=REDIS_HOST,
                redis_port=REDIS_PORT,
                lock_db=LOCK_DB,
                prefix=f"e2e{secrets.token_hex(4)}",
            ),
            encoding="utf-8",
        )
        shared = {
            **settings,
            "SHOPBOT_SOCKETIO_REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{SOCKETIO_DB}",
        }
        with running_stack(work, name, shared, endpoints=endpoints, more_rasa_servers=1) as stack:
            yield RasaPair(stack, stack.more_rasa[0])
