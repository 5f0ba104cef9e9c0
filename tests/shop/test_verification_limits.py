"""Each limit on failed checks, and the owner who still gets through.

Every test starts two days after the one before, so the failures of the others (same
database) are outside its windows.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from itertools import count
from typing import Any

import pytest
from sqlalchemy import func, select

from core.db.database import Database
from core.db.models import Customer, Order
from core.errors import VerificationLocked
from shop.sampling import sample_orders
from shop.verification import VerificationService
from tests.shop.verification_support import Clock, morning_of, verification_settings

_days = count(1)


@pytest.fixture
def clock(seed_today: date) -> Clock:
    """A clock on a day no other test of the module uses."""
    return Clock(morning_of(seed_today) + timedelta(days=2 * next(_days)))


@pytest.fixture(scope="module")
def orders(seeded_database: Database) -> list[dict[str, Any]]:
    return sample_orders(seeded_database, 40, seed=9)


def _service(db: Database, clock: Clock, **limits: Any) -> VerificationService:
    return VerificationService(db, verification_settings(**limits), clock=clock)


def _customer_with_orders(db: Database) -> tuple[str, list[str]]:
    """The email of a customer with several orders, and all their order numbers."""
    with db.session() as session:
        email = session.scalar(
            select(Customer.email)
            .join(Order, Order.customer_id == Customer.id)
            .group_by(Customer.email)
            .order_by(func.count().desc(), Customer.email)
            .limit(1)
        )
        assert email is not None
        numbers = session.scalars(
            select(Order.order_number)
            .join(Customer, Order.customer_id == Customer.id)
            .where(Customer.email == email)
            .order_by(Order.order_number)
        )
        return email, list(numbers)


def test_a_conversation_is_locked_after_its_failures(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    service = _service(seeded_database, clock, max_verification_failures=3)
    for index, order in enumerate(orders[:3]):  # from three clients: the conversation counts
        assert (
            service.verify(
                order["order_number"], "no@example.com", client=f"c{index}", conversation="k"
            )
            is None
        )
    target = orders[3]
    with pytest.raises(VerificationLocked, match="conversation"):
        service.verify(target["order_number"], target["email"], client="c9", conversation="k")
    assert service.verify(target["order_number"], target["email"], client="c9", conversation="k2")


def test_a_client_is_locked_across_conversations(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    service = _service(seeded_database, clock, client_failure_limit=3)
    for index, order in enumerate(orders[4:7]):
        conversation = f"new-conversation-{index}"  # a fresh id each time changes nothing
        assert (
            service.verify(
                order["order_number"],
                f"g{index}@example.com",
                client="guesser",
                conversation=conversation,
            )
            is None
        )
    target = orders[7]
    with pytest.raises(VerificationLocked, match="client"):
        service.verify(
            target["order_number"], target["email"], client="guesser", conversation="fresh"
        )
    assert service.verify(target["order_number"], target["email"], client="other", conversation="o")
    clock.now += timedelta(minutes=61)
    assert service.verify(
        target["order_number"], target["email"], client="guesser", conversation="x"
    )


def test_one_known_email_and_every_order_number_stops_at_the_email_limit(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    email, theirs = _customer_with_orders(seeded_database)
    assert len(theirs) >= 2
    service = _service(seeded_database, clock, email_failure_limit=4)
    numbers = (str(int(theirs[0]) + step) for step in range(-40, 40))
    wrong = [number for number in numbers if number not in theirs][:4]
    for index, number in enumerate(wrong):
        assert service.verify(number, email, client="attacker", conversation=f"a{index}") is None
    for index, number in enumerate(theirs):  # the customer's real orders: refused
        with pytest.raises(VerificationLocked, match="email"):
            service.verify(number, email, client="attacker", conversation=f"b{index}")


def test_the_email_lock_does_not_lock_the_owner_out(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    email, theirs = _customer_with_orders(seeded_database)
    service = _service(seeded_database, clock, email_failure_limit=4)
    for index in range(4):  # someone tries order numbers with the owner's email
        assert (
            service.verify(f"99{index:04d}", email, client="attacker", conversation=f"a{index}")
            is None
        )
    with pytest.raises(VerificationLocked, match="email"):
        service.verify(theirs[0], email, client="attacker", conversation="a-last")
    view = service.verify(theirs[0], email, client="owner", conversation="o")
    assert view is not None and view.order_number == theirs[0]
    # A client that fails on the locked email is locked for it from its first failure.
    assert service.verify("990099", email, client="second", conversation="s") is None
    with pytest.raises(VerificationLocked, match="email"):
        service.verify(theirs[0], email, client="second", conversation="s2")


def test_ten_wrong_emails_on_an_order_do_not_lock_its_owner_out(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    target = orders[10]
    service = _service(seeded_database, clock, order_failure_limit=10, client_failure_limit=20)
    for index in range(10):
        assert (
            service.verify(
                target["order_number"],
                f"w{index}@example.com",
                client="A",
                conversation=f"a{index}",
            )
            is None
        )
    with pytest.raises(VerificationLocked, match="order"):
        service.verify(target["order_number"], target["email"], client="A", conversation="a-last")
    view = service.verify(target["order_number"], target["email"], client="B", conversation="b")
    assert view is not None and view.order_number == target["order_number"]


def test_the_order_limit_counts_failures_from_every_client(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    target, other = orders[11], orders[12]
    service = _service(seeded_database, clock, order_failure_limit=4)
    for index in range(4):  # four clients, one failure each: the order's limit is reached
        assert (
            service.verify(
                target["order_number"],
                "x@example.com",
                client=f"c{index}",
                conversation=f"k{index}",
            )
            is None
        )
    for index in range(4):  # every one of them is locked for that order, not for others
        with pytest.raises(VerificationLocked, match="order"):
            service.verify(
                target["order_number"], target["email"], client=f"c{index}", conversation="n"
            )
        assert service.verify(
            other["order_number"], other["email"], client=f"c{index}", conversation="n"
        )


def test_the_global_ceiling_refuses_everyone_and_alerts_once(
    seeded_database: Database,
    clock: Clock,
    orders: list[dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    service = _service(
        seeded_database, clock, global_failure_limit=6, global_failure_window_minutes=30
    )
    owner = orders[13]
    caplog.set_level(logging.WARNING, logger="shop.verification")
    for index in range(6):  # six clients, six emails, six orders: no other limit is reached
        order = orders[14 + index]
        assert (
            service.verify(
                order["order_number"],
                f"n{index}@example.com",
                client=f"c{index}",
                conversation=f"k{index}",
            )
            is None
        )
    for attempt in range(3):
        with pytest.raises(VerificationLocked, match="overall"):
            service.verify(
                owner["order_number"], owner["email"], client=f"owner{attempt}", conversation="o"
            )
    alerts = [record for record in caplog.records if record.name == "shop.verification"]
    assert len(alerts) == 1 and alerts[0].levelno == logging.CRITICAL
    message = alerts[0].getMessage()
    assert "ALERT" in message and "6 failed" in message
    assert not any(
        order["email"] in message or order["order_number"] in message for order in orders
    )
    clock.now += timedelta(minutes=31)
    assert service.verify(owner["order_number"], owner["email"], client="owner", conversation="o")


def test_concurrent_checks_never_pass_the_overall_ceiling(
    seeded_database: Database, clock: Clock, orders: list[dict[str, Any]]
) -> None:
    """The action server checks on several threads at once: counting the failures and
    recording the attempt do not interleave, so the ceiling holds exactly."""
    from concurrent.futures import ThreadPoolExecutor

    service = _service(
        seeded_database, clock, global_failure_limit=5, global_failure_window_minutes=30
    )

    def wrong_email(index: int) -> str:
        order = orders[index % len(orders)]
        try:
            service.verify(
                order["order_number"],
                f"w{index}@example.com",
                client=f"t{index}",
                conversation=f"t{index}",
            )
        except VerificationLocked:
            return "locked"
        return "failed"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(wrong_email, range(24)))
    assert outcomes.count("failed") == 5
    assert outcomes.count("locked") == 19
