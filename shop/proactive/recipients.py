"""Where to write to a customer: their last conversation on record, on a channel they agreed to.

Two records link conversations to customers: the conversation a consent was given in
(``notice_consents``), and the console's conversation summaries, which name the orders each
conversation verified (``conversation_summaries.verified_order``). The most recent of them
on a consented channel wins; the notice goes out in that conversation's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.db.conversation_models import ConversationSummary
from core.db.database import Database
from core.db.models import Order
from shop.proactive.consent import Consent

__all__ = ["Recipient", "find_recipient"]


@dataclass(frozen=True)
class Recipient:
    """A conversation to write to."""

    conversation_id: str
    channel: str
    language: str
    last_seen: datetime


def find_recipient(
    database: Database, customer_id: int, consents: list[Consent]
) -> Recipient | None:
    """The customer's latest conversation on a channel in ``consents`` (granted ones)."""
    allowed = {c.channel: c for c in consents if c.granted}
    if not allowed:
        return None
    found = [
        Recipient(c.conversation_id, c.channel, c.language, c.updated_at)
        for c in allowed.values()
        if c.conversation_id
    ]
    with database.session() as session:
        numbers = select(Order.order_number).where(Order.customer_id == customer_id)
        rows = session.execute(
            select(
                ConversationSummary.conversation_id,
                ConversationSummary.channel,
                ConversationSummary.language,
                ConversationSummary.last_activity_at,
            ).where(
                ConversationSummary.verified_order.in_(numbers),
                ConversationSummary.channel.in_(tuple(allowed)),
            )
        ).all()
    found += [
        Recipient(conversation, channel, language or allowed[channel].language, seen)
        for conversation, channel, language, seen in rows
    ]
    return max(found, key=lambda r: r.last_seen, default=None)
