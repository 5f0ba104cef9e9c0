"""The order database's purchases, in the storefront currency.

A purchase is an order that was paid: every status but ``pending_payment`` and
``cancelled``. Its amount is the order total less the refunds issued against it
(pending, processing or completed), never below zero, converted to the storefront currency
with the shop's rates (:meth:`knowledge.catalog.currencies.Storefront.price`, as prices
shown to shoppers are); an order in a currency without a rate is left out and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from core.db.database import Database
from core.db.models import Customer, Order, Refund
from core.views import OrderStatus
from knowledge.catalog.currencies import Storefront
from shop.customer_value.features import Purchase

__all__ = ["NOT_PURCHASES", "History", "load_history"]

#: Order statuses that are not purchases (never paid, or cancelled).
NOT_PURCHASES: tuple[str, ...] = (OrderStatus.PENDING_PAYMENT.value, OrderStatus.CANCELLED.value)
_SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class History:
    """Every purchase (``day``: days since ``origin``), every customer id, the currency."""

    purchases: Sequence[Purchase]
    customers: Sequence[int]
    currency: str
    origin: datetime
    skipped_orders: int

    def day_of(self, moment: datetime) -> float:
        """``moment`` on the purchases' axis."""
        return (moment - self.origin).total_seconds() / _SECONDS_PER_DAY


def load_history(db: Database, storefront: Storefront, origin: datetime) -> History:
    """The purchases of every customer (and every customer id, buyers or not)."""
    refunded = (
        select(Refund.order_id, func.sum(Refund.amount).label("refunded"))
        .group_by(Refund.order_id)
        .subquery()
    )
    query = (
        select(Order.customer_id, Order.placed_at, Order.total, Order.currency, refunded.c.refunded)
        .outerjoin(refunded, refunded.c.order_id == Order.id)
        .where(Order.status.not_in(NOT_PURCHASES))
        .order_by(Order.placed_at, Order.id)
    )
    purchases: list[Purchase] = []
    skipped = 0
    with db.session() as session:
        customers = list(session.scalars(select(Customer.id).order_by(Customer.id)))
        for customer_id, placed_at, total, currency, refund in session.execute(query):
            net = max(Decimal(total) - Decimal(refund or 0), Decimal(0))
            shown = storefront.price(net, currency)
            if shown.currency != storefront.currency:
                skipped += 1
                continue
            day = (placed_at - origin).total_seconds() / _SECONDS_PER_DAY
            purchases.append(Purchase(customer_id, day, float(shown.amount)))
    return History(purchases, customers, storefront.currency, origin, skipped)
