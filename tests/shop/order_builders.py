"""Rows for the shop services' tests: a customer, and an order with its parcel and carrier
events, at times counted back from the test's ``now``."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

from core.db.database import Database
from core.db.models import Customer, Order, Shipment, ShipmentEvent

__all__ = ["add_customer", "add_order"]

DAY = timedelta(days=1)
_numbers = itertools.count(300001)


def add_customer(db: Database, email: str = "ana@example.com") -> int:
    """A customer called Ana Lima with ``email``; their id."""
    with db.session() as session:
        row = Customer(email=email, first_name="Ana", last_name="Lima")
        session.add(row)
        session.flush()
        return row.id


def add_order(
    db: Database,
    customer_id: int,
    status: str,
    *,
    now: datetime,
    promised: date | None = None,
    shipped_ago: timedelta | None = None,
    delivered_ago: timedelta | None = None,
    placed_ago: timedelta = 5 * DAY,
    events: tuple[tuple[str, timedelta], ...] = (),
) -> str:
    """An order of 20 EUR placed ``placed_ago`` before ``now``, with a DHL parcel promised
    for ``promised`` (two days after ``now`` by default), shipped and delivered that long
    before ``now`` when given, and carrier events ``(status, how long before now)``; its
    order number."""
    number = str(next(_numbers))
    with db.session() as session:
        row = Order(
            order_number=number,
            customer_id=customer_id,
            status=status,
            currency="EUR",
            total=Decimal("20.00"),
            placed_at=now - placed_ago,
            updated_at=now - DAY,
        )
        session.add(row)
        session.flush()
        parcel = Shipment(
            order_id=row.id,
            carrier="DHL",
            tracking_number="1234567890",
            tracking_url="https://example.com/t/1234567890",
            promised_date=promised or (now + 2 * DAY).date(),
            shipped_at=now - shipped_ago if shipped_ago is not None else None,
            delivered_at=now - delivered_ago if delivered_ago is not None else None,
        )
        session.add(parcel)
        session.flush()
        for kind, ago in events:
            session.add(
                ShipmentEvent(
                    shipment_id=parcel.id,
                    status=kind,
                    description=kind,
                    location="Hub",
                    occurred_at=now - ago,
                )
            )
    return number
