"""ORM models of proactive order notices (revision 0009): consent and the notice ledger.

A shopper agrees (or declines) in a conversation to be written to first when something goes
wrong with an order (:class:`NoticeConsent`, one row per customer and channel, remembering
the conversation it was given in). Every notice the scan decides to send is one row of
:class:`OrderNotice`, unique per order, kind and event, so nothing is said twice: ``pending``
while it is being sent, then ``sent`` or ``failed``, and ``answered`` once the shopper
replied to it. :mod:`core.db.models` imports this module, so the tables are on the shared
metadata that Alembic compares with the migrations. Both tables have a ``conversation_id``
column, so erasing a conversation sweeps their rows (``shop.privacy``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utc_now

__all__ = ["NOTICE_KINDS", "NOTICE_STATUSES", "NoticeConsent", "OrderNotice"]

#: What a notice is about (shop.proactive.detection finds each).
NOTICE_KINDS: tuple[str, ...] = (
    "delayed",
    "exception",
    "failed_attempt",
    "not_dispatched",
    "refund_issued",
    "return_received",
)
#: Where a notice stands in the ledger.
NOTICE_STATUSES: tuple[str, ...] = ("pending", "sent", "failed", "answered")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text of ``column IN ('a', 'b')`` for a check constraint (constants only)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class NoticeConsent(Base):
    """Whether a customer wants notices on one channel, and the conversation they said it in."""

    __tablename__ = "notice_consents"
    __table_args__ = (UniqueConstraint("customer_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    granted: Mapped[bool] = mapped_column(Boolean)
    conversation_id: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(16), default="en")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class OrderNotice(Base):
    """One notice about one event of one order: at most one row per (order, kind, event)."""

    __tablename__ = "order_notices"
    __table_args__ = (
        UniqueConstraint("order_id", "kind", "event_key"),
        CheckConstraint(_in("kind", NOTICE_KINDS), name="kind"),
        CheckConstraint(_in("status", NOTICE_STATUSES), name="status"),
        Index("ix_order_notices_customer_created", "customer_id", "created_at"),
        Index("ix_order_notices_conversation", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    order_number: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(32))
    #: The event it is about: ``event:<shipment event id>``, ``promised:<date>``,
    #: ``refund:<id>``, ``return:<id>``.
    event_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    conversation_id: Mapped[str | None] = mapped_column(String(255))
    channel: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16), default="en")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: Why the last attempt failed (no personal data: an error class and status).
    error: Mapped[str | None] = mapped_column(String(300))
    #: What the shopper did next (the intent of their reply).
    answer: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
