"""Which orders need a word from the shop, read from the order database.

Six kinds (``core.db.proactive_models.NOTICE_KINDS``), each tied to the event it is about,
so the ledger can say it once per order and event:

- ``delayed``, ``exception``, ``failed_attempt``: a carrier event of that kind
  (:data:`CARRIER_KINDS`) on a parcel not delivered yet; the event is ``event:<id>``;
- ``not_dispatched``: a parcel still in the warehouse after its promised date (the shop's
  calendar day), about ``promised:<date>``;
- ``refund_issued``: a refund with an issue date (processing or completed), ``refund:<id>``;
- ``return_received``: a return the warehouse received (refund still to come), on an order
  that changed lately, ``return:<id>``.

Only what happened within the look-back counts (older news is no news); cancelled orders
get nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db.models import Order, Refund, Return, Shipment, ShipmentEvent
from core.views import OrderStatus

__all__ = ["CARRIER_KINDS", "Candidate", "find_candidates"]

#: Carrier event statuses and the notice kind each one makes.
CARRIER_KINDS: dict[str, str] = {
    "delayed": "delayed",
    "exception": "exception",
    "failed_attempt": "failed_attempt",
}
_NOT_DISPATCHED = (OrderStatus.PAID.value, OrderStatus.PACKED.value)
_ISSUED_REFUNDS = ("processing", "completed")


@dataclass(frozen=True)
class Candidate:
    """One order event that deserves a notice."""

    order_id: int
    order_number: str
    customer_id: int
    kind: str
    event_key: str
    #: When it happened (UTC); for ``not_dispatched`` the end of the promised day.
    occurred_at: datetime


def _carrier_events(session: Session, since: datetime) -> list[Candidate]:
    rows = session.execute(
        select(ShipmentEvent.id, ShipmentEvent.status, ShipmentEvent.occurred_at, Order)
        .join(Shipment, Shipment.id == ShipmentEvent.shipment_id)
        .join(Order, Order.id == Shipment.order_id)
        .where(
            ShipmentEvent.status.in_(tuple(CARRIER_KINDS)),
            ShipmentEvent.occurred_at >= since,
            Shipment.delivered_at.is_(None),
            Order.status != OrderStatus.CANCELLED.value,
        )
    ).all()
    return [
        Candidate(
            order.id,
            order.order_number,
            order.customer_id,
            CARRIER_KINDS[status],
            f"event:{id_}",
            at,
        )
        for id_, status, at, order in rows
    ]


def _not_dispatched(session: Session, today: date, since: datetime) -> list[Candidate]:
    rows = session.execute(
        select(Shipment.promised_date, Order)
        .join(Order, Order.id == Shipment.order_id)
        .where(
            Order.status.in_(_NOT_DISPATCHED),
            Shipment.shipped_at.is_(None),
            Shipment.promised_date < today,
            Shipment.promised_date >= since.date(),
        )
    ).all()
    return [
        Candidate(
            order.id,
            order.order_number,
            order.customer_id,
            "not_dispatched",
            f"promised:{promised.isoformat()}",
            datetime.combine(promised + timedelta(days=1), datetime.min.time(), since.tzinfo),
        )
        for promised, order in rows
    ]


def _refunds(session: Session, since: datetime) -> list[Candidate]:
    rows = session.execute(
        select(Refund.id, Refund.issued_at, Order)
        .join(Order, Order.id == Refund.order_id)
        .where(Refund.status.in_(_ISSUED_REFUNDS), Refund.issued_at >= since)
    ).all()
    return [
        Candidate(
            order.id, order.order_number, order.customer_id, "refund_issued", f"refund:{id_}", at
        )
        for id_, at, order in rows
        if at is not None
    ]


def _returns(session: Session, since: datetime) -> list[Candidate]:
    rows = session.execute(
        select(Return.id, Order)
        .join(Order, Order.id == Return.order_id)
        .where(Return.status == "received", Order.updated_at >= since)
    ).all()
    return [
        Candidate(
            order.id,
            order.order_number,
            order.customer_id,
            "return_received",
            f"return:{id_}",
            order.updated_at,
        )
        for id_, order in rows
    ]


def find_candidates(
    session: Session, now: datetime, lookback: timedelta, today: date | None = None
) -> list[Candidate]:
    """Every order event within ``lookback`` before ``now`` that deserves a notice, newest
    first. ``today`` is the shop's calendar day (default: ``now``'s UTC date)."""
    since = now - lookback
    found = [
        *_carrier_events(session, since),
        *_not_dispatched(session, today or now.date(), since),
        *_refunds(session, since),
        *_returns(session, since),
    ]
    return sorted(
        (candidate for candidate in found if candidate.occurred_at <= now),
        key=lambda c: (c.occurred_at, c.order_id, c.event_key),
        reverse=True,
    )
