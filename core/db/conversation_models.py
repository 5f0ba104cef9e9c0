"""ORM models of the support console's conversation summaries (revision 0007).

One row per conversation (:class:`ConversationSummary`) and one per shopper turn
(:class:`ConversationTurn`), folded from Rasa's events by :mod:`shop.conversations`; the
position of the event consumer, with the lease that lets one consumer run at a time
(:class:`ConversationEventCursor`). :mod:`core.db.models` imports this module, so the tables
are on the shared metadata that Alembic compares with the migrations.

Full-text search in the shoppers' messages works per conversation, on
``conversation_summaries.search_text`` (every message of the shopper, one per line), and is
made by the migration only: an FTS5 table ``conversation_summaries_fts`` kept in step by
triggers on SQLite, a GIN index on ``to_tsvector('simple', search_text)`` on PostgreSQL.
A match gives the conversations directly, so a common word stays cheap.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utc_now

__all__ = [
    "FULLTEXT_INDEX",
    "FULLTEXT_TABLE",
    "ConversationEventCursor",
    "ConversationSummary",
    "ConversationTurn",
    "is_fulltext_object",
]

#: SQLite's FTS5 table over ``conversation_summaries.search_text`` (rowid = the summary's
#: id); FTS5 adds shadow tables named after it (``..._data``, ``..._idx``, ...).
FULLTEXT_TABLE = "conversation_summaries_fts"
#: PostgreSQL's GIN index on ``to_tsvector('simple', conversation_summaries.search_text)``.
FULLTEXT_INDEX = "ix_conversation_summaries_search_text_fulltext"


def is_fulltext_object(name: str | None) -> bool:
    """Whether a table or index found in a database is one of the full-text objects that
    only the migration makes (schema comparisons leave them out)."""
    return bool(name) and str(name).startswith((FULLTEXT_TABLE, FULLTEXT_INDEX))


class ConversationSummary(Base):
    """One conversation (a Rasa sender id) in a few columns the console filters and sorts on.

    ``language`` is the conversation's reply language (the latest ``language`` slot, else
    the language most of its messages were written in); ``languages`` every language
    detected. ``sentiment_*`` are over the scored shopper messages (scores in [-1, 1]).
    ``search_text`` holds the shopper's messages (not button payloads), one per line, for
    full-text search. ``last_event_at`` and ``last_event_keys`` are the consumer's
    watermark: the timestamp of the latest event folded in and the fingerprints of the
    events shortly before it, so an event delivered twice counts once.
    """

    __tablename__ = "conversation_summaries"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_conversation_summaries_last_activity_at", "last_activity_at"),
        Index("ix_conversation_summaries_started_at", "started_at"),
        Index("ix_conversation_summaries_channel_activity", "channel", "last_activity_at"),
        Index("ix_conversation_summaries_language_activity", "language", "last_activity_at"),
        Index("ix_conversation_summaries_handed_over_activity", "handed_over", "last_activity_at"),
        Index("ix_conversation_summaries_sentiment_min", "sentiment_min"),
        Index("ix_conversation_summaries_sentiment_mean", "sentiment_mean"),
        Index("ix_conversation_summaries_fallback_count", "fallback_count"),
        Index("ix_conversation_summaries_rating", "rating"),
        Index("ix_conversation_summaries_failed_searches", "failed_searches"),
        Index("ix_conversation_summaries_verified_order", "verified_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255), unique=True)
    channel: Mapped[str] = mapped_column(String(32), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    language: Mapped[str | None] = mapped_column(String(16))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    intents: Mapped[list[str]] = mapped_column(JSON, default=list)
    sentiment_min: Mapped[float | None] = mapped_column(Float)
    sentiment_mean: Mapped[float | None] = mapped_column(Float)
    sentiment_sum: Mapped[float] = mapped_column(Float, default=0.0)
    sentiment_count: Mapped[int] = mapped_column(Integer, default=0)
    human_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    handed_over: Mapped[bool] = mapped_column(Boolean, default=False)
    handover_reason: Mapped[str | None] = mapped_column(String(64))
    handed_over_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agent_joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_agent_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agent_messages: Mapped[int] = mapped_column(Integer, default=0)
    fallback_count: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    failed_searches: Mapped[int] = mapped_column(Integer, default=0)
    verified_order: Mapped[str | None] = mapped_column(String(32))
    verified_orders: Mapped[list[str]] = mapped_column(JSON, default=list)
    search_text: Mapped[str] = mapped_column(Text, default="")
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_at: Mapped[float] = mapped_column(Float, default=0.0)
    last_event_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ConversationTurn(Base):
    """One shopper message and everything that followed it until the next one.

    ``actions`` are the action names run (``action_listen`` left out); ``slots`` the slot
    changes as ``[name, value]`` pairs; ``replies`` the bot's and agents' messages
    (``response``, ``text``, ``agent``, ``products``, ``at``); ``searches`` the product
    searches (``query``, ``results``: ``None`` when the catalog could not answer);
    ``events`` hand-over, resume and other conversation events (``event``, ``at``).
    """

    __tablename__ = "conversation_turns"
    __table_args__ = (
        UniqueConstraint("conversation_pk", "position"),
        Index("ix_conversation_turns_intent_conversation", "intent", "conversation_pk"),
        Index("ix_conversation_turns_failed_searches", "failed_searches"),
        Index("ix_conversation_turns_message_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_pk: Mapped[int] = mapped_column(
        ForeignKey("conversation_summaries.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    text: Mapped[str] = mapped_column(Text, default="")
    intent: Mapped[str | None] = mapped_column(String(128))
    confidence: Mapped[float | None] = mapped_column(Float)
    runner_up: Mapped[str | None] = mapped_column(String(128))
    runner_up_confidence: Mapped[float | None] = mapped_column(Float)
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(16))
    sentiment_label: Mapped[str | None] = mapped_column(String(16))
    sentiment: Mapped[float | None] = mapped_column(Float)
    actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    slots: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    replies: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    searches: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    failed_searches: Mapped[int] = mapped_column(Integer, default=0)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    handed_over: Mapped[bool] = mapped_column(Boolean, default=False)
    handover_reason: Mapped[str | None] = mapped_column(String(64))


class ConversationEventCursor(Base):
    """Where a consumer of Rasa's event broker stands, and who may move it.

    ``position`` is the id of the last broker row folded in, committed together with the
    summaries. ``holder`` and ``lease_until`` are the lock: a consumer works only while its
    lease holds, renewing it with every batch; another one takes over once it lapses.
    """

    __tablename__ = "conversation_event_cursors"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger, default=0)
    holder: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
