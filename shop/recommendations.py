"""Purchase signals for recommendations, read from the order database.

* :meth:`RecommendationService.bought_together`: products that share orders with one
  product (co-purchase counts over orders that were paid and not cancelled), most shared first;
* :meth:`RecommendationService.purchased_products`: what a customer ordered, newest first
  (the search index turns it into "suited to your history");
* :meth:`RecommendationService.customer_of_order`: who placed an order.

Errors of the database surface as :class:`~core.errors.DatabaseUnavailableError`
(raised by :class:`~core.db.database.Database`).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from core.db.database import Database
from core.db.models import Order, OrderLine
from core.views import OrderStatus

__all__ = ["RecommendationService"]

_NOT_BOUGHT = (OrderStatus.CANCELLED.value, OrderStatus.PENDING_PAYMENT.value)


class RecommendationService:
    """Co-purchase counts and order histories from the order database."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def bought_together(self, product_id: str, limit: int = 5) -> list[tuple[str, int]]:
        """``(product id, orders containing both)`` for the products most often bought with
        ``product_id``, most first (ties by id); empty when it was never ordered."""
        this, other = aliased(OrderLine), aliased(OrderLine)
        shared = func.count(func.distinct(this.order_id))
        query = (
            select(other.product_sku, shared)
            .join(this, this.order_id == other.order_id)
            .join(Order, Order.id == this.order_id)
            .where(
                this.product_sku == product_id,
                other.product_sku != product_id,
                Order.status.not_in(_NOT_BOUGHT),
            )
            .group_by(other.product_sku)
            .order_by(shared.desc(), other.product_sku)
            .limit(limit)
        )
        with self.database.session() as session:
            return [(str(sku), int(count)) for sku, count in session.execute(query)]

    def purchased_products(self, customer_id: int, limit: int = 50) -> list[str]:
        """Product ids the customer ordered (cancelled orders left out), newest first."""
        newest = func.max(Order.placed_at)
        query = (
            select(OrderLine.product_sku, newest)
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.customer_id == customer_id, Order.status.not_in(_NOT_BOUGHT))
            .group_by(OrderLine.product_sku)
            .order_by(newest.desc(), OrderLine.product_sku)
            .limit(limit)
        )
        with self.database.session() as session:
            return [str(sku) for sku, _placed in session.execute(query)]

    def customer_of_order(self, order_number: str) -> int | None:
        """The customer id of an order (exact order number), or ``None``."""
        query = select(Order.customer_id).where(Order.order_number == order_number)
        with self.database.session() as session:
            customer: int | None = session.execute(query).scalar_one_or_none()
            return customer
