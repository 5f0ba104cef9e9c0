"""Verification: the same None for every failure, limits, hashed attempt records."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from core.db.database import Database
from core.db.models import VerificationAttempt
from core.errors import VerificationLocked
from core.settings import Settings
from shop.sampling import sample_orders
from shop.verification import VerificationService, client_key


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(seed_today: date) -> Clock:
    return Clock(datetime(seed_today.year, seed_today.month, seed_today.day, 9, tzinfo=UTC))


@pytest.fixture
def service(seeded_database: Database, clock: Clock) -> VerificationService:
    settings = Settings(
        client_failure_limit=3,
        client_failure_window_minutes=60,
        order_failure_limit=4,
        order_failure_window_minutes=24 * 60,
    )
    return VerificationService(seeded_database, settings, clock=clock)


@pytest.fixture(scope="module")
def orders(seeded_database: Database) -> list[dict[str, Any]]:
    return sample_orders(seeded_database, 24, seed=5)


@contextmanager
def _statements(db: Database) -> Iterator[list[str]]:
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
    view = service.verify(order["order_number"], order["email"], "conv-right")
    assert view is not None
    assert view.order_number == order["order_number"]
    assert [line.line_id for line in view.lines] == [line["line_id"] for line in order["lines"]]


def test_case_and_whitespace_do_not_matter(
    service: VerificationService, orders: list[dict[str, Any]]
) -> None:
    order = orders[1]
    shouted = f"  {order['email'].upper()}\t"
    assert service.verify(f" #{order['order_number']} ", shouted, "conv-case") is not None


def test_every_failure_looks_the_same(
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
            assert service.verify(number, email, source) is None
        traces.append(seen)
    assert traces[0] == traces[1] == traces[2]


def test_attempts_are_stored_under_a_hash(
    service: VerificationService, seeded_database: Database, orders: list[dict[str, Any]]
) -> None:
    source = "sender-4711-raw-id"
    order = orders[4]
    service.verify(order["order_number"], "wrong@example.com", source)
    service.verify(order["order_number"], order["email"], source)
    with seeded_database.session() as session:
        rows = list(session.scalars(select(VerificationAttempt)))
    assert not any(row.client_key == source for row in rows)
    mine = [row for row in rows if row.client_key == client_key(source)]
    assert [row.success for row in mine] == [False, True]
    assert all(row.order_number == order["order_number"] for row in mine)
    assert client_key(source) == hashlib.sha256(source.encode()).hexdigest()


def test_a_client_is_locked_after_too_many_failures(
    service: VerificationService, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    for order in orders[5:8]:
        assert service.verify(order["order_number"], "guess@example.com", "conv-guesser") is None
    target = orders[8]
    with pytest.raises(VerificationLocked):
        service.verify(target["order_number"], target["email"], "conv-guesser")
    assert service.verify(target["order_number"], target["email"], "conv-other") is not None
    clock.now += timedelta(minutes=61)
    assert service.verify(target["order_number"], target["email"], "conv-guesser") is not None


def test_an_order_is_locked_after_too_many_failures(
    service: VerificationService, orders: list[dict[str, Any]]
) -> None:
    target, other = orders[9], orders[10]
    for index in range(4):
        assert service.verify(target["order_number"], "x@example.com", f"conv-o{index}") is None
    with pytest.raises(VerificationLocked):
        service.verify(target["order_number"], target["email"], "conv-fresh")
    assert service.verify(other["order_number"], other["email"], "conv-fresh") is not None
