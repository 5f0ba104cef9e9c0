"""ORM models of the shop database: customers, catalog, orders, shipping, returns, tickets.

Services read and write these inside :meth:`core.db.database.Database.session` and hand
out the immutable views of :mod:`core.views`; no ORM object leaves a service.
Every timestamp is timezone-aware UTC (:class:`~core.db.base.UTCDateTime`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

import core.db.account_models  # noqa: F401 - the console's account tables, on the same metadata
from core.db import annotation_models as _annotation_models  # noqa: F401 - tags, notes
from core.db import conversation_models as _conversation_models  # noqa: F401 - summaries
from core.db import customer_value_models as _customer_value_models  # noqa: F401 - tiers
from core.db import opening_models as _opening_models  # noqa: F401 - known channel ids
from core.db import privacy_models as _privacy_models  # noqa: F401 - retention's counts
from core.db import proactive_models as _proactive_models  # noqa: F401 - order notices
from core.db.base import Base, UTCDateTime, utc_now
from core.views import OrderStatus, RefundStatus

__all__ = [
    "ORDER_STATUSES",
    "REFUND_STATUSES",
    "RETURN_STATUSES",
    "TICKET_STATUSES",
    "Customer",
    "HandoverTicket",
    "Order",
    "OrderLine",
    "Product",
    "ProductVariant",
    "Refund",
    "Return",
    "ReturnLine",
    "Shipment",
    "ShipmentEvent",
    "SupportAgent",
    "VerificationAttempt",
]

ORDER_STATUSES: tuple[str, ...] = tuple(status.value for status in OrderStatus)
RETURN_STATUSES: tuple[str, ...] = ("requested", "received", "refunded")
REFUND_STATUSES: tuple[str, ...] = tuple(status.value for status in RefundStatus)
TICKET_STATUSES: tuple[str, ...] = ("open", "assigned", "closed")

MONEY = Numeric(10, 2)


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text of ``column IN ('a', 'b')`` for a check constraint (constants only)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class Customer(Base):
    """A shopper with an account; the email is stored lower-cased."""

    __tablename__ = "customers"
    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(16), default="en-US")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    orders: Mapped[list[Order]] = relationship(back_populates="customer")

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()


class Product(Base):
    """A catalog product; the SKU is its primary key."""

    __tablename__ = "products"

    sku: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    brand: Mapped[str | None] = mapped_column(String(120))
    category_path: Mapped[str] = mapped_column(String(300), default="", index=True)
    price: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    colours: Mapped[list[str]] = mapped_column(JSON, default=list)
    sizes: Mapped[list[str]] = mapped_column(JSON, default=list)
    materials: Mapped[list[str]] = mapped_column(JSON, default=list)
    rating: Mapped[float | None] = mapped_column(Float)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    image_url: Mapped[str | None] = mapped_column(String(500))
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    variants: Mapped[list[ProductVariant]] = relationship(
        back_populates="product", cascade="all, delete-orphan", passive_deletes=True
    )


class ProductVariant(Base):
    """One colour and size of a product, with its stock."""

    __tablename__ = "product_variants"
    __table_args__ = (
        UniqueConstraint("product_sku", "colour", "size"),
        CheckConstraint("stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_sku: Mapped[str] = mapped_column(ForeignKey("products.sku", ondelete="CASCADE"))
    colour: Mapped[str | None] = mapped_column(String(60))
    size: Mapped[str | None] = mapped_column(String(30))
    stock: Mapped[int] = mapped_column(Integer, default=0)

    product: Mapped[Product] = relationship(back_populates="variants")


class Order(Base):
    """An order of one customer; ``status`` holds an :class:`OrderStatus` value."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint(_in("status", ORDER_STATUSES), name="status"),
        CheckConstraint("total >= 0", name="total_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_number: Mapped[str] = mapped_column(String(12), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[Decimal] = mapped_column(MONEY)
    placed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The conversation that cancelled it, as its keyed pseudonym (shop.pseudonyms'
    #: conversation_key, 64 hex), never the raw id (a Twilio id is a phone number).
    cancel_conversation_id: Mapped[str | None] = mapped_column(String(128))

    customer: Mapped[Customer] = relationship(back_populates="orders")
    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", order_by="OrderLine.id", cascade="all, delete-orphan"
    )
    shipment: Mapped[Shipment | None] = relationship(
        back_populates="order", cascade="all, delete-orphan", uselist=False
    )
    returns: Mapped[list[Return]] = relationship(
        back_populates="order", order_by="Return.id", cascade="all, delete-orphan"
    )
    refunds: Mapped[list[Refund]] = relationship(
        back_populates="order", order_by="Refund.id", cascade="all, delete-orphan"
    )


class OrderLine(Base):
    """One line of an order; title, price and final-sale flag are snapshots at purchase.

    ``product_sku`` deliberately has no foreign key: catalog reloads may retire products
    while their orders live on.
    """

    __tablename__ = "order_lines"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_price >= 0", name="unit_price_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_sku: Mapped[str] = mapped_column(String(64), index=True)
    title: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[Decimal] = mapped_column(MONEY)
    final_sale: Mapped[bool] = mapped_column(Boolean, default=False)

    order: Mapped[Order] = relationship(back_populates="lines")


class Shipment(Base):
    """The parcel of an order (one per order)."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), unique=True)
    carrier: Mapped[str] = mapped_column(String(40))
    tracking_number: Mapped[str] = mapped_column(String(64), index=True)
    tracking_url: Mapped[str] = mapped_column(String(500))
    promised_date: Mapped[date] = mapped_column(Date)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    order: Mapped[Order] = relationship(back_populates="shipment")
    events: Mapped[list[ShipmentEvent]] = relationship(
        back_populates="shipment",
        order_by="(ShipmentEvent.occurred_at, ShipmentEvent.id)",
        cascade="all, delete-orphan",
    )


class ShipmentEvent(Base):
    """One carrier scan or status change of a parcel."""

    __tablename__ = "shipment_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(String(300))
    location: Mapped[str | None] = mapped_column(String(120))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)

    shipment: Mapped[Shipment] = relationship(back_populates="events")


class Return(Base):
    """A return authorisation (RMA) for some lines of an order."""

    __tablename__ = "returns"
    __table_args__ = (CheckConstraint(_in("status", RETURN_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rma_number: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="requested")
    reason: Mapped[str] = mapped_column(String(500), default="")
    #: The conversation that asked for it, as its keyed pseudonym (as Order's).
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    order: Mapped[Order] = relationship(back_populates="returns")
    lines: Mapped[list[ReturnLine]] = relationship(
        back_populates="return_", order_by="ReturnLine.order_line_id", cascade="all, delete-orphan"
    )


class ReturnLine(Base):
    """How many units of one order line a return covers."""

    __tablename__ = "return_lines"
    __table_args__ = (
        UniqueConstraint("return_id", "order_line_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("returns.id", ondelete="CASCADE"))
    order_line_id: Mapped[int] = mapped_column(
        ForeignKey("order_lines.id", ondelete="CASCADE"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer)

    return_: Mapped[Return] = relationship(back_populates="lines")


class Refund(Base):
    """Money going back to the customer, for a return or a cancelled paid order."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint(_in("status", REFUND_STATUSES), name="status"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    return_id: Mapped[int | None] = mapped_column(
        ForeignKey("returns.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="pending")
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expected_by: Mapped[date | None] = mapped_column(Date)

    order: Mapped[Order] = relationship(back_populates="refunds")


class HandoverTicket(Base):
    """A request for a human agent; at most one open ticket per conversation.

    ``client_key`` is the pseudonymous network client that asked (an HMAC, never an
    address or id): ticket creation is limited per client. ``last_activity_at`` orders the
    agents' list (newest first); ``previous_ticket`` links a conversation's new ticket to
    its last closed one.
    """

    __tablename__ = "handover_tickets"
    __table_args__ = (
        CheckConstraint(_in("status", TICKET_STATUSES), name="status"),
        Index("ix_handover_tickets_status_created_at", "status", "created_at"),
        Index("ix_handover_tickets_status_activity", "status", "last_activity_at"),
        Index("ix_handover_tickets_client_created_at", "client_key", "created_at"),
        Index("ix_handover_tickets_status_queued_at", "status", "queued_at"),
        Index(
            "uq_handover_tickets_open_conversation",
            "conversation_id",
            unique=True,
            sqlite_where=text("status != 'closed'"),
            postgresql_where=text("status != 'closed'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_number: Mapped[str] = mapped_column(String(32), unique=True)
    conversation_id: Mapped[str] = mapped_column(String(128), index=True)
    channel: Mapped[str] = mapped_column(String(32), default="rest")
    language: Mapped[str] = mapped_column(String(16), default="en")
    reason: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The support agent who took the ticket (their name), and when.
    assigned_agent: Mapped[str | None] = mapped_column(String(64))
    assigned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    client_key: Mapped[str | None] = mapped_column(String(64))
    #: Creation, an agent taking it, an agent's message, closing (not the shopper's messages).
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utc_now)
    previous_ticket: Mapped[str | None] = mapped_column(String(32))
    #: The verified customer's value tier when the ticket opened (never the amount), and
    #: the queue's key: creation less the tier's head start (shop.handover, revision 0010).
    value_tier: Mapped[str | None] = mapped_column(String(16))
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SupportAgent(Base):
    """A person who answers hand-over tickets; authenticates with an API token.

    Only the token's SHA-256 is kept (tokens are 32 random bytes, so a plain hash is
    enough); the token itself is shown once, when the agent is added.
    """

    __tablename__ = "support_agents"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class VerificationAttempt(Base):
    """One check of an order number and an email (shop.verification).

    Every key is a keyed hash (HMAC-SHA256 hex, shop.pseudonyms), never a raw value: the
    network client that asked, the conversation, and the email given. Failures are counted
    per key, per order number and overall, each within its window.
    """

    __tablename__ = "verification_attempts"
    __table_args__ = (
        CheckConstraint("length(client_key) = 64", name="client_key_is_hmac"),
        CheckConstraint("length(conversation_key) = 64", name="conversation_key_is_hmac"),
        CheckConstraint("length(email_key) = 64", name="email_key_is_hmac"),
        Index("ix_verification_attempts_client", "client_key", "success", "created_at"),
        Index("ix_verification_attempts_conversation", "conversation_key", "success", "created_at"),
        Index("ix_verification_attempts_email", "email_key", "success", "created_at"),
        Index("ix_verification_attempts_order", "order_number", "success", "created_at"),
        Index("ix_verification_attempts_outcome", "success", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_key: Mapped[str] = mapped_column(String(64))
    conversation_key: Mapped[str] = mapped_column(String(64))
    email_key: Mapped[str] = mapped_column(String(64))
    order_number: Mapped[str] = mapped_column(String(32))
    success: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
