"""ORM model of the customers' predicted value (revision 0010, shop.customer_value).

``shopbot customers value`` scores every customer and replaces these rows: the expected
spend over the next 12 months in the storefront currency and the value tier it puts them
in. Agents see the tier, never the amount. :mod:`core.db.models` imports this module, so
the table is on the shared metadata that Alembic compares with the migrations.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime

__all__ = ["VALUE_TIERS", "CustomerValue"]

#: The value tiers, highest first (shop.customer_value.tiers).
VALUE_TIERS: tuple[str, ...] = ("top", "high", "standard", "new")


class CustomerValue(Base):
    """One customer's predicted 12-month value and tier, as last scored."""

    __tablename__ = "customer_values"
    __table_args__ = (
        CheckConstraint(f"tier IN ({', '.join(repr(tier) for tier in VALUE_TIERS)})", name="tier"),
        CheckConstraint("predicted_value >= 0", name="predicted_value_not_negative"),
    )

    customer_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True
    )
    tier: Mapped[str] = mapped_column(String(16), index=True)
    predicted_value: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    currency: Mapped[str] = mapped_column(String(3))
    expected_orders: Mapped[float] = mapped_column(Float)
    probability_alive: Mapped[float] = mapped_column(Float)
    scored_at: Mapped[datetime] = mapped_column(UTCDateTime)
