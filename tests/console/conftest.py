"""Fixtures of the console tests: account services on both backends, and a real
``python -m shopbot.web`` with a migrated SQLite database, a small tracker store (its
conversations also in the console's summaries) and three users (admin, lead, agent),
started once per test module."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import PROJECT_ROOT, Settings
from shop.accounts import Accounts
from shop.conversations import rebuild_summaries
from shopbot.runtime import ServerProcess, free_port, web_server
from tests.console.support import FAST_HASHER, PASSWORD, FakeClock, secret, sign_in

#: Conversations in the test tracker store: id -> the shopper's messages.
CONVERSATIONS = {
    "web-erase-me": ["my email is bea@example.com, please forget me"],
    "web-reveal-1": [
        "where is my order 100234? it's ada@example.com",
        "call me on +44 20 7946 0958",
    ],
    "web-<img src=x onerror=alert(1)>": ["hello"],
}


@dataclass
class ConsoleServer:
    """The running web server, its database and settings."""

    server: ServerProcess
    database: Database
    settings: Settings
    env: dict[str, str]

    @property
    def url(self) -> str:
        """Its base URL."""
        return self.server.url

    def client(self) -> httpx.Client:
        """A new HTTP client with its own cookies (one browser)."""
        return httpx.Client(base_url=self.url, timeout=20)

    @contextmanager
    def signed_in(self, username: str, password: str = PASSWORD) -> Iterator[httpx.Client]:
        """A client signed in as ``username`` (closed afterwards)."""
        with self.client() as client:
            response = sign_in(client, username, password)
            assert response.status_code == 303, response.text
            yield client


def _tracker_store(path: Path) -> None:
    """A tracker store with Rasa's ``events`` table and a few conversations."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        insert = "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)"
        moment = 1_780_000_000.0
        for sender, messages in CONVERSATIONS.items():
            for text in messages:
                moment += 5
                event = {"event": "user", "timestamp": moment, "text": text}
                connection.execute(insert, (sender, "user", moment, json.dumps(event)))
                reply = {"event": "bot", "timestamp": moment + 1, "text": "Thanks!"}
                connection.execute(insert, (sender, "bot", moment + 1, json.dumps(reply)))


@pytest.fixture
def clock() -> FakeClock:
    """A clock moved by hand."""
    return FakeClock()


@pytest.fixture
def make_accounts(database: Database, clock: FakeClock) -> Callable[..., Accounts]:
    """Account services on the module's migrated database (SQLite and PostgreSQL)."""

    def make(**overrides: object) -> Accounts:
        values: dict[str, object] = {
            "client_key_secret": secret(),
            "console_login_user_failures": 3,
            "console_login_client_failures": 5,
            "console_login_window_minutes": 15,
            "console_session_hours": 12,
            "console_idle_minutes": 30,
        }
        values.update(overrides)
        settings = Settings(**values)  # type: ignore[arg-type]
        return Accounts.build(database, settings, hasher=FAST_HASHER, clock=clock)

    return make


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConsoleServer]:
    """``python -m shopbot.web`` on a fresh database with users ada (admin), lee (lead),
    and sam (agent), all with :data:`PASSWORD`."""
    folder = tmp_path_factory.mktemp("console")
    url = f"sqlite:///{folder / 'shop.db'}"
    tracker = folder / "tracker.db"
    _tracker_store(tracker)
    env = {
        "DATABASE_URL": url,
        "SHOPBOT_ENVIRONMENT": "test",
        "SHOPBOT_RASA_URL": "http://127.0.0.1:5999",
        "SHOPBOT_RASA_TOKEN": secret(),
        "SHOPBOT_ACTION_TOKEN": secret(),
        "SHOPBOT_CLIENT_KEY_SECRET": secret(),
        "SHOPBOT_TRACKER_DB": str(tracker),
        "SHOPBOT_EVENTS_DB": str(folder / "events.db"),
        "SHOPBOT_CONSOLE_LOGIN_USER_FAILURES": "3",
        "SHOPBOT_CONSOLE_LOGIN_CLIENT_FAILURES": "60",
    }
    database = Database(url)
    upgrade(database)
    settings = Settings(
        database_url=url,
        rasa_url=env["SHOPBOT_RASA_URL"],
        rasa_token=env["SHOPBOT_RASA_TOKEN"],
        client_key_secret=env["SHOPBOT_CLIENT_KEY_SECRET"],
        tracker_db=tracker,
    )
    users = Accounts.build(database, settings).users  # the server's parameters: no rehash
    for name, role in (("ada", "admin"), ("lee", "lead"), ("sam", "agent")):
        users.create(name, role, PASSWORD)
    tracker_database = Database(f"sqlite:///{tracker}")
    try:  # the console reads conversations from their summaries
        rebuild_summaries(database, tracker_database)
    finally:
        tracker_database.dispose()
    log = PROJECT_ROOT / "test-artifacts" / "console" / f"web-{folder.name}.log"
    try:
        with web_server(free_port(), env, log) as running:
            yield ConsoleServer(running, database, settings, env)
    finally:
        database.dispose()
