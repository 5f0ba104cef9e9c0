"""ORM model of the messaging ids known from a verified order (revision 0011, shop.opening).

When a shopper proves an order in a conversation, its conversation id (on a messaging
platform, ``telegram:<chat>``, ``twilio:whatsapp:+<number>``, ``messenger:<PSID>``, the
platform's signed user) is linked to the order's customer, with the intents the shopper
used up to then. The id is stored only as its keyed hash
(``shop.pseudonyms.pseudonym(secret, "channel_identity", id)``), never itself (a Twilio id is
a phone number). A later conversation from the same id opens with offers for that customer
(docs/opening.md). :mod:`core.db.models` imports this module, so the table is on the
shared metadata that Alembic compares with the migrations.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utc_now

__all__ = ["ChannelIdentity"]


class ChannelIdentity(Base):
    """One conversation id (by its keyed hash) and the customer it verified an order of."""

    __tablename__ = "channel_identities"
    __table_args__ = (
        CheckConstraint("length(identity_key) = 64", name="identity_key_is_hmac"),
        Index("ix_channel_identities_customer_verified", "customer_id", "verified_at"),
    )

    identity_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    #: The intents of the conversation up to the verification (names only, no text).
    last_intents: Mapped[list[str]] = mapped_column(JSON, default=list)
    verified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
