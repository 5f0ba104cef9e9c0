"""ORM model of what retention keeps of the conversations it removes (revision 0004).

``shopbot privacy retention`` (:mod:`shop.privacy`) removes conversations older than the
retention period from the tracker store and folds each into one row here: how many
conversations, and how many shopper messages, per day, channel, language and outcome. No
id, text or key of a conversation is kept, so the counts identify nobody; the console's
analytics read them for periods the tracker store no longer covers. :mod:`core.db.models`
imports this module, so the table is on the shared metadata that Alembic compares with
the migrations.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base

__all__ = ["OUTCOMES", "ConversationCount"]

#: What became of a conversation, the first that applies: a person took it over, an order
#: was verified in it, or neither.
OUTCOMES: tuple[str, ...] = ("handed_over", "order_verified", "other")


class ConversationCount(Base):
    """Removed conversations of one day (UTC, of their first event), channel, language and
    outcome."""

    __tablename__ = "conversation_counts"
    __table_args__ = (
        UniqueConstraint("day", "channel", "language", "outcome"),
        CheckConstraint(
            f"outcome IN ({', '.join(repr(outcome) for outcome in OUTCOMES)})", name="outcome"
        ),
        CheckConstraint("conversations >= 0 AND messages >= 0", name="counts_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    conversations: Mapped[int] = mapped_column(Integer, default=0)
    messages: Mapped[int] = mapped_column(Integer, default=0)
