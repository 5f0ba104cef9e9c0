"""bot/shared_reminders.py: pending reminders in the tracker store's database, written with
the conversation, held under a lease, taken over when their server stops renewing them,
fired once.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON, PostgresDatabase

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core import jobs
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ReminderCancelled, ReminderScheduled, UserUttered

from bot import processor_hooks
from bot.shared_reminders import (
    INSTANCE_ID,
    ReminderKeeper,
    ReminderTable,
    changes_of,
    handle_reminder,
    note_changes,
)
from bot.tracker_store import KeptSQLTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, EXTERNAL_conversation_paused]
"""
)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def reminder(name: str = "satisfaction_pause:shopper", seconds: float = 60) -> ReminderScheduled:
    due = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return ReminderScheduled("EXTERNAL_conversation_paused", due, name=name)


def rows(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT sender_id, name, owner FROM shopbot_reminders ORDER BY name"
        ).fetchall()


def saved_with(store: KeptSQLTrackerStore, *events: Any, sender: str = "shopper") -> Any:
    """A conversation saved with ``events``, noted as Rasa's side effects are."""
    tracker = run(store.get_or_create_tracker(sender))
    for event in events:
        tracker.update(event)
    note_changes(tracker, events)
    run(store.save(tracker))
    return tracker


def test_a_scheduled_reminder_is_written_with_the_conversation_and_a_cancel_removes_it(
    tmp_path: Path,
) -> None:
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    pause = reminder()
    tracker = saved_with(store, UserUttered("hi", {"name": "greet"}), pause)
    assert rows(tmp_path / "t.db") == [("shopper", pause.name, INSTANCE_ID)]
    # Written once: the next save writes nothing again.
    run(store.save(tracker))
    assert len(rows(tmp_path / "t.db")) == 1
    other = reminder("another")
    saved_with(store, other, sender="other-shopper")
    cancel = ReminderCancelled(name=pause.name)
    tracker.update(cancel)
    note_changes(tracker, [cancel])
    run(store.save(tracker))
    assert rows(tmp_path / "t.db") == [("other-shopper", "another", INSTANCE_ID)]


def test_an_event_stored_without_its_side_effects_is_no_pending_reminder(tmp_path: Path) -> None:
    """Appended through the HTTP API without ``execute_side_effects``: Rasa schedules
    nothing, and nothing is recorded to fire later."""
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    tracker = run(store.get_or_create_tracker("shopper"))
    tracker.update(reminder())
    run(store.save(tracker))
    assert rows(tmp_path / "t.db") == []


def test_a_reminder_is_claimed_once_and_a_replaced_one_not_at_all(tmp_path: Path) -> None:
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    first = reminder(seconds=30)
    saved_with(store, first)
    newer = reminder(seconds=90)  # the same name, later: replaces the first
    saved_with(store, newer)
    assert not store.reminders.claim("shopper", first)
    assert store.reminders.claim("shopper", newer)
    assert not store.reminders.claim("shopper", newer)


def lease_scenario(options: dict[str, Any]) -> None:
    """Two servers on one database: the first holds a reminder while it renews; once it
    stops, the second takes it over, exactly once."""
    store = KeptSQLTrackerStore(domain=DOMAIN, **options)
    first = ReminderTable(store.engine, lease_seconds=0.5, owner="server-a")
    second = ReminderTable(store.engine, lease_seconds=0.5, owner="server-b")
    store.reminders = first
    pause = reminder()
    saved_with(store, pause)
    for _ in range(3):
        time.sleep(0.25)
        assert first.renew() == 1
        assert second.adopt() == []  # held and renewed: nobody takes it
    time.sleep(0.7)  # the first server has stopped renewing: its lease ends
    taken = second.adopt()
    assert [(p.sender_id, p.event.name, p.event.intent) for p in taken] == [
        ("shopper", pause.name, "EXTERNAL_conversation_paused")
    ]
    assert taken[0].event.trigger_date_time == pause.trigger_date_time
    assert first.adopt() == []  # the second holds it now
    assert first.renew() == 0 and second.renew() == 1
    # Both fire it (the first server came back with its old job): it runs once.
    assert [first.claim("shopper", pause), second.claim("shopper", taken[0].event)].count(True) == 1
    store.engine.dispose()


def test_a_server_that_stops_cleanly_hands_its_reminders_over_at_once(tmp_path: Path) -> None:
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    store.reminders = ReminderTable(store.engine, lease_seconds=60, owner="stopping")
    saved_with(store, reminder())
    other = ReminderTable(store.engine, lease_seconds=60, owner="staying")
    assert other.adopt() == []  # a minute of lease left
    ReminderKeeper(lease_seconds=60).release(SimpleNamespace(tracker_store=store))
    assert [p.sender_id for p in other.adopt()] == ["shopper"]


def test_a_stopped_servers_reminder_is_taken_over_once_on_sqlite(tmp_path: Path) -> None:
    lease_scenario({"dialect": "sqlite", "db": str(tmp_path / "t.db")})


def test_a_stopped_servers_reminder_is_taken_over_once_on_postgresql(
    postgres_database: PostgresDatabase,
) -> None:
    lease_scenario(postgres_database.options)


class Processor:
    """What Rasa's handle_reminder uses of a processor; the turns it would run."""

    _has_message_after_reminder = staticmethod(MessageProcessor._has_message_after_reminder)
    _is_reminder_still_valid = staticmethod(MessageProcessor._is_reminder_still_valid)

    def __init__(self, store: KeptSQLTrackerStore) -> None:
        self.tracker_store = store
        self.lock_store = InMemoryLockStore()
        self.turns: list[str] = []

    async def fetch_tracker_and_update_session(self, sender_id: str, channel: Any) -> Any:
        return await self.tracker_store.get_or_create_tracker(sender_id)

    async def trigger_external_user_uttered(
        self, intent: str, entities: Any, tracker: Any, channel: Any
    ) -> None:
        await asyncio.sleep(0.05)
        self.turns.append(intent)

    async def handle_reminder(self, event: Any, sender_id: str, channel: Any) -> None:
        await handle_reminder(self, event, sender_id, channel)  # type: ignore[arg-type]


def test_a_reminder_fired_by_two_servers_runs_once(tmp_path: Path) -> None:
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    pause = reminder()
    saved_with(store, UserUttered("hi", {"name": "greet"}), pause)
    one, other = Processor(store), Processor(store)
    channel = CollectingOutputChannel()

    async def both() -> None:
        await asyncio.gather(
            one.handle_reminder(pause, "shopper", channel),
            other.handle_reminder(pause, "shopper", channel),
        )

    run(both())
    assert one.turns + other.turns == ["EXTERNAL_conversation_paused"]


def test_a_cancelled_reminder_does_not_fire_even_where_it_is_still_scheduled(
    tmp_path: Path,
) -> None:
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    pause = reminder()
    tracker = saved_with(store, UserUttered("hi", {"name": "greet"}), pause)
    cancel = ReminderCancelled(name=pause.name)
    tracker.update(cancel)
    note_changes(tracker, [cancel])  # cancelled through another server
    run(store.save(tracker))
    processor = Processor(store)
    run(processor.handle_reminder(pause, "shopper", CollectingOutputChannel()))
    assert processor.turns == []


def test_the_keeper_schedules_a_taken_over_reminder_in_rasas_scheduler(tmp_path: Path) -> None:
    """One round: the reminder of a server that stopped is scheduled here (Rasa's job id
    and name; at once when its time has passed) and fires through the processor."""
    store = KeptSQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    store.reminders = ReminderTable(store.engine, lease_seconds=0.2, owner="stopped-server")
    overdue = reminder(seconds=-5)
    saved_with(store, UserUttered("hi", {"name": "greet"}, input_channel="socketio"), overdue)
    store.reminders = ReminderTable(store.engine, lease_seconds=0.2, owner="this-server")
    processor = Processor(store)
    channel = SimpleNamespace(
        name=lambda: "socketio", get_output_channel=lambda: CollectingOutputChannel()
    )
    agent = SimpleNamespace(processor=processor, tracker_store=store)

    async def scenario() -> list[Any]:
        time.sleep(0.3)
        try:
            taken = await ReminderKeeper(lease_seconds=0.2).tick(agent, [channel])
            job = (await jobs.scheduler()).get_job(overdue.name)
            assert job is not None and job.name == overdue.scheduled_job_name("shopper")
            assert isinstance(job.args[2], CollectingOutputChannel)
            await asyncio.sleep(2)
        finally:
            jobs.kill_scheduler()
        return taken

    taken = run(scenario())
    assert [p.event.name for p in taken] == [overdue.name]
    assert processor.turns == ["EXTERNAL_conversation_paused"]
    assert rows(tmp_path / "t.db") == []


def test_the_hooks_note_what_rasa_schedules_and_cancels(monkeypatch: pytest.MonkeyPatch) -> None:
    scheduled: list[Any] = []

    async def rasas_schedule(self: Any, events: list[Any], tracker: Any, channel: Any) -> None:
        scheduled.extend(events)

    async def rasas_cancel(events: list[Any], tracker: Any) -> None:
        scheduled.extend(events)

    monkeypatch.setitem(
        processor_hooks.ORIGINALS, "MessageProcessor._schedule_reminders", rasas_schedule
    )
    monkeypatch.setitem(
        processor_hooks.ORIGINALS, "MessageProcessor._cancel_reminders", rasas_cancel
    )
    processor_hooks.install({})
    try:
        tracker = run(
            KeptSQLTrackerStore(
                domain=DOMAIN, dialect="sqlite", db=":memory:"
            ).get_or_create_tracker("shopper")
        )
        pause = reminder()
        processor = MessageProcessor.__new__(MessageProcessor)
        run(processor._schedule_reminders([pause], tracker, CollectingOutputChannel()))
        cancel = ReminderCancelled(name=pause.name)
        run(MessageProcessor._cancel_reminders([cancel], tracker))
    finally:
        processor_hooks.uninstall()
    assert scheduled == [pause, cancel]  # Rasa's own functions ran
    assert changes_of(tracker) == [pause, cancel]
