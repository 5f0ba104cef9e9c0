"""Verification: the same None and the same SQL for every failure, keyed attempt records."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, select

from core.db.database import Database
from core.db.models import VerificationAttempt
from core.errors import ConfigurationError
from core.settings import Settings
from shop.pseudonyms import network_client_id, pseudonym
from shop.sampling import sample_orders
from shop.verification import VerificationService
from tests.shop.verification_support import (
    CLIENT_KEY_SECRET,
    Clock,
    morning_of,
    verification_settings,
)


@pytest.fixture
def clock(seed_today: date) -> Clock:
    return Clock(morning_of(seed_today))


@pytest.fixture
def service(seeded_database: Database, clock: Clock) -> VerificationService:
    return VerificationService(seeded_database, verification_settings(), clock=clock)


@pytest.fixture(scope="module")
def orders(seeded_database: Database) -> list[dict[str, Any]]:
    return sample_orders(seeded_database, 24, seed=5)


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
    """The SQL text of every statement sent to the database inside the block."""
    seen: list[str] = []

    def record(*args: Any) -> None:
        seen.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_right_email_gives_the_order(
    service: VerificationService, orders: list[dict[str, Any]]
) -> None:
    order = orders[0]
    view = service.verify(order["order_number"], order["email"], client="c", conversation="k")
    assert view is not None
    assert view.order_number == order["order_number"]
    assert [line.line_id for line in view.lines] == [line["line_id"] for line in order["lines"]]


def test_case_and_whitespace_do_not_matter(
    service: VerificationService, orders: list[dict[str, Any]]
) -> None:
    order = orders[1]
    shouted = f"  {order['email'].upper()}\t"
    number = f" #{order['order_number']} "
    assert service.verify(number, shouted, client="c", conversation="conv-case") is not None


def test_every_failure_looks_the_same_and_does_the_same_database_work(
    service: VerificationService, seeded_database: Database, orders: list[dict[str, Any]]
) -> None:
    mine, someone_else = orders[2], orders[3]
    assert mine["email"] != someone_else["email"]
    traces = []
    for number, email, source in (
        (mine["order_number"], "nobody@example.com", "conv-f1"),  # wrong email
        ("999999", mine["email"], "conv-f2"),  # unknown order
        (someone_else["order_number"], mine["email"], "conv-f3"),  # someone else's order
    ):
        with _statements(seeded_database) as seen:
            assert service.verify(number, email, client=source, conversation=source) is None
        traces.append(seen)
    assert traces[0] == traces[1] == traces[2]
    assert sum(statement.lstrip().upper().startswith("INSERT") for statement in traces[0]) == 1


def test_attempts_are_stored_under_keyed_hashes_only(
    service: VerificationService, seeded_database: Database, orders: list[dict[str, Any]]
) -> None:
    client, conversation = "rest:198.51.100.7", "twilio:whatsapp:+15551234567"
    order = orders[4]
    service.verify(
        order["order_number"], "Wrong@Example.com", client=client, conversation=conversation
    )
    service.verify(order["order_number"], order["email"], client=client, conversation=conversation)
    with seeded_database.session() as session:
        rows = list(
            session.scalars(
                select(VerificationAttempt).where(
                    VerificationAttempt.conversation_key
                    == pseudonym(CLIENT_KEY_SECRET, "conversation", conversation)
                )
            )
        )
    assert [row.success for row in rows] == [False, True]
    assert {row.client_key for row in rows} == {pseudonym(CLIENT_KEY_SECRET, "client", client)}
    assert [row.email_key for row in rows] == [
        pseudonym(CLIENT_KEY_SECRET, "email", "wrong@example.com"),
        pseudonym(CLIENT_KEY_SECRET, "email", order["email"].lower()),
    ]
    stored = {
        value for row in rows for value in (row.client_key, row.conversation_key, row.email_key)
    }
    unkeyed = {
        hashlib.sha256(text.encode()).hexdigest()
        for text in (client, conversation, order["email"], "wrong@example.com")
    }
    assert not stored & ({client, conversation, order["email"]} | unkeyed)


def test_another_secret_gives_other_keys() -> None:
    other = secrets.token_hex(24)
    assert pseudonym(CLIENT_KEY_SECRET, "client", "x") != pseudonym(other, "client", "x")
    assert pseudonym(CLIENT_KEY_SECRET, "client", "x") != pseudonym(CLIENT_KEY_SECRET, "email", "x")
    assert len(network_client_id(CLIENT_KEY_SECRET, "rest:127.0.0.1")) == 32


def test_without_the_secret_nothing_is_checked(
    seeded_database: Database, orders: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOPBOT_CLIENT_KEY_SECRET", raising=False)
    service = VerificationService(seeded_database, Settings(client_key_secret=None))
    order = orders[5]
    with pytest.raises(ConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET"):
        service.verify(order["order_number"], order["email"], client="c", conversation="k")


def test_forget_removes_a_conversations_and_an_emails_attempts(
    service: VerificationService, seeded_database: Database, orders: list[dict[str, Any]]
) -> None:
    order = orders[6]
    service.verify(order["order_number"], "x@example.com", client="c", conversation="forget-me")
    service.verify(order["order_number"], order["email"], client="c", conversation="forget-me")
    service.verify(order["order_number"], " Erase@Example.com ", client="c", conversation="other")
    assert service.forget(conversation="forget-me") == 2
    assert service.forget(email="erase@example.com") == 1
    assert service.forget(conversation="forget-me", email="erase@example.com") == 0
