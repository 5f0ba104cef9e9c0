"""Immutable views of shop records, as the services hand them to actions and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "AgentView",
    "CancelOutcome",
    "LineEligibility",
    "LineView",
    "OrderStatus",
    "OrderView",
    "RefundStatus",
    "RefundView",
    "ReturnView",
    "ShipmentEventView",
    "ShipmentView",
    "TicketView",
]


class OrderStatus(StrEnum):
    """Every status a real shop's order goes through."""

    PENDING_PAYMENT = "pending_payment"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    IN_TRANSIT = "in_transit"
    DELAYED = "delayed"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURN_REQUESTED = "return_requested"
    RETURNED = "returned"
    REFUNDED = "refunded"

    @property
    def has_shipped(self) -> bool:
        """True once the parcel has left the warehouse."""
        return self not in _NOT_SHIPPED


_NOT_SHIPPED = {
    OrderStatus.PENDING_PAYMENT,
    OrderStatus.PAID,
    OrderStatus.PACKED,
    OrderStatus.CANCELLED,
}


class CancelOutcome(StrEnum):
    """What a cancellation did: it is idempotent."""

    CANCELLED = "cancelled"
    ALREADY_CANCELLED = "already_cancelled"


class RefundStatus(StrEnum):
    """Where a refund stands."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"


@dataclass(frozen=True)
class LineView:
    """One line of an order."""

    line_id: int
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    final_sale: bool
    returned_quantity: int = 0


@dataclass(frozen=True)
class ShipmentEventView:
    """One scan or status change of a parcel."""

    status: str
    description: str
    location: str | None
    occurred_at: datetime


@dataclass(frozen=True)
class ShipmentView:
    """The parcel of an order, with its carrier events oldest first."""

    carrier: str
    tracking_number: str
    tracking_url: str
    promised_date: date
    shipped_at: datetime | None
    delivered_at: datetime | None
    events: tuple[ShipmentEventView, ...] = ()

    @property
    def latest_event(self) -> ShipmentEventView | None:
        """The most recent carrier event, if any."""
        return self.events[-1] if self.events else None


@dataclass(frozen=True)
class OrderView:
    """An order as the bot may show it to its verified customer."""

    order_number: str
    status: OrderStatus
    placed_at: datetime
    currency: str
    total: Decimal
    customer_first_name: str
    lines: tuple[LineView, ...]
    shipment: ShipmentView | None = None

    @property
    def delivered_at(self) -> datetime | None:
        """When the parcel was delivered, if it was."""
        return self.shipment.delivered_at if self.shipment else None


@dataclass(frozen=True)
class LineEligibility:
    """Whether one order line may be returned; ``reason`` says why not.

    Reason codes: ``not_delivered``, ``window_expired``, ``final_sale``, ``already_returned``.
    """

    line: LineView
    eligible: bool
    reason: str | None = None


@dataclass(frozen=True)
class ReturnView:
    """A return authorisation (RMA)."""

    rma_number: str
    order_number: str
    status: str
    reason: str
    line_ids: tuple[int, ...]
    created_at: datetime
    created: bool = field(default=True, compare=False)  # False when an existing RMA was reused


@dataclass(frozen=True)
class RefundView:
    """The refund of an order."""

    order_number: str
    status: RefundStatus
    amount: Decimal
    currency: str
    issued_at: datetime | None
    expected_by: date | None


@dataclass(frozen=True)
class TicketView:
    """A hand-over ticket for a human agent."""

    ticket_number: str
    conversation_id: str
    status: str
    reason: str
    created_at: datetime
    created: bool = field(default=True, compare=False)  # False when an open ticket was reused
    channel: str = "rest"
    language: str = "en"
    summary: str = ""
    assigned_agent: str | None = None
    assigned_at: datetime | None = None
    closed_at: datetime | None = None
    #: Creation, taking, an agent's message or closing: the agents' list is newest first.
    last_activity_at: datetime | None = None
    #: The conversation's last closed ticket, when the shopper asked for a person again.
    previous_ticket: str | None = None
    #: The verified customer's value tier at the hand-over (top, high, standard, new; never
    #: the amount), and when the ticket counts as queued: creation less the tier's head start.
    value_tier: str | None = None
    queued_at: datetime | None = None

    def to_dict(self) -> dict[str, object]:
        """The ticket as JSON-ready data (timestamps in ISO 8601, UTC; not ``created``)."""
        data = asdict(self)
        data.pop("created", None)
        for key in ("created_at", "assigned_at", "closed_at", "last_activity_at", "queued_at"):
            value = data.get(key)
            data[key] = value.isoformat() if value is not None else None
        return data


@dataclass(frozen=True)
class AgentView:
    """A support agent (never their token)."""

    name: str
    active: bool
    created_at: datetime
