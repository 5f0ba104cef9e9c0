"""``shopbot conversations follow / rebuild / status``, and the web server following the
event broker in the background (a real ``python -m shopbot.web``)."""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import PROJECT_ROOT, Settings
from shop.conversations import Follower, erase_summaries, list_conversations
from shop.conversations.tables import CURSORS
from shopbot.cli.main import app
from shopbot.runtime import free_port, web_server
from tests.console.rasa_events import START, Script, publish


def chat(sender: str, start: float, text: str) -> list[tuple[str, dict[str, Any]]]:
    events = Script(start).user(text, "search_product").action("action_search_products")
    events.bot("Nothing fits", "utter_search_no_match").listen()
    return [(sender, event) for event in events.events]


@pytest.fixture
def stores(tmp_path: Path) -> dict[str, str]:
    """A migrated SQLite order database, a broker file and a tracker store, as URLs."""
    database = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    upgrade(database)
    database.dispose()
    rows = chat("web-a", START, "purple tent") + chat("web-b", START + 60, "green boots")
    publish(tmp_path / "events.db", rows)
    with sqlite3.connect(tmp_path / "tracker.db") as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            [(s, e["event"], e["timestamp"], json.dumps(e)) for s, e in rows],
        )
    return {
        "database": f"sqlite:///{tmp_path / 'shop.db'}",
        "events": f"sqlite:///{tmp_path / 'events.db'}",
        "tracker": f"sqlite:///{tmp_path / 'tracker.db'}",
        "empty_tracker": f"sqlite:///{tmp_path / 'empty-tracker.db'}",
    }


def run(*arguments: str) -> Any:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_follow_once_rebuild_and_status(stores: dict[str, str]) -> None:
    urls = ["--database-url", stores["database"], "--events-url", stores["events"]]
    status = run("conversations", "status", *urls, "--json")
    assert status == {
        "conversations": 0,
        "turns": 0,
        "position": 0,
        "broker_latest": 8,
        "waiting_events": 8,
        "consumer": None,
    }
    # The very first consumer folds the tracker store first: here an empty one (never the
    # project's var/tracker.db), so that it is the broker's events that get followed.
    empty = ["--tracker-store", stores["empty_tracker"]]
    followed = run("conversations", "follow", "--once", *urls, *empty, "--json")
    assert followed == {"read": 8, "folded": 8, "conversations": 2, "position": 8, "held": True}
    status = run("conversations", "status", *urls, "--json")
    assert (status["conversations"], status["turns"], status["waiting_events"]) == (2, 2, 0)
    rebuilt = run("conversations", "rebuild", *urls, "--tracker-store", stores["tracker"], "--json")
    assert {key: rebuilt[key] for key in ("conversations", "turns", "events", "removed")} == {
        "conversations": 2,
        "turns": 2,
        "events": 8,
        "removed": 2,
    }
    assert run("conversations", "follow", "--once", *urls, "--json")["folded"] == 0


def test_the_web_server_follows_the_broker_in_the_background(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    database = Database(url)
    upgrade(database)
    broker = tmp_path / "events.db"
    publish(broker, chat("web-early", START, "hello"))
    env = {
        "DATABASE_URL": url,
        "SHOPBOT_ENVIRONMENT": "test",
        "SHOPBOT_EVENTS_DB": str(broker),
        "SHOPBOT_RASA_TOKEN": secrets.token_hex(24),
        "SHOPBOT_ACTION_TOKEN": secrets.token_hex(24),
        "SHOPBOT_CLIENT_KEY_SECRET": secrets.token_hex(24),
        "SHOPBOT_TRACKER_DB": str(tmp_path / "tracker.db"),
    }
    log = PROJECT_ROOT / "test-artifacts" / "console" / f"web-follow-{tmp_path.name}.log"
    try:
        with web_server(free_port(), env, log):
            assert wait_for(database, {"web-early"})
            publish(broker, chat("web-later", time.time(), "a purple tent"))
            assert wait_for(database, {"web-early", "web-later"})
        with database.begin() as connection:  # stopped: every lease is given up
            holders = set(connection.execute(select(CURSORS.c.holder)).scalars())
        assert holders == {None}
    finally:
        database.dispose()


def wait_for(database: Database, senders: set[str], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        listed = {item.conversation_id for item in list_conversations(database).items}
        if listed == senders:
            return True
        time.sleep(0.3)
    return False


def test_the_first_consumer_folds_the_tracker_store_first(stores: dict[str, str]) -> None:
    settings = Settings(
        database_url=stores["database"],
        events_url=stores["events"],
        tracker_store_url=stores["tracker"],
    )
    database = Database(stores["database"])
    first = Follower(settings)
    try:
        step = first.round()
    finally:
        first.close()
    assert step.read == 0  # the broker's events are older than the tracker store's fold
    assert {item.conversation_id for item in list_conversations(database).items} == {
        "web-a",
        "web-b",
    }
    erase_summaries(database, ["web-a"])
    later = Follower(settings)
    try:
        later.round()  # not the first any more: follows the broker only
    finally:
        later.close()
    assert [item.conversation_id for item in list_conversations(database).items] == ["web-b"]
    database.dispose()
