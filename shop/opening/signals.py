"""The state of a customer's recent orders, as :class:`~shop.opening.ranking.OrderSignal`.

Read from the order database: orders placed within the look-back, with their parcel and its
carrier events, returns and refunds. One order gives at most one signal per state:

- ``exception`` / ``delayed``: the parcel's latest carrier event is an exception or failed
  attempt / a delay (or the order is marked delayed), not delivered yet;
- ``out_for_delivery_today``: out for delivery, the latest event on the shop's today;
- ``in_transit``: shipped and moving, nothing wrong;
- ``not_dispatched_late`` / ``awaiting_dispatch``: not shipped yet, after / before its
  promised date;
- ``refund_pending``: a refund not completed yet; ``return_in_progress``: a return
  requested or received whose refund has not been paid;
- ``delivered_recently``: delivered within ``recent_delivery_days`` (a return is possible).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.db.models import Order, Shipment
from core.views import OrderStatus
from shop.opening.ranking import OrderSignal, OrderState

__all__ = ["order_signals"]

_TROUBLE = frozenset({"exception", "failed_attempt"})
_UNSHIPPED = frozenset(
    {OrderStatus.PENDING_PAYMENT.value, OrderStatus.PAID.value, OrderStatus.PACKED.value}
)
_MOVING = frozenset(
    {
        OrderStatus.SHIPPED.value,
        OrderStatus.IN_TRANSIT.value,
        OrderStatus.DELAYED.value,
        OrderStatus.OUT_FOR_DELIVERY.value,
    }
)
_OPEN_RETURNS = frozenset({"requested", "received"})
_OPEN_REFUNDS = frozenset({"pending", "processing"})


def order_signals(
    session: Session,
    customer_id: int,
    now: datetime,
    *,
    lookback_days: int = 60,
    recent_delivery_days: int = 14,
    zone: tzinfo = UTC,
) -> list[OrderSignal]:
    """Every signal of the customer's orders placed in the last ``lookback_days``."""
    orders = session.scalars(
        select(Order)
        .where(Order.customer_id == customer_id, Order.placed_at >= now - timedelta(lookback_days))
        .options(
            selectinload(Order.shipment).selectinload(Shipment.events),
            selectinload(Order.returns),
            selectinload(Order.refunds),
        )
        .order_by(Order.placed_at.desc())
    ).all()
    signals: list[OrderSignal] = []
    for order in orders:
        signals.extend(_signals_of(order, now, recent_delivery_days, zone))
    return signals


def _signals_of(
    order: Order, now: datetime, recent_delivery_days: int, zone: tzinfo
) -> list[OrderSignal]:
    number = order.order_number
    found: list[OrderSignal] = []
    shipment = order.shipment
    latest = shipment.events[-1] if shipment is not None and shipment.events else None
    delivered = shipment is not None and shipment.delivered_at is not None
    if order.status in _MOVING and not delivered:
        since = latest.occurred_at if latest is not None else order.updated_at
        if latest is not None and latest.status in _TROUBLE:
            found.append(OrderSignal(number, OrderState.EXCEPTION, since))
        elif order.status == OrderStatus.DELAYED.value or (
            latest is not None and latest.status == "delayed"
        ):
            found.append(OrderSignal(number, OrderState.DELAYED, since))
        elif order.status == OrderStatus.OUT_FOR_DELIVERY.value and (
            since.astimezone(zone).date() == now.astimezone(zone).date()
        ):
            found.append(OrderSignal(number, OrderState.OUT_FOR_DELIVERY_TODAY, since))
        else:
            found.append(OrderSignal(number, OrderState.IN_TRANSIT, since))
    elif order.status in _UNSHIPPED:
        late = shipment is not None and shipment.promised_date < now.astimezone(zone).date()
        state = OrderState.NOT_DISPATCHED_LATE if late else OrderState.AWAITING_DISPATCH
        found.append(OrderSignal(number, state, order.placed_at))
    refunds = [refund for refund in order.refunds if refund.status in _OPEN_REFUNDS]
    if refunds:
        since = max((r.issued_at or order.updated_at) for r in refunds)
        found.append(OrderSignal(number, OrderState.REFUND_PENDING, since))
    returns = [item for item in order.returns if item.status in _OPEN_RETURNS]
    if returns and not refunds:
        since = max(item.created_at for item in returns)
        found.append(OrderSignal(number, OrderState.RETURN_IN_PROGRESS, since))
    if (
        order.status == OrderStatus.DELIVERED.value
        and shipment is not None
        and shipment.delivered_at is not None
        and now - shipment.delivered_at <= timedelta(days=recent_delivery_days)
    ):
        found.append(OrderSignal(number, OrderState.DELIVERED_RECENTLY, shipment.delivered_at))
    return found
