"""What the console's pages ask for and get back: filters, sort, page, typed results.

Immutable records, JSON-ready with ``to_dict`` (timestamps in ISO 8601, UTC). Texts are
redacted (:func:`core.redaction.redact`) unless the caller asked for them unredacted (an
admin's reveal).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from core.views import OrderView

__all__ = [
    "MAX_PAGE_SIZE",
    "ConversationFilters",
    "ConversationItem",
    "ConversationPage",
    "PageRequest",
    "Reply",
    "Search",
    "Sort",
    "SortKey",
    "Transcript",
    "TranscriptTurn",
]

MAX_PAGE_SIZE = 200


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class ConversationFilters:
    """Which conversations to list; every filter given must hold (empty means any).

    Dates: ``started_from`` inclusive, ``started_until`` exclusive (the conversation's first
    event). Lists match any of their values (``intents``: any intent seen in the
    conversation; ``languages``: the conversation's language). Sentiments are scores in
    [-1, 1]; ``sentiment_min_*`` bound the lowest message, ``sentiment_mean_*`` the mean.
    ``text``: full-text search in the shoppers' messages
    (:mod:`shop.conversations.fulltext`). ``conversation_ids`` restricts the list to these
    (an agent's tickets).
    """

    started_from: datetime | None = None
    started_until: datetime | None = None
    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    sentiment_min_at_most: float | None = None
    sentiment_min_at_least: float | None = None
    sentiment_mean_at_most: float | None = None
    sentiment_mean_at_least: float | None = None
    handed_over: bool | None = None
    handover_reasons: tuple[str, ...] = ()
    fallback: bool | None = None
    rated: bool | None = None
    ratings: tuple[int, ...] = ()
    failed_search: bool | None = None
    verified: bool | None = None
    tags: tuple[str, ...] = ()
    text: str = ""
    conversation_ids: tuple[str, ...] | None = None


class SortKey(StrEnum):
    """What the list is sorted by."""

    LAST_ACTIVITY = "last_activity"
    STARTED = "started"
    LOWEST_SENTIMENT = "lowest_sentiment"
    MEAN_SENTIMENT = "mean_sentiment"
    TURNS = "turns"
    RATING = "rating"


@dataclass(frozen=True)
class Sort:
    """The order of the list; conversations without a value for the key come last."""

    key: SortKey = SortKey.LAST_ACTIVITY
    descending: bool = True


@dataclass(frozen=True)
class PageRequest:
    """Page ``number`` (from 1) of ``size`` rows (at most :data:`MAX_PAGE_SIZE`)."""

    number: int = 1
    size: int = 50

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError("pages are numbered from 1")
        if not 1 <= self.size <= MAX_PAGE_SIZE:
            raise ValueError(f"a page has 1 to {MAX_PAGE_SIZE} rows")

    @property
    def offset(self) -> int:
        """Rows before this page."""
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class ConversationItem:
    """One conversation in the list: its summary, its tags and its first message."""

    conversation_id: str
    channel: str
    started_at: datetime
    last_activity_at: datetime
    language: str | None
    languages: tuple[str, ...]
    turn_count: int
    intents: tuple[str, ...]
    sentiment_min: float | None
    sentiment_mean: float | None
    human_offered: bool
    handed_over: bool
    handover_reason: str | None
    handed_over_at: datetime | None
    agent_joined_at: datetime | None
    first_agent_reply_at: datetime | None
    agent_messages: int
    fallback_count: int
    rating: int | None
    comment: str | None
    searches: int
    failed_searches: int
    verified_order: str | None
    verified_orders: tuple[str, ...]
    tags: tuple[str, ...] = ()
    preview: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = asdict(self)
        for key in (
            "started_at",
            "last_activity_at",
            "handed_over_at",
            "agent_joined_at",
            "first_agent_reply_at",
        ):
            data[key] = _iso(data[key])
        for key in ("languages", "intents", "verified_orders", "tags"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class ConversationPage:
    """A page of the list and how many conversations match in all.

    ``total`` is exact up to :data:`~shop.conversations.queries.COUNT_LIMIT`; beyond it the
    count stops (``total_exact`` is False and ``total`` is the limit).
    """

    items: tuple[ConversationItem, ...]
    total: int
    total_exact: bool
    page: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the (counted) matches fill."""
        return max(1, -(-self.total // self.size))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "items": [item.to_dict() for item in self.items],
            "total": self.total,
            "total_exact": self.total_exact,
            "page": self.page,
            "size": self.size,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class Reply:
    """A message to the shopper: the bot's (``response`` names it) or an agent's."""

    at: datetime
    text: str
    response: str | None = None
    agent: str | None = None
    buttons: tuple[str, ...] = ()
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class Search:
    """A product search: the shopper's words and how many products it listed (``None``:
    the catalog could not answer)."""

    query: str
    results: int | None


@dataclass(frozen=True)
class TranscriptTurn:
    """One shopper message with what the bot understood and everything that followed.

    ``slots`` are ``(name, value)`` pairs; ``events`` hand-over (``pause``, with its
    ``reason``), ``resume`` and ``restart``, each with its time ``at``.
    """

    position: int
    message_id: str | None
    at: datetime
    text: str
    intent: str | None
    confidence: float | None
    runner_up: str | None
    runner_up_confidence: float | None
    entities: tuple[dict[str, Any], ...]
    language: str | None
    sentiment_label: str | None
    sentiment: float | None
    actions: tuple[str, ...]
    slots: tuple[tuple[str, Any], ...]
    replies: tuple[Reply, ...]
    searches: tuple[Search, ...]
    events: tuple[dict[str, Any], ...]
    fallback: bool
    handed_over: bool
    handover_reason: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = asdict(self)
        data["at"] = _iso(self.at)
        data["replies"] = [
            {
                **asdict(reply),
                "at": _iso(reply.at),
                "buttons": list(reply.buttons),
                "products": list(reply.products),
            }
            for reply in self.replies
        ]
        data["slots"] = [[name, value] for name, value in self.slots]
        for key in ("entities", "actions", "searches", "events"):
            data[key] = list(data[key])
        return data


@dataclass(frozen=True)
class Transcript:
    """A whole conversation: its summary, every turn, and the orders it verified (from the
    order database, for context)."""

    conversation: ConversationItem
    turns: tuple[TranscriptTurn, ...]
    orders: tuple[OrderView, ...] = field(default=())
    redacted: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (orders with their lines and parcel; money as strings)."""
        return {
            "conversation": self.conversation.to_dict(),
            "turns": [turn.to_dict() for turn in self.turns],
            "orders": [_order_dict(order) for order in self.orders],
            "redacted": self.redacted,
        }


def _order_dict(order: OrderView) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, int | float | bool | str) or value is None:
            return value
        return str(value)

    return {key: plain(value) for key, value in asdict(order).items()}
