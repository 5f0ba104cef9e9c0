"""The tracker store of endpoints.yml (bot/tracker_store.py): Rasa's SQL store that keeps
saved trackers and counts rows instead of reading conversations back; same rows, same
broker events, and the table's word is final whenever it changed."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON, PostgresDatabase

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import text

from bot.tracker_store import KeptSQLTrackerStore
from core.errors import DatabaseError, TrackerStoreUnavailable

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


def saved_turn(kept: KeptSQLTrackerStore, sender: str, text: str) -> DialogueStateTracker:
    """A new conversation with one turn, saved; its tracker."""
    tracker: DialogueStateTracker = run(kept.get_or_create_tracker(sender))
    turn(tracker, text)
    run(kept.save(tracker))
    return tracker


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
    tracker = saved_turn(kept, "shopper", "hello")
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
    saved_turn(kept, "shopper", "my email is someone@example.org")
    with sqlite3.connect(tmp_path / "t.db") as connection:
        connection.execute("DELETE FROM events WHERE sender_id = 'shopper'")
    assert run(kept.retrieve("shopper")) is None


def test_a_turn_that_failed_before_saving_is_not_kept(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    tracker = saved_turn(kept, "shopper", "hello")
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
    tracker = saved_turn(kept, "shopper", "hello")
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


def test_rows_rewritten_in_place_make_the_table_win(tmp_path: Path) -> None:
    """A writer that rewrites events without adding or removing any (a repair by hand, a
    test moving a conversation back in time) is seen through the change triggers."""
    kept = store(tmp_path / "t.db")
    tracker = saved_turn(kept, "shopper", "hello")
    with sqlite3.connect(tmp_path / "t.db") as connection:
        connection.execute(
            "UPDATE events SET timestamp = timestamp - 1800, "
            "data = json_set(data, '$.timestamp', json_extract(data, '$.timestamp') - 1800) "
            "WHERE sender_id = 'shopper'"
        )
    back = run(kept.retrieve("shopper"))
    assert back is not tracker
    assert state(back) == state(rasa_reading(tmp_path / "t.db", "shopper"))
    assert back.events[-1].timestamp == pytest.approx(tracker.events[-1].timestamp - 1800)


def test_two_stores_on_one_file_share_the_triggers(tmp_path: Path) -> None:
    store(tmp_path / "t.db")
    store(tmp_path / "t.db")  # a second server starting: the same triggers, no error
    with sqlite3.connect(tmp_path / "t.db") as connection:
        triggers = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    assert triggers == [("shopbot_events_deleted",), ("shopbot_events_updated",)]


@pytest.fixture
def postgres_store_options(postgres_database: PostgresDatabase) -> dict[str, Any]:
    return postgres_database.options


def test_on_postgresql_kept_trackers_and_the_change_triggers_work(
    postgres_store_options: dict[str, Any],
) -> None:
    kept = KeptSQLTrackerStore(domain=DOMAIN, **postgres_store_options)
    KeptSQLTrackerStore(domain=DOMAIN, **postgres_store_options)  # a second server: no error
    tracker = saved_turn(kept, "shopper", "hello")
    assert run(kept.retrieve("shopper")) is tracker
    run(kept.save(tracker))
    with kept.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE events SET timestamp = timestamp - 1800")
        rows = connection.exec_driver_sql("SELECT count(*) FROM events").scalar()
        changes = connection.exec_driver_sql(
            "SELECT version FROM shopbot_event_changes WHERE sender_id = 'shopper'"
        ).scalar()
    assert changes == rows  # one count per rewritten row
    back = run(kept.retrieve("shopper"))
    assert back is not tracker and state(back) == state(tracker)  # read from the table
    with kept.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM events WHERE sender_id = 'shopper'")
        left = connection.exec_driver_sql("SELECT count(*) FROM shopbot_event_changes").scalar()
    assert left == 0
    kept.engine.dispose()


def test_removing_a_conversation_leaves_no_trace_in_the_change_counts(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    saved_turn(kept, "erased-shopper", "hello")
    with sqlite3.connect(tmp_path / "t.db") as connection:
        connection.execute("UPDATE events SET type_name = type_name")
        assert connection.execute("SELECT count(*) FROM shopbot_event_changes").fetchone() == (1,)
        connection.execute("DELETE FROM events WHERE sender_id = 'erased-shopper'")
        assert connection.execute("SELECT count(*) FROM shopbot_event_changes").fetchone() == (0,)
    assert run(kept.retrieve("erased-shopper")) is None


# --- several Rasa servers on one PostgreSQL database ---------------------------------


def events_of(store: KeptSQLTrackerStore, sender: str) -> list[tuple[str, str]]:
    """The stored rows of ``sender``: type and data, in order."""
    with store.engine.begin() as connection:
        rows = connection.exec_driver_sql(
            "SELECT type_name, data FROM events WHERE sender_id = %(s)s ORDER BY id", {"s": sender}
        ).fetchall()
    return [(row[0], row[1]) for row in rows]


def test_two_servers_hand_a_conversation_back_and_forth_without_a_stale_copy(
    postgres_database: PostgresDatabase,
) -> None:
    """A failover and back: each server keeps the trackers it saved, and a kept copy that
    the other server has moved on from is read again from the table."""
    first = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    second = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    on_first = saved_turn(first, "shopper", "hello")
    assert run(first.retrieve("shopper")) is on_first  # kept, checked, handed back
    run(first.save(on_first))

    on_second = run(second.retrieve("shopper"))  # the failover: read from the table
    assert state(on_second) == state(on_first)
    turn(on_second, "where is my order?")
    run(second.save(on_second))

    back = run(first.retrieve("shopper"))  # and back: the kept copy is stale
    assert back is not on_first
    assert state(back) == state(on_second)
    turn(back, "thanks")
    run(first.save(back))
    again = run(second.retrieve("shopper"))
    assert again is not on_second and state(again) == state(back)
    texts = [json.loads(data).get("text") for kind, data in events_of(first, "shopper")]
    assert [t for t in texts if t and not t.startswith("re:")] == [
        "hello",
        "where is my order?",
        "thanks",
    ]
    first.engine.dispose()
    second.engine.dispose()


def test_a_database_restart_leaves_no_dead_connection_behind(
    postgres_database: PostgresDatabase,
) -> None:
    store_a = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    store_b = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    tracker = saved_turn(store_a, "shopper", "hello")
    run(store_b.retrieve("shopper"))
    assert postgres_database.terminate_backends() >= 2  # both pools held a connection
    assert run(store_a.retrieve("shopper")) is tracker  # the next request just works
    turn(tracker, "still there?")
    run(store_a.save(tracker))
    assert state(run(store_b.retrieve("shopper"))) == state(tracker)
    assert len(events_of(store_a, "shopper")) == len(tracker.events)
    store_a.engine.dispose()
    store_b.engine.dispose()


def test_while_the_database_is_down_a_request_fails_cleanly_and_stores_nothing(
    postgres_database: PostgresDatabase,
) -> None:
    store_a = KeptSQLTrackerStore(domain=DOMAIN, retry_seconds=1, **postgres_database.options)
    tracker = saved_turn(store_a, "shopper", "hello")
    stored = len(events_of(store_a, "shopper"))
    turn(tracker, "during the restart")
    postgres_database.refuse_connections(True)
    try:
        started = time.monotonic()
        with pytest.raises(TrackerStoreUnavailable):
            run(store_a.save(tracker))
        with pytest.raises(TrackerStoreUnavailable):
            run(store_a.retrieve("shopper"))
        assert time.monotonic() - started < 5  # tried for about a second each, then gave up
    finally:
        postgres_database.refuse_connections(False)
    assert len(events_of(store_a, "shopper")) == stored  # nothing half-written
    run(store_a.save(tracker))  # later requests work, each event stored once
    assert len(events_of(store_a, "shopper")) == len(tracker.events)
    store_a.engine.dispose()


def test_a_save_during_a_short_restart_is_retried_and_stored_once(
    postgres_database: PostgresDatabase,
) -> None:
    broker = ListBroker()
    store_a = KeptSQLTrackerStore(
        domain=DOMAIN, event_broker=broker, retry_seconds=10, **postgres_database.options
    )
    tracker = saved_turn(store_a, "shopper", "hello")
    turn(tracker, "during the restart")
    published = len(broker.published)

    async def restart_then_save() -> None:
        postgres_database.refuse_connections(True)

        async def come_back() -> None:
            await asyncio.sleep(0.8)
            postgres_database.refuse_connections(False)

        back = asyncio.create_task(come_back())
        await store_a.save(tracker)
        await back

    run(restart_then_save())
    rows = events_of(store_a, "shopper")
    assert len(rows) == len(tracker.events)
    assert len(broker.published) - published == 5  # the turn's events, published once
    assert run(store_a.retrieve("shopper")) is tracker
    store_a.engine.dispose()


def test_rasas_agent_keeps_this_store_without_a_fallback_to_memory(tmp_path: Path) -> None:
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

    from bot import tracker_store as module

    module.install()
    kept = store(tmp_path / "t.db")
    assert Agent(domain=DOMAIN, tracker_store=kept).tracker_store is kept
    other = InMemoryTrackerStore(DOMAIN)
    assert isinstance(Agent(domain=DOMAIN, tracker_store=other).tracker_store, FailSafeTrackerStore)


# --- each event stored once: Rasa's session start, kept trackers, concurrent turns --------


def rasa_processor(tracker_store: KeptSQLTrackerStore) -> Any:
    """Rasa's MessageProcessor around ``tracker_store``, enough for its session start
    (``fetch_tracker_and_update_session``) and ``save_tracker``; no model, no action server."""
    from types import SimpleNamespace

    from rasa.core.lock_store import InMemoryLockStore
    from rasa.core.nlg import TemplatedNaturalLanguageGenerator
    from rasa.core.processor import MessageProcessor

    made = MessageProcessor.__new__(MessageProcessor)
    made.domain = DOMAIN
    made.nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    made.tracker_store = tracker_store
    made.lock_store = InMemoryLockStore()
    made.action_endpoint = None
    made.on_circuit_break = None
    made.http_interpreter = None
    made.model_metadata = SimpleNamespace(model_id="test", assistant_id="test")
    return made


async def rasa_turn(processor: Any, sender: str, text: str, new_session: bool = False) -> Any:
    """One message as Rasa's processor handles it: the tracker fetched and its session
    started or updated (with the channel's metadata), the turn, the save."""
    from rasa.core.channels.channel import CollectingOutputChannel

    if new_session:  # the session expired (domain.yml: 60 minutes)
        processor._has_session_expired = lambda tracker: True
    tracker = await processor.fetch_tracker_and_update_session(
        sender, CollectingOutputChannel(), {"origin": "widget"}
    )
    processor.__dict__.pop("_has_session_expired", None)
    turn(tracker, text)
    await processor.save_tracker(tracker)
    return tracker


def rows_of(store: KeptSQLTrackerStore, sender: str) -> list[dict[str, Any]]:
    with store.engine.begin() as connection:
        rows = connection.execute(
            text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def stored_once(store: KeptSQLTrackerStore, sender: str) -> list[dict[str, Any]]:
    """The sender's rows, checked to hold no event twice (events differ in timestamp)."""
    rows = rows_of(store, sender)
    serialised = [json.dumps(row, sort_keys=True) for row in rows]
    doubled = sorted({s[:120] for s in serialised if serialised.count(s) > 1})
    assert not doubled, doubled
    return rows


def check_each_event_stored_once(kept: KeptSQLTrackerStore) -> None:
    processor = rasa_processor(kept)
    texts = ["hello", "where is my order?", "thanks"]
    trackers = [run(rasa_turn(processor, "shopper", text)) for text in texts]
    assert trackers[1] is trackers[0] is trackers[2]  # the kept tracker, handed back
    tracker = run(rasa_turn(processor, "shopper", "back again", new_session=True))
    tracker = run(rasa_turn(processor, "shopper", "and again"))
    rows = stored_once(kept, "shopper")
    assert rows == [event.as_dict() for event in tracker.events]
    kinds = [row["event"] for row in rows]
    assert kinds.count("session_started") == 2
    assert [row["text"] for row in rows if row["event"] == "bot"] == [
        f"re: {text}" for text in [*texts, "back again", "and again"]
    ]
    # The table's reading of the latest session is what the kept tracker holds of it.
    assert run(kept.retrieve("shopper")) is tracker
    kept._kept.clear()
    read = run(kept.retrieve("shopper"))
    assert read is not tracker
    assert read.current_slot_values() == tracker.current_slot_values()
    session = [row["timestamp"] for row in rows if row["event"] == "session_started"][-1]
    assert [e.as_dict() for e in read.events] == [r for r in rows if r["timestamp"] >= session]


def test_each_event_of_a_conversation_is_stored_once_on_sqlite(tmp_path: Path) -> None:
    """Rasa's session start with the channel's metadata puts a slot before the session's
    start; the first turn's reply and action_listen were stored twice (the save counted
    the latest session's rows and skipped as many of the kept tracker's events), and a
    new session doubled the whole earlier one."""
    check_each_event_stored_once(store(tmp_path / "t.db"))


def test_each_event_of_a_conversation_is_stored_once_on_postgresql(
    postgres_database: PostgresDatabase,
) -> None:
    kept = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    check_each_event_stored_once(kept)
    kept.engine.dispose()


def both_turns_land(first: KeptSQLTrackerStore, second: KeptSQLTrackerStore) -> None:
    """Two turns of one conversation at once (Rasa's lock expired, or two servers): both
    trackers read from the same stored conversation, both saved; every event of both is
    stored once, and the next reading holds both turns."""
    broker = ListBroker()
    first.event_broker = broker
    saved_turn(first, "shopper", "hello")
    first._kept.clear()
    slow = run(first.retrieve("shopper"))  # the turn that outlived the lock
    quick = run(second.retrieve("shopper"))  # the client's next message
    assert slow is not None and quick is not None and slow is not quick
    published = len(broker.published)
    turn(quick, "are you there?")
    run(second.save(quick))
    turn(slow, "my order 100234")
    run(first.save(slow))
    rows = stored_once(first, "shopper")
    common = len(rows) - 10
    assert rows[:common] == [event.as_dict() for event in list(slow.events)[:common]]
    expected = [e.as_dict() for e in list(quick.events)[common:]] + [
        e.as_dict() for e in list(slow.events)[common:]
    ]
    assert rows[common:] == expected
    # Each turn's own events published once (one store: both turns through its broker).
    expected_published = expected if first is second else expected[5:]
    assert [{k: v for k, v in b.items() if k != "sender_id"} for b in broker.published][
        published:
    ] == expected_published
    # Neither tracker is the conversation now: the next turn reads both from the table.
    for stores in (first, second):
        read = run(stores.retrieve("shopper"))
        texts = [getattr(e, "text", None) for e in read.events if e.type_name == "user"]
        assert texts == ["hello", "are you there?", "my order 100234"]
    again = run(first.retrieve("shopper"))
    turn(again, "thanks")
    run(first.save(again))
    assert len(stored_once(first, "shopper")) == len(rows) + 5


def test_two_turns_at_once_both_land_each_event_once_on_sqlite(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    both_turns_land(kept, kept)  # one server whose lock expired


def test_two_turns_at_once_both_land_each_event_once_on_postgresql(
    postgres_database: PostgresDatabase,
) -> None:
    first = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    second = KeptSQLTrackerStore(domain=DOMAIN, **postgres_database.options)
    both_turns_land(first, second)  # two Rasa servers
    first.engine.dispose()
    second.engine.dispose()


def test_a_first_message_sent_twice_at_once_lands_twice_each_event_once(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    processor = rasa_processor(kept)

    async def both() -> None:
        one = await processor.fetch_tracker_and_update_session("shopper")
        two = await processor.fetch_tracker_and_update_session("shopper")
        turn(one, "hello")
        turn(two, "hello again")
        await kept.save(one)
        await kept.save(two)

    run(both())
    rows = stored_once(kept, "shopper")
    assert [r["text"] for r in rows if r["event"] == "user"] == ["hello", "hello again"]


def test_a_save_whose_commit_went_through_unanswered_is_not_written_again(
    tmp_path: Path,
) -> None:
    """The connection drops after the commit: the try again finds its own rows."""
    broker = ListBroker()
    kept = store(tmp_path / "t.db", broker)
    tracker = saved_turn(kept, "shopper", "hello")
    turn(tracker, "are you there?")
    published = len(broker.published)
    write = kept._write
    tries: list[int] = []

    async def commit_then_drop(tracker: Any, reminders: Any) -> Any:
        tries.append(1)
        result = await write(tracker, reminders)
        if len(tries) == 1:
            from sqlalchemy.exc import OperationalError

            raise OperationalError("COMMIT", {}, ConnectionResetError("dropped"))
        return result

    kept._write = commit_then_drop  # type: ignore[method-assign]
    run(kept.save(tracker))
    assert len(tries) == 2
    assert rows_of(kept, "shopper") == [event.as_dict() for event in tracker.events]
    assert len(broker.published) - published == 5  # published once, after the try again


def test_a_tracker_whose_stored_events_were_taken_out_is_not_saved(tmp_path: Path) -> None:
    kept = store(tmp_path / "t.db")
    tracker = saved_turn(kept, "shopper", "hello")
    tracker.events.pop()
    turn(tracker, "again")
    with pytest.raises(DatabaseError, match="which of its events are new is unknown"):
        run(kept.save(tracker))


def test_servers_starting_together_on_postgresql_take_turns_creating_the_schema(
    postgres_store_options: dict[str, Any],
) -> None:
    """Several Rasa servers starting at once on one database: each creates the change
    functions and triggers (CREATE OR REPLACE), which PostgreSQL refuses to run concurrently
    ("tuple concurrently updated") unless they take turns (an advisory lock)."""
    barrier = threading.Barrier(4)

    def start() -> KeptSQLTrackerStore:
        barrier.wait()
        return KeptSQLTrackerStore(domain=DOMAIN, **postgres_store_options)

    for _round in range(3):
        with ThreadPoolExecutor(max_workers=4) as pool:
            stores = list(pool.map(lambda _: start(), range(4)))
        for store in stores:
            store.engine.dispose()
