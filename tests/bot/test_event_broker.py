"""The event broker of endpoints.yml: Rasa's SQL broker (same table, same rows) that keeps
its SQLite file open in write-ahead-log mode."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.brokers.broker import EventBroker
from rasa.core.brokers.sql import SQLEventBroker
from rasa.utils.endpoints import read_endpoint_config

from bot.event_broker import SQLiteEventBroker

ENDPOINTS = Path(__file__).resolve().parents[2] / "endpoints.yml"


def test_endpoints_yml_makes_this_broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SHOPBOT_ACTION_URL", "SHOPBOT_ACTION_TOKEN"):
        monkeypatch.setenv(name, "unused")
    monkeypatch.setenv("SHOPBOT_TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("SHOPBOT_EVENTS_DB", str(tmp_path / "events.db"))
    config = read_endpoint_config(str(ENDPOINTS), "event_broker")
    broker = asyncio.run(EventBroker.create(config))
    assert isinstance(broker, SQLiteEventBroker) and isinstance(broker, SQLEventBroker)
    broker.publish({"sender_id": "web-1", "event": "user", "timestamp": 1.5, "text": "hi"})
    broker.close_connection()
    with sqlite3.connect(tmp_path / "events.db") as connection:
        rows = connection.execute("SELECT id, sender_id, data FROM events").fetchall()
    assert rows == [
        (
            1,
            "web-1",
            json.dumps({"sender_id": "web-1", "event": "user", "timestamp": 1.5, "text": "hi"}),
        )
    ]


def test_the_file_is_in_write_ahead_log_mode_and_readable_while_open(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    broker = SQLiteEventBroker(db=str(path))
    for number in range(3):
        broker.publish({"sender_id": f"s{number}", "event": "bot", "timestamp": float(number)})
    with sqlite3.connect(path) as reader:  # another process reading, the broker still open
        assert reader.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert reader.execute("SELECT count(*) FROM events").fetchone() == (3,)
    broker.publish({"sender_id": "s3", "event": "bot", "timestamp": 3.0})
    broker.close_connection()
    with sqlite3.connect(path) as reader:
        assert reader.execute("SELECT max(id) FROM events").fetchone() == (4,)
