"""Conversation summaries: the fold on hand-made events (every field), idempotency, the
consumer of the SQL event broker (batches, position, lease), the rebuild from the tracker
store equal to the incrementally built state, erasure; SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text

from core.db.conversation_models import FULLTEXT_TABLE as FTS
from core.db.database import Database
from core.settings import Settings
from shop.conversations import (
    BrokerEvents,
    ConversationFilters,
    ConversationState,
    EventConsumer,
    erase_summaries,
    fold_events,
    list_conversations,
    rebuild_summaries,
)
from shop.conversations.consumer import LEASE_SECONDS
from shop.conversations.erase import SummaryEraser
from shop.conversations.store import load_states, save_states
from shop.conversations.tables import CURSORS, SUMMARIES, TURNS
from shop.privacy import ErasureSubject, PrivacyContext
from shop.privacy.erasers import erasers_for
from tests.console.rasa_events import START, Script, publish

SENDER = "web-full-1"


def full_conversation() -> Script:
    """Greeting, a search that lists, one that finds nothing, an order verified, a miss, a
    frustrated message with the offer of a person, the hand-over, an agent, the resume and
    a rating with a comment."""
    s = Script(channel="socketio").session_start()
    s.user("hi there", "greet", 0.97, runner_up=("goodbye", 0.02), sentiment=("positive", 0.6))
    s.action("action_read_message").slot("language", "en").action("utter_greet")
    s.bot("Hi! How can I help?", "utter_greet", buttons=["Find a product", "Talk to a person"])
    s.listen()
    s.user("waterproof boots", "search_product", 0.88, runner_up=("inform", 0.07))
    s.action("action_read_message").action("action_search_products")
    s.bot("Here is what I found", "utter_search_results").bot("", products=["Boot A", "Boot B"])
    s.slot("shown_products", ["P1", "P2"]).slot("product_listing", {"kind": "search"})
    s.listen()
    s.user("a purple tent for 2 euros", "search_product", 0.8, runner_up=None)
    s.action("action_read_message").action("action_search_products")
    s.bot("Nothing fits", "utter_search_no_match_filters").bot("Try", "utter_search_broaden_price")
    s.slot("product_listing", None).listen()
    s.user(
        "where is order 100234, I'm ada@example.com",
        "order_status",
        0.91,
        runner_up=("cancel_order", 0.05),
        entities=[{"entity": "email", "value": "ada@example.com", "start": 26, "end": 41}],
    )
    s.action("action_read_message").action("order_form").slot("order_verified", True)
    s.slot("verified_order", "100234").action("action_order_task")
    s.bot("Your order 100234 is on its way", "utter_order_status_shipped").listen()
    s.user("blorf", "nlu_fallback", 0.3, runner_up=("greet", 0.2), language="de")
    s.action("action_read_message").action("action_fallback")
    s.bot("Sorry, could you rephrase?", "utter_rephrase").listen()
    s.user("this is useless!!", "complain", 0.7, sentiment=("negative", -0.9))
    s.action("action_read_message").action("action_offer_human")
    s.bot("Shall I get a person?", "utter_offer_human").slot("human_offered", True).listen()
    s.user("/human_handoff", "human_handoff", 1.0, runner_up=None, language=None, sentiment=None)
    s.action("action_read_message").action("action_handover")
    s.bot("Ticket T-000001 is open", "utter_handover_open").pause()
    s.wait(60).bot("Ana has joined", "utter_agent_joined")
    s.wait(30).bot("Hello, I'm Ana. Let me check.", agent="Ana")
    s.user("thanks Ana", "thank", 0.9, sentiment=("positive", 0.8))
    s.wait(10).bot("Sorted, it arrives tomorrow.", agent="Ana")
    s.resume().bot("I'm back", "utter_handback").listen()
    s.slot("satisfaction_rating", 4.0).slot("satisfaction_comment", "Quick, call me on 0612345678")
    return s


def folded(events: list[dict[str, Any]], sender: str = SENDER) -> ConversationState:
    state = ConversationState(sender)
    fold_events(state, events)
    return state


def test_the_fold_reads_every_field_of_the_conversation() -> None:
    events = full_conversation().events
    state = folded(events)
    assert state.channel == "socketio"
    assert state.started_at == events[0]["timestamp"]
    assert state.last_activity_at == events[-1]["timestamp"]
    assert state.language == "en" and state.languages == ["en", "de"]
    assert state.turn_count == 8 and len(state.turns) == 8
    assert state.intents == [
        "greet",
        "search_product",
        "order_status",
        "nlu_fallback",
        "complain",
        "human_handoff",
        "thank",
    ]
    assert state.sentiment_min == -0.9
    assert state.sentiment_count == 7  # the button payload has no sentiment
    assert state.sentiment_mean == round((0.6 + 0 + 0 + 0 + 0 - 0.9 + 0.8) / 7, 4)
    assert state.human_offered and state.handed_over
    assert state.handover_reason == "requested"
    pause_at = next(e["timestamp"] for e in events if e["event"] == "pause")
    assert state.handed_over_at == pause_at
    assert state.agent_joined_at == pytest.approx(pause_at + 60.01)
    assert state.first_agent_reply_at == pytest.approx(pause_at + 90.02)
    assert state.agent_messages == 2
    assert state.fallback_count == 1
    assert (state.rating, state.comment) == (4, "Quick, call me on 0612345678")
    assert (state.searches, state.failed_searches) == (2, 1)
    assert state.verified_order == "100234" and state.verified_orders == ["100234"]
    assert state.event_count == len(events)


def test_the_turns_keep_what_was_understood_and_what_followed() -> None:
    turns = folded(full_conversation().events).turns
    greet, found, nothing, order, miss, angry, handoff, thanks = turns
    assert [turn.position for turn in turns] == list(range(8))
    assert (greet.text, greet.intent, greet.confidence) == ("hi there", "greet", 0.97)
    assert (greet.runner_up, greet.runner_up_confidence) == ("goodbye", 0.02)
    assert (greet.language, greet.sentiment_label, greet.sentiment) == ("en", "positive", 0.6)
    assert greet.message_id and greet.message_id.startswith("m0001")
    assert greet.actions == ["action_read_message", "utter_greet"]  # action_listen left out
    assert greet.slots == [["language", "en"]]
    assert greet.replies[0]["response"] == "utter_greet"
    assert greet.replies[0]["buttons"] == ["Find a product", "Talk to a person"]
    assert found.searches == [{"query": "waterproof boots", "results": 2}]
    assert found.replies[1]["products"] == ["Boot A", "Boot B"]
    assert found.failed_searches == 0
    assert nothing.searches == [{"query": "a purple tent for 2 euros", "results": 0}]
    assert nothing.failed_searches == 1 and nothing.runner_up is None
    assert order.entities == [
        {"entity": "email", "value": "ada@example.com", "start": 26, "end": 41, "extractor": None}
    ]
    assert ["verified_order", "100234"] in order.slots
    assert miss.fallback and miss.intent == "nlu_fallback" and miss.language == "de"
    assert angry.sentiment_label == "negative" and not angry.fallback
    assert handoff.handed_over and handoff.handover_reason == "requested"
    assert [event["event"] for event in handoff.events] == ["pause"]
    assert handoff.replies[-1] == {
        "at": pytest.approx(handoff.replies[-1]["at"]),
        "text": "Hello, I'm Ana. Let me check.",
        "response": None,
        "agent": "Ana",
    }
    assert [event["event"] for event in thanks.events] == ["resume"]
    assert [reply["agent"] for reply in thanks.replies] == ["Ana", None]
    assert ["satisfaction_rating", 4.0] in thanks.slots


@pytest.mark.parametrize(
    ("actions", "due", "reason"),
    [
        (["action_fallback"], None, "not_understood"),
        (["action_order_task"], None, "verification_failed"),
        (["action_handover"], "human_only", "human_only"),
        (["action_handover"], None, "requested"),
    ],
)
def test_the_hand_over_reason_is_the_tickets(
    actions: list[str], due: str | None, reason: str
) -> None:
    s = Script().user("my lawyer will call", "complain").action("action_read_message")
    if due:
        s.slot("handover_due", due)
    for name in actions:
        s.action(name)
    if due:
        s.slot("handover_due", None)
    state = folded(s.pause().events)
    assert state.handover_reason == reason and state.turns[0].handover_reason == reason


def test_a_search_that_only_asked_what_to_look_for_is_no_search() -> None:
    s = Script().user("show me", "search_product").action("action_search_products")
    s.bot("What are you looking for?", "utter_search_ask_what")
    s.user("boots", "search_product").action("action_search_products")
    s.bot("The catalog is down", "utter_products_unavailable")
    state = folded(s.events)
    assert state.turns[0].searches == []
    assert state.turns[1].searches == [{"query": "boots", "results": None, "unavailable": True}]
    assert (state.searches, state.failed_searches) == (1, 0)


def test_an_event_seen_twice_counts_once() -> None:
    events = full_conversation().events
    once = folded(events)
    twice = folded(events + events)
    assert twice == once
    # Interleaved repeats (a broker delivering again) and a repeat much later change nothing.
    state = folded([event for event in events for _ in (0, 1)])
    assert state == once
    assert fold_events(state, events[:5]) == 0


def test_unreadable_events_are_skipped() -> None:
    events: list[Any] = [{"event": "user"}, {"timestamp": "soon"}, {"event": 3, "timestamp": 1}]
    state = folded(events + Script().user("hello").events)
    assert state.turn_count == 1 and state.event_count == 1


# --- stored: the consumer and the rebuild ----------------------------------------------------


def conversations() -> dict[str, list[dict[str, Any]]]:
    """A few conversations of different kinds."""
    found = Script(START + 3600, "telegram").user("boots please", "search_product")
    found.action("action_search_products").bot("Here", "utter_search_results")
    found.slot("shown_products", ["P1"]).listen()
    lost = Script(START + 7200).user("wibble", "nlu_fallback", 0.2)
    lost.action("action_fallback").bot("Rephrase?", "utter_rephrase").listen()
    lost.user("wobble", "nlu_fallback", 0.2).action("action_fallback")
    lost.bot("Menu", "utter_fallback_menu").listen()
    lost.user("wubble", "nlu_fallback", 0.2).action("action_fallback")
    lost.bot("Passing you on", "utter_handover_open").pause()
    return {SENDER: full_conversation().events, "tg-2": found.events, "rest-3": lost.events}


def interleaved(by_sender: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Every conversation's events in time order across conversations (as Rasa publishes)."""
    rows = [(sender, event) for sender, events in by_sender.items() for event in events]
    return sorted(rows, key=lambda row: row[1]["timestamp"])


def stored_state(database: Database) -> dict[str, Any]:
    """Everything the summary tables hold, without ids and bookkeeping times."""
    with database.begin() as connection:
        summaries = {
            row._mapping["id"]: {
                key: value for key, value in row._mapping.items() if key not in ("id", "updated_at")
            }
            for row in connection.execute(select(SUMMARIES))
        }
        turns: dict[str, list[dict[str, Any]]] = {}
        for row in connection.execute(select(TURNS).order_by(TURNS.c.position)):
            values = dict(row._mapping)
            owner = summaries[values.pop("conversation_pk")]["conversation_id"]
            values.pop("id")
            turns.setdefault(owner, []).append(values)
    return {
        "summaries": {s["conversation_id"]: s for s in summaries.values()},
        "turns": turns,
    }


def clear(database: Database) -> None:
    with database.begin() as connection:
        connection.execute(delete(TURNS))
        connection.execute(delete(SUMMARIES))
        connection.execute(delete(CURSORS))


@pytest.fixture
def summaries(database: Database) -> Iterator[Database]:
    """The module's migrated database (SQLite and PostgreSQL), emptied after each test."""
    clear(database)
    yield database
    clear(database)


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[tuple[Path, BrokerEvents]]:
    """An event broker's SQLite file (the table as Rasa's SQL broker makes it)."""
    path = tmp_path / "events.db"
    events = BrokerEvents(Database(f"sqlite:///{path}"))
    yield path, events
    events.dispose()


def test_the_consumer_folds_in_batches_and_moves_its_position(
    summaries: Database, broker: tuple[Path, BrokerEvents]
) -> None:
    path, events = broker
    rows = interleaved(conversations())
    publish(path, rows)
    consumer = EventConsumer(summaries, events, batch_size=7)
    step = consumer.catch_up()
    assert (step.read, step.folded, step.conversations > 0) == (len(rows), len(rows), True)
    assert step.position == len(rows) and consumer.step().caught_up
    state = stored_state(summaries)
    assert set(state["summaries"]) == {SENDER, "tg-2", "rest-3"}
    # Folding batch by batch through the database gives what one fold in memory gives.
    with summaries.begin() as connection:
        loaded = load_states(connection, [SENDER])[SENDER]
    whole = folded(full_conversation().events)
    assert loaded.turn_count == whole.turn_count == len(state["turns"][SENDER])
    assert state["summaries"][SENDER]["sentiment_mean"] == whole.sentiment_mean
    assert state["summaries"]["rest-3"]["handover_reason"] == "not_understood"
    assert state["summaries"]["rest-3"]["fallback_count"] == 3
    assert state["summaries"]["tg-2"]["channel"] == "telegram"
    assert [t["searches"] for t in state["turns"]["tg-2"]] == [
        [{"query": "boots please", "results": 1}]
    ]


def test_events_published_twice_count_once(
    summaries: Database, broker: tuple[Path, BrokerEvents]
) -> None:
    path, events = broker
    rows = interleaved(conversations())
    publish(path, rows)
    consumer = EventConsumer(summaries, events, batch_size=11)
    consumer.catch_up()
    before = stored_state(summaries)
    publish(path, rows)  # the same events again (a broker redelivering)
    step = consumer.catch_up()
    assert step.read == len(rows) and step.folded == 0
    assert stored_state(summaries) == before


def test_the_rebuild_from_the_tracker_store_equals_the_followed_state(
    summaries: Database, broker: tuple[Path, BrokerEvents], tmp_path: Path
) -> None:
    path, events = broker
    by_sender = conversations()
    publish(path, interleaved(by_sender))
    EventConsumer(summaries, events, batch_size=5).catch_up()
    followed = stored_state(summaries)
    tracker = tracker_store(tmp_path / "tracker.db", by_sender)
    report = rebuild_summaries(summaries, tracker, events)
    tracker.dispose()
    assert report.conversations == 3 and report.removed == 3
    assert report.events == sum(len(e) for e in by_sender.values())
    assert stored_state(summaries) == followed
    # The consumer goes on after the rebuild: the events since its position count once.
    assert EventConsumer(summaries, events).catch_up().folded == 0
    assert stored_state(summaries) == followed


def tracker_store(path: Path, by_sender: dict[str, list[dict[str, Any]]]) -> Database:
    """A SQL tracker store (Rasa's ``events`` table) holding these conversations."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
            "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
            "action_name VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, ?, ?, ?)",
            [
                (sender, event["event"], event["timestamp"], json.dumps(event))
                for sender, event in interleaved(by_sender)
            ],
        )
    return Database(f"sqlite:///{path}")


def test_one_consumer_at_a_time(summaries: Database, broker: tuple[Path, BrokerEvents]) -> None:
    path, events = broker
    publish(path, interleaved(conversations()))
    now = [datetime(2026, 6, 1, tzinfo=UTC)]
    first = EventConsumer(summaries, events, holder="first", batch_size=10, clock=lambda: now[0])
    second = EventConsumer(summaries, events, holder="second", clock=lambda: now[0])
    assert first.step().held
    assert not second.step().held  # the first one's lease holds
    now[0] += timedelta(seconds=LEASE_SECONDS + 1)  # the first one is gone
    taken = second.catch_up()
    assert taken.held and taken.read > 0
    assert not first.step().held
    second.release()
    assert first.step().held


def test_a_missing_broker_file_is_not_created(tmp_path: Path, summaries: Database) -> None:
    path = tmp_path / "nothing-yet.db"
    events = BrokerEvents(Database(f"sqlite:///{path}"))
    assert EventConsumer(summaries, events).catch_up().read == 0
    assert not path.exists()
    events.dispose()


def test_unreadable_broker_rows_are_passed(
    summaries: Database, broker: tuple[Path, BrokerEvents]
) -> None:
    path, events = broker
    publish(path, [("web-1", Script().user("hello").events[0])])
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO events (sender_id, data) VALUES ('web-1', 'not json')")
    publish(path, [("web-1", Script(START + 5).user("still here").events[0])])
    step = EventConsumer(summaries, events).catch_up()
    assert (step.read, step.folded, step.position) == (3, 2, 3)


def test_saving_again_after_more_events_updates_the_latest_turn(summaries: Database) -> None:
    events = full_conversation().events
    cut = next(i for i, e in enumerate(events) if e.get("name") == "action_search_products")
    with summaries.begin() as connection:
        state = ConversationState(SENDER)
        fold_events(state, events[: cut + 1])
        save_states(connection, [state])
    with summaries.begin() as connection:
        state = load_states(connection, [SENDER])[SENDER]
        fold_events(state, events[cut + 1 :])
        save_states(connection, [state])
    incremental = stored_state(summaries)
    clear(summaries)
    with summaries.begin() as connection:
        save_states(connection, [folded(events)])
    assert stored_state(summaries) == incremental


def test_erasing_removes_the_summary_its_turns_and_their_words(summaries: Database) -> None:
    with summaries.begin() as connection:
        save_states(
            connection,
            [
                folded(full_conversation().events),
                folded(Script().user("waterproof jacket").events, "web-other"),
            ],
        )
    assert list_conversations(summaries, ConversationFilters(text="useless")).total == 1
    assert erase_summaries(summaries, [SENDER, "web-unknown"]) == 1
    with summaries.begin() as connection:
        assert connection.execute(select(func.count()).select_from(TURNS)).scalar() == 1
        assert connection.execute(select(SUMMARIES.c.conversation_id)).scalars().all() == [
            "web-other"
        ]
        if summaries.backend == "sqlite":  # the full-text index agrees with its table
            check = f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')"  # noqa: S608
            connection.execute(text(check))
    assert list_conversations(summaries, ConversationFilters(text="useless")).total == 0
    assert list_conversations(summaries, ConversationFilters(text="waterproof")).total == 1


def test_privacy_erasure_and_retention_reach_the_summaries(summaries: Database) -> None:
    with summaries.begin() as connection:
        save_states(connection, [folded(full_conversation().events)])
    context = PrivacyContext(Settings(), summaries, stores=())
    eraser = next(e for e in erasers_for(context) if isinstance(e, SummaryEraser))
    removed = eraser.erase(ErasureSubject(conversations=frozenset({SENDER})))
    assert removed == {"conversation_summaries": 1, "conversation_turns": 8}
    assert list_conversations(summaries).total == 0


def test_events_of_the_last_moments_are_read_again_after_a_rebuild_and_count_once(
    summaries: Database, broker: tuple[Path, BrokerEvents], tmp_path: Path
) -> None:
    path, events = broker
    recent = Script(time.time() - 5).user("hello").action("utter_greet").bot("Hi", "utter_greet")
    by_sender = {"web-recent": recent.events}
    publish(path, interleaved(by_sender))
    tracker = tracker_store(tmp_path / "tracker.db", by_sender)
    report = rebuild_summaries(summaries, tracker, events)
    tracker.dispose()
    rebuilt = stored_state(summaries)
    assert report.position == 0  # within the margin: the consumer reads them again
    step = EventConsumer(summaries, events).catch_up()
    assert (step.read, step.folded) == (3, 0)
    assert stored_state(summaries) == rebuilt
