"""Orders: look one up (as an immutable view) and cancel it while it has not shipped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Order, Refund, Return, ReturnLine, Shipment
from core.errors import NotCancellable, OrderNotFound
from core.views import (
    CancelOutcome,
    LineView,
    OrderStatus,
    OrderView,
    ShipmentEventView,
    ShipmentView,
)

__all__ = [
    "CANCELLABLE_STATUSES",
    "REFUND_DAYS_AFTER_CANCEL",
    "Clock",
    "OrderService",
    "cancel_refusal_reason",
    "load_order_view",
    "normalise_order_number",
]

Clock = Callable[[], datetime]

#: An order can be cancelled until it leaves the warehouse.
CANCELLABLE_STATUSES: tuple[OrderStatus, ...] = (
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.PAID,
    OrderStatus.PACKED,
)
#: When the refund of a cancelled, paid order is expected.
REFUND_DAYS_AFTER_CANCEL = 5
_PAID_BEFORE_CANCEL = (OrderStatus.PAID, OrderStatus.PACKED)
_REFUSAL_REASONS: dict[OrderStatus, str] = {
    OrderStatus.SHIPPED: "shipped",
    OrderStatus.IN_TRANSIT: "shipped",
    OrderStatus.DELAYED: "shipped",
    OrderStatus.OUT_FOR_DELIVERY: "shipped",
    OrderStatus.DELIVERED: "delivered",
    OrderStatus.RETURN_REQUESTED: "returned",
    OrderStatus.RETURNED: "returned",
    OrderStatus.REFUNDED: "refunded",
}
_MAX_ORDER_NUMBER_LENGTH = 32
#: An order number as shoppers type it (``100234``, ``#100234``, ``100 234``, ``100-234``),
#: never part of a longer number or of an email address. The NLU's regex entity
#: (data/nlu/regex.yml) is the same pattern.
ORDER_NUMBER_PATTERN = r"(?<![\d#@-])#?\d{3}[ -]?\d{3}(?![\d-])(?![A-Za-z0-9._%+-]*@)"


def normalise_order_number(raw: str) -> str:
    """The order number as stored: trimmed, without ``#`` or inner spaces (``# 100 234``)."""
    return raw.strip().lstrip("#").replace(" ", "")[:_MAX_ORDER_NUMBER_LENGTH]


def cancel_refusal_reason(status: OrderStatus) -> str:
    """Why an order in ``status`` cannot be cancelled: ``shipped``, ``delivered``, ..."""
    return _REFUSAL_REASONS.get(status, status.value)


def load_order_view(session: Session, order_number: str) -> OrderView | None:
    """Build the view of one order inside an open session, or ``None`` if there is none."""
    order = session.scalar(
        select(Order)
        .where(Order.order_number == normalise_order_number(order_number))
        .options(
            joinedload(Order.customer),
            selectinload(Order.lines),
            selectinload(Order.shipment).selectinload(Shipment.events),
        )
    )
    if order is None:
        return None
    returned: dict[int, int] = {
        line_id: int(quantity)
        for line_id, quantity in session.execute(
            select(ReturnLine.order_line_id, func.sum(ReturnLine.quantity))
            .join(Return, Return.id == ReturnLine.return_id)
            .where(Return.order_id == order.id)
            .group_by(ReturnLine.order_line_id)
        ).all()
    }
    lines = tuple(
        LineView(
            line_id=line.id,
            sku=line.product_sku,
            title=line.title,
            quantity=line.quantity,
            unit_price=line.unit_price,
            final_sale=line.final_sale,
            returned_quantity=returned.get(line.id, 0),
        )
        for line in order.lines
    )
    shipment = None
    if order.shipment is not None:
        parcel = order.shipment
        shipment = ShipmentView(
            carrier=parcel.carrier,
            tracking_number=parcel.tracking_number,
            tracking_url=parcel.tracking_url,
            promised_date=parcel.promised_date,
            shipped_at=parcel.shipped_at,
            delivered_at=parcel.delivered_at,
            events=tuple(
                ShipmentEventView(
                    status=event.status,
                    description=event.description,
                    location=event.location,
                    occurred_at=event.occurred_at,
                )
                for event in parcel.events
            ),
        )
    return OrderView(
        order_number=order.order_number,
        status=OrderStatus(order.status),
        placed_at=order.placed_at,
        currency=order.currency,
        total=order.total,
        customer_first_name=order.customer.first_name,
        lines=lines,
        shipment=shipment,
    )


class OrderService:
    """Reads orders and cancels them; every method opens its own short transaction."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def find(self, order_number: str) -> OrderView | None:
        """The order, or ``None`` when no order has this number."""
        with self._db.session() as session:
            return load_order_view(session, order_number)

    def get(self, order_number: str) -> OrderView:
        """The order; raises :class:`OrderNotFound` when no order has this number."""
        view = self.find(order_number)
        if view is None:
            raise OrderNotFound("no order has this number")
        return view

    def cancel(self, order_number: str, conversation_key: str) -> CancelOutcome:
        """Cancel an order that has not shipped; idempotent.

        ``conversation_key`` is the cancelling conversation's keyed pseudonym
        (:func:`shop.pseudonyms.conversation_key`), kept as the order's audit reference:
        never pass the raw conversation id (a Twilio id is a phone number).

        Returns ``CANCELLED`` when this call cancelled it and ``ALREADY_CANCELLED`` when it
        was cancelled before (nothing is written then). Raises :class:`NotCancellable` with
        a reason code (``shipped``, ``delivered``, ``returned``, ``refunded``) otherwise.
        The write is a conditional ``UPDATE ... WHERE status = <status read>``: of two
        concurrent cancellations exactly one writes. A paid order gets a pending refund.
        """
        number = normalise_order_number(order_number)
        for _attempt in range(len(OrderStatus)):
            with self._db.session() as session:
                row = session.execute(
                    select(Order.id, Order.status, Order.total, Order.currency).where(
                        Order.order_number == number
                    )
                ).first()
                if row is None:
                    raise OrderNotFound("no order has this number")
                status = OrderStatus(row.status)
                if status is OrderStatus.CANCELLED:
                    return CancelOutcome.ALREADY_CANCELLED
                if status not in CANCELLABLE_STATUSES:
                    raise NotCancellable(cancel_refusal_reason(status))
                now = self._clock()
                result = session.connection().execute(
                    update(Order)
                    .where(Order.id == row.id, Order.status == status.value)
                    .values(
                        status=OrderStatus.CANCELLED.value,
                        cancelled_at=now,
                        updated_at=now,
                        cancel_conversation_id=conversation_key[:128],
                    )
                )
                if result.rowcount != 1:
                    continue  # someone else changed it meanwhile: read it again
                if status in _PAID_BEFORE_CANCEL:
                    session.add(
                        Refund(
                            order_id=row.id,
                            status="pending",
                            amount=row.total,
                            currency=row.currency,
                            expected_by=(now + timedelta(days=REFUND_DAYS_AFTER_CANCEL)).date(),
                        )
                    )
                return CancelOutcome.CANCELLED
        raise NotCancellable("concurrent_update")  # pragma: no cover - statuses only move on
