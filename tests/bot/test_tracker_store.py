"""The tracker store of endpoints.yml (bot/tracker_store.py): Rasa's SQL store that keeps
saved trackers and counts rows instead of reading conversations back; same rows, same
broker events, and the table's word is final whenever it changed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import read_endpoint_config

from bot.tracker_store import KeptSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))


class ListBroker(EventBroker):
    """Collects what is published."""

    def __init__(self) -> None:
        self.published: list[dict[str, Any]] = []

    def publish(self, event: dict[str, Any]) -> None:
        self.published.append(event)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def turn(tracker: DialogueStateTracker, text: str) -> None:
    """One shopper message and the bot's answer, as Rasa appends them."""
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}))
    tracker.update(SlotSet("language", "en"))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(BotUttered(f"re: {text}"))
    tracker.update(ActionExecuted("action_listen"))


def store(path: Path, broker: EventBroker | None = None, **options: Any) -> KeptSQLTrackerStore:
    return KeptSQLTrackerStore(
        domain=DOMAIN, event_broker=broker, dialect="sqlite", db=str(path), **options
    )


def state(tracker: DialogueStateTracker | None) -> dict[str, Any]:
    assert tracker is not None
    return tracker.current_state(EventVerbosity.ALL)


def rasa_reading(path: Path, sender: str) -> DialogueStateTracker | None:
    """What Rasa's own SQL store reads from the same file."""
    reader = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(path))
    tracker: DialogueStateTracker | None = run(reader.retrieve(sender))
    return tracker


def test_endpoints_yml_makes_this_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SHOPBOT_ACTION_URL", "SHOPBOT_ACTION_TOKEN", "SHOPBOT_EVENTS_DB"):
        monkeypatch.setenv(name, "unused")
    monkeypatch.setenv("SHOPBOT_TRACKER_DB", str(tmp_path / "tracker.db"))
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "tracker_store")
    made = TrackerStore.create(config, DOMAIN)
    inner = getattr(made, "_tracker_store", made)  # Rasa wraps it in its fail-safe store
    assert isinstance(inner, KeptSQLTrackerStore) and isinstance(inner, SQLTrackerStore)


def test_the_rows_and_broker_events_are_rasas_and_each_event_is_published_once(
    tmp_path: Path,
) -> None:
    broker = ListBroker()
    kept = store(tmp_path / "t.db", broker)
    tracker = run(kept.get_or_create_tracker("shopper"))
    for number in range(3):
        turn(tracker, f"message {number}")
        run(kept.save(tracker))
        tracker = run(kept.retrieve("shopper"))
    assert state(tracker) == state(rasa_reading(tmp_path / "t.db", "shopper"))
    published = [(e["event"], e.get("text")) for e in broker.published]
    stored = [(e.type_name, getattr(e, "text", None)) for e in tracker.events]
    assert published == stored  # every event once, in order
    assert all(e["sender_id"] == "shopper" for e in broker.published)
    with sqlite3.connect(tmp_path / "t.db") as connection:
        rows = connection.execute("SELECT count(*) FROM events").fetchone()[0]
    assert rows == len(tracker.events)


def test_a_saved_tracker_is_handed_back_without_reading_the_table(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    tracker = run(kept.get_or_create_tracker("shopper"))
    turn(tracker, "hello")
    run(kept.save(tracker))
    assert run(kept.retrieve("shopper")) is tracker
    # Handed out once: a second reader gets the table's tracker, equal to it.
    second = run(kept.retrieve("shopper"))
    assert second is not tracker and state(second) == state(tracker)


def test_another_writer_makes_the_table_win(tmp_path: Path) -> None:
    first, second = store(tmp_path / "t.db"), store(tmp_path / "t.db")
    tracker = run(first.get_or_create_tracker("shopper"))
    turn(tracker, "hello")
    run(first.save(tracker))
    # A second Rasa server answers the next message of the same conversation.
    other = run(second.retrieve("shopper"))
    turn(other, "on the other server")
    run(second.save(other))
    back = run(first.retrieve("shopper"))
    assert back is not tracker
    assert state(back) == state(other)


def test_an_erasure_in_the_table_is_not_undone_by_the_memory(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    tracker = run(kept.get_or_create_tracker("shopper"))
    turn(tracker, "my email is someone@example.org")
    run(kept.save(tracker))
    with sqlite3.connect(tmp_path / "t.db") as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 'shopper'")
    assert run(kept.retrieve("shopper")) is None


def test_a_turn_that_failed_before_saving_is_not_kept(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    tracker = run(kept.get_or_create_tracker("shopper"))
    turn(tracker, "hello")
    run(kept.save(tracker))
    # Rasa goes on with the saved tracker (a session start is saved first), then the turn
    # fails before the next save: its events are in memory only.
    turn(tracker, "lost turn")
    back = run(kept.retrieve("shopper"))
    assert back is not tracker
    assert state(back) == state(rasa_reading(tmp_path / "t.db", "shopper"))
    assert "lost turn" not in [getattr(event, "text", None) for event in back.events]


def test_the_memory_holds_at_most_cache_size_conversations(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db", cache_size="2")
    trackers = {}
    for sender in ("a", "b", "c"):
        trackers[sender] = run(kept.get_or_create_tracker(sender))
        turn(trackers[sender], "hi")
        run(kept.save(trackers[sender]))
    assert run(kept.retrieve("a")) is not trackers["a"]  # the oldest left the memory
    assert run(kept.retrieve("c")) is trackers["c"]
    none_kept = store(tmp_path / "t.db", cache_size=0)
    tracker = run(none_kept.retrieve("b"))
    turn(tracker, "again")
    run(none_kept.save(tracker))
    assert run(none_kept.retrieve("b")) is not tracker


def test_a_turn_is_published_in_one_batch_with_rasas_bodies(tmp_path: Path) -> None:
    from bot.event_broker import SQLiteEventBroker

    broker = SQLiteEventBroker(db=str(tmp_path / "events.db"))
    kept = store(tmp_path / "t.db", broker)
    tracker = run(kept.get_or_create_tracker("shopper"))
    turn(tracker, "hello")
    run(kept.save(tracker))
    broker.close_connection()
    with sqlite3.connect(tmp_path / "events.db") as connection:
        rows = connection.execute("SELECT sender_id, data FROM events ORDER BY id").fetchall()
    expected = [{"sender_id": "shopper", **event.as_dict()} for event in tracker.events]
    assert [sender for sender, _ in rows] == ["shopper"] * len(expected)
    assert [json.loads(data) for _, data in rows] == expected


def test_the_sqlite_file_is_in_write_ahead_log_mode(tmp_path: Path) -> None:
    store(tmp_path / "t.db")
    with sqlite3.connect(tmp_path / "t.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
