"""Returns: eligibility reasons, RMAs created once, foreign lines refused, refund status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from core.db.database import Database
from core.db.models import Order, OrderLine, Shipment
from core.errors import NotReturnable, OrderNotFound
from core.views import OrderStatus, RefundStatus
from shop.orders import OrderService
from shop.returns import ReturnService
from shop.sampling import sample_orders

WINDOW = 30


def _delivered(db: Database, today: date, *, inside: bool) -> list[str]:
    """Delivered orders whose return window is open (or closed) on ``today``."""
    border = datetime(today.year, today.month, today.day, tzinfo=UTC) - timedelta(days=WINDOW)
    with db.session() as session:
        query = (
            select(Order.order_number)
            .join(Shipment, Shipment.order_id == Order.id)
            .where(Order.status == "delivered")
            .where(Shipment.delivered_at >= border if inside else Shipment.delivered_at < border)
            .order_by(Order.id)
        )
        numbers = list(session.scalars(query))
    assert numbers, "the seed has no such order"
    return numbers


def _number(db: Database, status: OrderStatus, index: int = 0) -> str:
    return str(sample_orders(db, index + 1, status=status)[index]["order_number"])


@pytest.fixture
def service(seeded_database: Database, seed_today: date) -> ReturnService:
    now = datetime(seed_today.year, seed_today.month, seed_today.day, 11, tzinfo=UTC)
    return ReturnService(seeded_database, return_window_days=WINDOW, clock=lambda: now)


def test_lines_of_a_recent_delivery_are_eligible(
    service: ReturnService, seeded_database: Database, seed_today: date
) -> None:
    checks = [
        check
        for number in _delivered(seeded_database, seed_today, inside=True)
        for check in service.eligibility(number)
    ]
    assert any(check.eligible for check in checks)
    for check in checks:
        assert check.eligible == (not check.line.final_sale)
        assert check.reason == (None if check.eligible else "final_sale")


def test_every_reason_is_given(
    service: ReturnService, seeded_database: Database, seed_today: date
) -> None:
    in_transit = _number(seeded_database, OrderStatus.IN_TRANSIT)
    assert {c.reason for c in service.eligibility(in_transit)} == {"not_delivered"}
    cancelled = _number(seeded_database, OrderStatus.CANCELLED)
    assert {c.reason for c in service.eligibility(cancelled)} == {"not_delivered"}
    old = next(  # the first delivery outside the window with a line that is not final sale
        number
        for number in _delivered(seeded_database, seed_today, inside=False)
        if not all(check.line.final_sale for check in service.eligibility(number))
    )
    assert {c.reason for c in service.eligibility(old)} <= {"window_expired", "final_sale"}
    assert "window_expired" in {c.reason for c in service.eligibility(old, today=seed_today)}
    recent = _delivered(seeded_database, seed_today, inside=True)[-1]
    first_line = service.eligibility(recent)[0].line.line_id
    with seeded_database.session() as session:
        session.execute(update(OrderLine).where(OrderLine.id == first_line).values(final_sale=True))
    assert service.eligibility(recent)[0].reason == "final_sale"
    requested = _number(seeded_database, OrderStatus.RETURN_REQUESTED)
    reasons = {c.reason for c in service.eligibility(requested)}
    assert "already_returned" in reasons
    assert service.eligibility(recent, today=seed_today + timedelta(days=365))[-1].reason in {
        "window_expired",
        "final_sale",
    }


def test_unknown_orders_are_not_found(service: ReturnService) -> None:
    for call in (service.eligibility, service.returns_for, service.refund_status):
        with pytest.raises(OrderNotFound):
            call("999999")
    with pytest.raises(OrderNotFound):
        service.create_return("999999", [1], "Too small", "conv")


def test_an_rma_is_created_once(
    service: ReturnService, seeded_database: Database, seed_today: date
) -> None:
    number, eligible = next(
        (number, ids)
        for number in _delivered(seeded_database, seed_today, inside=True)
        if len(ids := [c.line.line_id for c in service.eligibility(number) if c.eligible]) >= 2
    )
    first = service.create_return(number, eligible[:1], "  Too small ", "conv-r1")
    assert first.created and first.rma_number == f"RMA-{number}-1"
    assert first.line_ids == tuple(eligible[:1]) and first.status == "requested"
    assert first.reason == "Too small"
    again = service.create_return(number, eligible[:1], "Too small", "conv-r2")
    assert not again.created and again == first
    assert OrderService(seeded_database).get(number).status is OrderStatus.RETURN_REQUESTED
    line = next(c for c in service.eligibility(number) if c.line.line_id == eligible[0])
    assert line.reason == "already_returned" and line.line.returned_quantity == line.line.quantity
    assert service.returns_for(number) == [first]
    with pytest.raises(NotReturnable) as refused:
        service.create_return(number, eligible[:2], "Too small", "conv-r3")
    assert refused.value.reason == "already_returned"
    second = service.create_return(number, eligible[1:2], "Too large", "conv-r4")
    assert second.created and second.rma_number == f"RMA-{number}-2"
    assert service.returns_for(number) == [first, second]


def test_lines_of_another_order_are_refused(
    service: ReturnService, seeded_database: Database, seed_today: date
) -> None:
    mine, other = _delivered(seeded_database, seed_today, inside=True)[1:3]
    foreign = service.eligibility(other)[0].line.line_id
    with pytest.raises(NotReturnable) as refused:
        service.create_return(mine, [foreign], "Wrong item sent", "conv")
    assert refused.value.reason == "line_not_in_order"
    with pytest.raises(NotReturnable) as empty:
        service.create_return(mine, [], "Wrong item sent", "conv")
    assert empty.value.reason == "no_lines"
    in_transit = _number(seeded_database, OrderStatus.IN_TRANSIT, 1)
    line = service.eligibility(in_transit)[0].line.line_id
    with pytest.raises(NotReturnable) as early:
        service.create_return(in_transit, [line], "Changed my mind", "conv")
    assert early.value.reason == "not_delivered"
    assert service.returns_for(mine) == []


def test_refund_status(service: ReturnService, seeded_database: Database, seed_today: date) -> None:
    refunded = service.refund_status(_number(seeded_database, OrderStatus.REFUNDED))
    assert refunded is not None and refunded.status is RefundStatus.COMPLETED
    assert refunded.amount > 0 and refunded.issued_at is not None
    returned = service.refund_status(_number(seeded_database, OrderStatus.RETURNED))
    assert returned is not None
    assert returned.status in (RefundStatus.PENDING, RefundStatus.PROCESSING)
    assert returned.expected_by is not None
    delivered = _delivered(seeded_database, seed_today, inside=False)[0]
    assert service.refund_status(delivered) is None
