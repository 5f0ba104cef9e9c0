"""Erasure and retention (shop.privacy) over a seeded shop database and Rasa's two event
stores (a SQL tracker store and a SQL event broker, made here as Rasa makes them).

The proof of an erasure is a scan of every column of every table of both databases, and of
the event broker's, for the shopper's email, phone number and conversation ids.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, insert, select, text

from core.db.database import Database
from core.db.migrate import upgrade
from core.db.models import Customer, Order, VerificationAttempt
from core.db.privacy_models import ConversationCount
from core.settings import Settings
from shop.feedback.tracker_events import events_table
from shop.handover import HandoverService
from shop.orders import OrderService
from shop.privacy import EventStore, PrivacyService
from shop.privacy import erasers as erasers_module
from shop.privacy.retention import facts_of
from shop.privacy.subject import ErasureSubject, phone_forms
from shop.pseudonyms import conversation_key
from shop.verification import VerificationService
from shopbot.demo.seed import seed_demo_data
from tests.conftest import SEED_TODAY
from tests.privacy_scan import found_in_database

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
_BROKER_METADATA = MetaData()
broker_table = Table(
    "events",
    _BROKER_METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("data", Text),
)
#: A table another part might add (the console's notes): swept by its conversation_id.
_NOTES_METADATA = MetaData()
notes_table = Table(
    "console_notes_example",
    _NOTES_METADATA,
    Column("id", Integer, primary_key=True),
    Column("conversation_id", String(255), nullable=False),
    Column("note", Text, nullable=False),
)


@dataclass(frozen=True)
class Shopper:
    """A seeded customer with a phone and a cancellable order."""

    customer_id: int
    email: str
    phone: str
    orders: tuple[str, ...]
    cancellable: str


@dataclass
class World:
    """The databases, the service, and the shoppers in them."""

    settings: Settings
    database: Database
    tracker: Database
    broker: Database
    service: PrivacyService
    secret: str


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("privacy") / "shop.db"
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    seed_demo_data(database, seed=7, customers=60, orders=300, today=SEED_TODAY)
    database.dispose()
    return path


@pytest.fixture
def world(seeded_file: Path, tmp_path: Path, real_secrets: dict[str, str]) -> Iterator[World]:
    shop = tmp_path / "shop.db"
    shop.write_bytes(seeded_file.read_bytes())
    settings = Settings(
        database_url=f"sqlite:///{shop}",
        tracker_db=tmp_path / "tracker.db",
        events_db=tmp_path / "events.db",
    )
    database = Database(settings.database_url)
    tracker = Database(settings.tracker_store_address())
    broker = Database(settings.events_address())
    events_table.create(tracker.engine)
    broker_table.create(broker.engine)
    notes_table.create(database.engine)
    stores = [EventStore("tracker_store", tracker), EventStore("event_broker", broker)]
    service = PrivacyService(settings, database, stores, clock=lambda: NOW)
    yield World(
        settings, database, tracker, broker, service, real_secrets["SHOPBOT_CLIENT_KEY_SECRET"]
    )
    service.close()


def _shoppers(database: Database) -> list[Shopper]:
    found = []
    with database.session() as session:
        customers = session.execute(
            select(Customer.id, Customer.email, Customer.phone).where(Customer.phone.is_not(None))
        ).all()
        for customer_id, email, phone in customers:
            orders = session.execute(
                select(Order.order_number, Order.status).where(Order.customer_id == customer_id)
            ).all()
            cancellable = [n for n, status in orders if status in ("paid", "packed")]
            if cancellable and len(orders) >= 2:
                found.append(
                    Shopper(
                        customer_id,
                        email,
                        phone,
                        tuple(n for n, _ in orders),
                        cancellable[0],
                    )
                )
    assert len(found) >= 2, "the seed has too few customers with a phone and open orders"
    return found


def user(text: str, at: float, channel: str = "socketio", language: str = "en") -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": at,
        "text": text,
        "input_channel": channel,
        "parse_data": {"text": text, "language": {"language": language}},
    }


def slot(name: str, value: Any, at: float) -> dict[str, Any]:
    return {"event": "slot", "timestamp": at, "name": name, "value": value}


def add_events(world: World, sender: str, events: list[dict[str, Any]]) -> None:
    """Store ``events`` as Rasa does, in the tracker store and the event broker."""
    with world.tracker.begin() as connection:
        connection.execute(
            insert(events_table),
            [
                {
                    "sender_id": sender,
                    "type_name": event["event"],
                    "timestamp": event["timestamp"],
                    "data": json.dumps(event),
                }
                for event in events
            ],
        )
    with world.broker.begin() as connection:
        connection.execute(
            insert(broker_table),
            [{"sender_id": sender, "data": json.dumps(event)} for event in events],
        )


def count_events(database: Database, sender: str) -> int:
    with database.begin() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(events_table)
                .where(events_table.c.sender_id == sender)
            )
            or 0
        )


def open_ticket(world: World, conversation: str, summary: str) -> None:
    HandoverService(world.database).open_ticket(conversation, "requested", summary)


def verify(world: World, order: str, email: str, conversation: str) -> None:
    VerificationService(world.database, world.settings).verify(
        order, email, client=secrets.token_hex(16), conversation=conversation
    )


def note(world: World, conversation: str, text: str) -> None:
    with world.database.begin() as connection:
        connection.execute(insert(notes_table).values(conversation_id=conversation, note=text))


def conversation_of(world: World, shopper: Shopper, sender: str, at: float) -> None:
    """A conversation in which ``shopper`` verifies an order, gives their phone number,
    rates and comments, cancels an order and asks for a person."""
    add_events(
        world,
        sender,
        [
            user(f"where is my order {shopper.orders[0]}?", at),
            slot("order_number", shopper.orders[0], at + 1),
            user(shopper.email.upper(), at + 2),
            slot("verified_order", shopper.orders[0], at + 3),
            slot("order_verified", True, at + 3),
            user(f"call me on {shopper.phone}", at + 4),
            slot("satisfaction_rating", 2, at + 5),
            slot("satisfaction_comment", f"slow, write to {shopper.email}", at + 6),
            {"event": "pause", "timestamp": at + 7},
        ],
    )
    open_ticket(world, sender, f"Shopper: write to {shopper.email}")
    verify(world, shopper.orders[0], shopper.email, sender)
    verify(world, shopper.orders[0], "wrong@example.org", sender)
    OrderService(world.database).cancel(shopper.cancellable, conversation_key(world.secret, sender))
    note(world, sender, "asked twice")


def test_erasing_a_shopper_leaves_nothing_of_them_anywhere(world: World) -> None:
    anna, other = _shoppers(world.database)[:2]
    at = NOW.timestamp() - 3600
    verified = f"web-{secrets.token_hex(8)}"
    conversation_of(world, anna, verified, at)
    digits = "".join(c for c in anna.phone if c.isdigit())
    by_phone = f"twilio:+{digits}"
    add_events(world, by_phone, [user("hi, any news?", at, channel="twilio")])
    by_slot = f"rest-{secrets.token_hex(4)}"
    add_events(world, by_slot, [slot("verified_order", anna.orders[-1], at)])
    someone_else = f"web-{secrets.token_hex(8)}"
    conversation_of(world, other, someone_else, at)

    needles = [anna.email, *phone_forms(anna.phone), verified, by_phone, by_slot]
    needles.append(conversation_key(world.secret, verified))
    for database in (world.database, world.tracker, world.broker):
        assert found_in_database(database, needles)  # the scan finds them before

    report = world.service.erase_email(f"  {anna.email.title()} ")

    assert report.conversations == 3
    removed = report.removed
    assert removed["tracker_store.events"] == 9 + 1 + 1
    assert removed["event_broker.events"] == 9 + 1 + 1
    assert removed["handover_tickets"] == 1
    assert removed["verification_attempts"] == 2
    assert removed["orders.cancel_conversation_id"] == 1
    assert removed["customers"] == 1
    assert removed[notes_table.name] == 1
    for database in (world.database, world.tracker, world.broker):
        assert found_in_database(database, needles) == []
    with world.database.session() as session:
        account = session.get_one(Customer, anna.customer_id)
        assert (account.first_name, account.last_name, account.phone) == ("", "", None)
        assert session.scalar(select(func.count()).where(Order.customer_id == anna.customer_id))
    # The other shopper keeps everything.
    assert count_events(world.tracker, someone_else) == 9
    assert HandoverService(world.database).get_open(someone_else) is not None
    assert found_in_database(
        world.database, [other.email, conversation_key(world.secret, someone_else)]
    )


def test_erasing_one_conversation_keeps_the_account(world: World) -> None:
    anna = _shoppers(world.database)[0]
    first, second = f"web-{secrets.token_hex(8)}", f"web-{secrets.token_hex(8)}"
    conversation_of(world, anna, first, NOW.timestamp() - 60)
    add_events(world, second, [user("hello", NOW.timestamp())])

    report = world.service.erase_conversation(first)

    assert report.conversations == 1
    assert report.removed["tracker_store.events"] == 9
    assert report.removed["customers"] == 0
    assert report.removed["handover_tickets"] == 1
    assert report.removed["orders.cancel_conversation_id"] == 1
    for database in (world.database, world.tracker, world.broker):
        assert found_in_database(database, [first, conversation_key(world.secret, first)]) == []
    assert count_events(world.tracker, second) == 1
    with world.database.session() as session:
        assert session.get_one(Customer, anna.customer_id).email == anna.email


def test_a_registered_eraser_gets_the_subject_and_its_tables_are_not_swept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[ErasureSubject] = []

    class NotesEraser:
        tables = (notes_table.name,)

        def erase(self, subject: ErasureSubject) -> dict[str, int]:
            seen.append(subject)
            return {"notes (kept on purpose)": 0}

    monkeypatch.setattr(erasers_module, "_REGISTERED", [])
    erasers_module.register_eraser(lambda _context: NotesEraser())
    conversation = f"web-{secrets.token_hex(8)}"
    add_events(world, conversation, [user("hello", NOW.timestamp())])
    note(world, conversation, "kept")

    report = world.service.erase_conversation(conversation)

    assert [subject.conversations for subject in seen] == [frozenset({conversation})]
    assert notes_table.name not in report.removed
    assert found_in_database(world.database, [conversation])  # the note: its eraser kept it


def test_retention_removes_old_conversations_and_keeps_their_counts(world: World) -> None:
    anna = _shoppers(world.database)[0]
    old_time = (NOW - timedelta(days=100)).timestamp()
    old = f"web-{secrets.token_hex(8)}"
    conversation_of(world, anna, old, old_time)
    recent = f"web-{secrets.token_hex(8)}"
    add_events(world, recent, [user("hallo", NOW.timestamp() - 60, language="de")])
    stale = VerificationService(
        world.database, world.settings, clock=lambda: NOW - timedelta(days=91)
    )
    stale.verify(anna.orders[0], "nobody@example.org", client="c" * 32, conversation="other")

    report = world.service.retention(90)

    assert report.conversations == 1
    assert report.removed["tracker_store.events"] == 9
    assert report.removed["event_broker.events"] == 9
    assert report.removed["handover_tickets"] == 1
    assert report.removed["verification_attempts"] == 3
    assert count_events(world.tracker, recent) == 1
    for database in (world.database, world.tracker, world.broker):
        assert found_in_database(database, [old, conversation_key(world.secret, old)]) == []
    with world.database.session() as session:
        counts = session.execute(
            select(
                ConversationCount.day,
                ConversationCount.channel,
                ConversationCount.language,
                ConversationCount.outcome,
                ConversationCount.conversations,
                ConversationCount.messages,
            )
        ).all()
        assert session.scalar(select(func.count()).select_from(VerificationAttempt)) == 0
    old_day = datetime.fromtimestamp(old_time, UTC).date()
    assert [tuple(row) for row in counts] == [(old_day, "socketio", "en", "handed_over", 1, 3)]

    again = world.service.retention(90)
    assert (again.conversations, again.counted_rows) == (0, 0)


def test_retention_adds_to_the_counts_of_the_same_day(world: World) -> None:
    day = NOW - timedelta(days=200)
    for _ in range(2):
        add_events(world, f"rest-{secrets.token_hex(4)}", [user("hi", day.timestamp(), "rest")])
    world.service.retention(90)
    add_events(world, f"rest-{secrets.token_hex(4)}", [user("hi", day.timestamp() + 5, "rest")])
    world.service.retention(90)
    with world.database.session() as session:
        rows = session.execute(
            select(ConversationCount.conversations, ConversationCount.messages).where(
                ConversationCount.day == day.date()
            )
        ).all()
    assert [tuple(row) for row in rows] == [(3, 3)]


def test_retention_without_a_tracker_store_does_nothing_and_creates_none(
    tmp_path: Path, world: World
) -> None:
    settings = Settings(
        database_url=world.settings.database_url,
        tracker_db=tmp_path / "nowhere" / "tracker.db",
        events_db=tmp_path / "nowhere" / "events.db",
    )
    service = PrivacyService.from_settings(settings)
    try:
        report = service.retention()
    finally:
        service.close()
    assert (report.days, report.conversations) == (90, 0)
    assert not (tmp_path / "nowhere" / "tracker.db").exists()


def test_facts_of_a_conversation() -> None:
    start = datetime(2026, 3, 1, 23, 59, tzinfo=UTC).timestamp()
    verified = facts_of(
        [
            user("hola", start, "telegram", "es"),
            slot("language", "es", start + 1),
            slot("order_verified", True, start + 2),
            user("gracias", start + 90, "telegram", "es"),
        ]
    )
    assert verified.day == date(2026, 3, 1)
    assert (verified.channel, verified.language, verified.outcome, verified.messages) == (
        "telegram",
        "es",
        "order_verified",
        2,
    )
    assert facts_of([]).outcome == "other"
    assert facts_of([]).channel == "unknown"


def test_deleting_a_conversation_also_deletes_its_pending_reminders(tmp_path: Path) -> None:
    tracker = Database(f"sqlite:///{tmp_path / 'tracker.db'}")
    events_table.create(tracker.engine)
    with tracker.engine.begin() as connection:
        # The table as bot/shared_reminders.py creates it, one row per pending reminder.
        connection.execute(
            text(
                "CREATE TABLE shopbot_reminders (sender_id TEXT, name TEXT, due_at REAL, "
                "event TEXT, owner TEXT, lease_until REAL, PRIMARY KEY (sender_id, name))"
            )
        )
        for sender in ("erased", "kept"):
            connection.execute(
                text("INSERT INTO shopbot_reminders VALUES (:sender, 'pause', 1, '{}', 'a', 2)"),
                {"sender": sender},
            )
    EventStore("tracker_store", tracker).delete(["erased"])
    with tracker.engine.connect() as connection:
        left = connection.execute(text("SELECT sender_id FROM shopbot_reminders")).scalars()
        assert list(left) == ["kept"]
    tracker.dispose()
