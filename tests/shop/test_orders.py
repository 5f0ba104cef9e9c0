"""Orders: views, and cancellation (allowed statuses, idempotence, refusals, races)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from core.db.database import Database
from core.db.models import Order, Refund
from core.errors import NotCancellable, OrderNotFound
from core.views import CancelOutcome, OrderStatus
from shop.orders import OrderService
from shop.sampling import sample_orders


def _numbers(db: Database, status: OrderStatus, n: int = 1) -> list[str]:
    numbers = [order["order_number"] for order in sample_orders(db, n, status=status)]
    assert len(numbers) == n, f"the seed has too few {status} orders"
    return numbers


def _row(db: Database, number: str) -> Order:
    with db.session() as session:
        order = session.scalar(select(Order).where(Order.order_number == number))
        assert order is not None
        return order


def _refunds(db: Database, number: str) -> list[Refund]:
    with db.session() as session:
        return list(session.scalars(select(Refund).join(Order).where(Order.order_number == number)))


@pytest.fixture
def now(seed_today: date) -> datetime:
    return datetime(seed_today.year, seed_today.month, seed_today.day, 10, tzinfo=UTC)


@pytest.fixture
def service(seeded_database: Database, now: datetime) -> OrderService:
    return OrderService(seeded_database, clock=lambda: now)


def test_get_builds_the_whole_view(service: OrderService, seeded_database: Database) -> None:
    number = _numbers(seeded_database, OrderStatus.DELIVERED)[0]
    view = service.get(f" #{number} ")
    assert view.order_number == number
    assert view.status is OrderStatus.DELIVERED
    assert view.lines and view.total == sum(line.unit_price * line.quantity for line in view.lines)
    assert view.customer_first_name
    assert view.shipment is not None and view.delivered_at is not None
    times = [event.occurred_at for event in view.shipment.events]
    assert times == sorted(times)
    assert view.shipment.latest_event is not None
    assert view.shipment.latest_event.status == "delivered"
    assert view.placed_at.tzinfo is not None


def test_unknown_orders(service: OrderService) -> None:
    assert service.find("999999") is None
    with pytest.raises(OrderNotFound):
        service.get("999999")
    with pytest.raises(OrderNotFound):
        service.cancel("999999", "conv")


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PACKED]
)
def test_cancel_before_shipping(
    service: OrderService, seeded_database: Database, status: OrderStatus, now: datetime
) -> None:
    number = _numbers(seeded_database, status)[0]
    assert service.cancel(number, "conv-cancel") is CancelOutcome.CANCELLED
    order = _row(seeded_database, number)
    assert order.status == "cancelled"
    assert order.cancelled_at == now and order.cancel_conversation_id == "conv-cancel"
    refunds = _refunds(seeded_database, number)
    if status is OrderStatus.PENDING_PAYMENT:
        assert refunds == []
    else:  # it was paid: the money goes back
        assert [(r.status, r.amount) for r in refunds] == [("pending", order.total)]
    later = OrderService(seeded_database, clock=lambda: now + timedelta(hours=1))
    assert later.cancel(number, "conv-again") is CancelOutcome.ALREADY_CANCELLED
    again = _row(seeded_database, number)
    assert again.cancelled_at == now and again.cancel_conversation_id == "conv-cancel"
    assert len(_refunds(seeded_database, number)) == len(refunds)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (OrderStatus.SHIPPED, "shipped"),
        (OrderStatus.IN_TRANSIT, "shipped"),
        (OrderStatus.DELAYED, "shipped"),
        (OrderStatus.OUT_FOR_DELIVERY, "shipped"),
        (OrderStatus.DELIVERED, "delivered"),
        (OrderStatus.RETURN_REQUESTED, "returned"),
        (OrderStatus.RETURNED, "returned"),
        (OrderStatus.REFUNDED, "refunded"),
    ],
)
def test_cancel_after_shipping_is_refused(
    service: OrderService, seeded_database: Database, status: OrderStatus, reason: str
) -> None:
    number = _numbers(seeded_database, status)[0]
    with pytest.raises(NotCancellable) as refused:
        service.cancel(number, "conv")
    assert refused.value.reason == reason
    assert _row(seeded_database, number).status == status.value


def test_two_cancellations_at_once_write_once(
    service: OrderService, seeded_database: Database
) -> None:
    number = _numbers(seeded_database, OrderStatus.PAID, 2)[1]
    barrier = threading.Barrier(2)
    outcomes: list[CancelOutcome] = []

    def cancel(conversation: str) -> None:
        barrier.wait()
        outcomes.append(service.cancel(number, conversation))

    threads = [threading.Thread(target=cancel, args=(f"conv-{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted([CancelOutcome.CANCELLED, CancelOutcome.ALREADY_CANCELLED])
    with seeded_database.session() as session:
        count = session.scalar(
            select(func.count()).select_from(Refund).join(Order).where(Order.order_number == number)
        )
    assert count == 1
