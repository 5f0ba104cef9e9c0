"""ORM models of the support console's annotations (revision 0008): tags, notes, and intent
corrections and examples for the next model.

Every table is keyed by the conversation (``conversation_id``, the Rasa sender id), never by
the summary row, so an annotation outlives a rebuild of the summaries; erasing a
conversation removes its annotations (:mod:`shop.annotations.erase`).
:mod:`core.db.models` imports this module, so the tables are on the shared metadata that
Alembic compares with the migrations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utc_now

__all__ = [
    "CORRECTION_KINDS",
    "CORRECTION_STATUSES",
    "ConversationNote",
    "ConversationTag",
    "NluCorrection",
]

#: ``correction``: the bot got the intent (or entities) wrong; ``example``: it got them
#: right and the message is worth training on.
CORRECTION_KINDS: tuple[str, ...] = ("correction", "example")
#: ``open`` until a developer took it into ``data/nlu/`` (``done``) or a lead dropped it.
CORRECTION_STATUSES: tuple[str, ...] = ("open", "done", "dismissed")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text of ``column IN ('a', 'b')`` for a check constraint (constants only)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class ConversationTag(Base):
    """A tag on a conversation (lower-case words such as ``refund-bug``), once per tag."""

    __tablename__ = "conversation_tags"
    __table_args__ = (
        UniqueConstraint("conversation_id", "tag"),
        Index("ix_conversation_tags_tag_conversation", "tag", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255))
    tag: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class ConversationNote(Base):
    """A lead's note on a conversation, stored redacted (personal data typed into a note
    is masked before it is written)."""

    __tablename__ = "conversation_notes"
    __table_args__ = (
        Index("ix_conversation_notes_conversation_created", "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255))
    author: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class NluCorrection(Base):
    """A shopper message with the intent (and entities) it should have had: one per turn.

    ``text`` is the message as the console showed it, redacted; ``entities`` are
    ``{"start", "end", "entity", "value"?}`` over that text (code points, end exclusive).
    ``predicted_*`` is what the bot understood. Correcting a turn again replaces its
    correction and opens it again.
    """

    __tablename__ = "nlu_corrections"
    __table_args__ = (
        UniqueConstraint("conversation_id", "turn_position"),
        CheckConstraint(_in("kind", CORRECTION_KINDS), name="kind"),
        CheckConstraint(_in("status", CORRECTION_STATUSES), name="status"),
        Index("ix_nlu_corrections_status_language", "status", "language"),
        Index("ix_nlu_corrections_status_intent", "status", "intent"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(255))
    turn_position: Mapped[int] = mapped_column(Integer)
    message_id: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(16))
    predicted_intent: Mapped[str | None] = mapped_column(String(128))
    predicted_confidence: Mapped[float | None] = mapped_column(Float)
    intent: Mapped[str] = mapped_column(String(128))
    entities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open")
    author: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    reviewed_by: Mapped[str | None] = mapped_column(String(64))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
