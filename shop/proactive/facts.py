"""The facts a notice states, read again from the order database when it is said."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from core.db.database import Database
from core.db.models import Order, Refund, Return, Shipment, ShipmentEvent
from shop.proactive.ledger import NoticeRecord

__all__ = ["NoticeFacts", "notice_facts"]


@dataclass(frozen=True)
class NoticeFacts:
    """What happened to the order, for the notice's text (``None`` where it does not apply)."""

    order_number: str
    order_status: str
    carrier: str | None = None
    promised_date: date | None = None
    event_at: datetime | None = None
    refund_amount: Decimal | None = None
    refund_currency: str | None = None
    refund_issued_at: datetime | None = None
    rma_number: str | None = None


def _reference(event_key: str) -> tuple[str, str]:
    kind, _, value = event_key.partition(":")
    return kind, value


def notice_facts(database: Database, notice: NoticeRecord) -> NoticeFacts | None:
    """The facts of ``notice``; ``None`` when its order is gone."""
    kind, value = _reference(notice.event_key)
    with database.session() as session:
        order = session.execute(
            select(Order).where(Order.order_number == notice.order_number)
        ).scalar_one_or_none()
        if order is None:
            return None
        shipment = session.execute(
            select(Shipment).where(Shipment.order_id == order.id)
        ).scalar_one_or_none()
        facts: dict[str, object] = {
            "order_number": order.order_number,
            "order_status": order.status,
            "carrier": shipment.carrier if shipment else None,
            "promised_date": shipment.promised_date if shipment else None,
        }
        if kind == "event" and value.isdigit():
            event = session.get(ShipmentEvent, int(value))
            facts["event_at"] = event.occurred_at if event else None
        elif kind == "refund" and value.isdigit():
            refund = session.get(Refund, int(value))
            if refund is not None:
                facts["refund_amount"] = refund.amount
                facts["refund_currency"] = refund.currency
                facts["refund_issued_at"] = refund.issued_at
        elif kind == "return" and value.isdigit():
            returned = session.get(Return, int(value))
            facts["rma_number"] = returned.rma_number if returned else None
        return NoticeFacts(**facts)  # type: ignore[arg-type]
