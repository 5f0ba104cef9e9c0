"""Consent to proactive notices, per customer and channel.

The shopper says yes or no in a conversation (asked once, after an order answer, or by
saying "you can notify me" / "stop notifications"); the answer is stored for the customer of
the order the conversation verified, on that conversation's channel, with the conversation
and its language, so the scan knows where and how to write. Only a ``granted`` consent lets
a notice go out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Order
from core.db.proactive_models import NoticeConsent, OrderNotice

__all__ = ["Consent", "ConsentStore"]


@dataclass(frozen=True)
class Consent:
    """One customer's answer on one channel."""

    customer_id: int
    channel: str
    granted: bool
    conversation_id: str | None
    language: str
    updated_at: datetime


def _view(row: NoticeConsent) -> Consent:
    return Consent(
        row.customer_id,
        row.channel,
        row.granted,
        row.conversation_id,
        row.language,
        row.updated_at,
    )


class ConsentStore:
    """Reads and writes ``notice_consents``."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def customer_of_order(self, order_number: str) -> int | None:
        """The customer who placed ``order_number``, if it exists."""
        with self._db.session() as session:
            return session.execute(
                select(Order.customer_id).where(Order.order_number == order_number)
            ).scalar_one_or_none()

    def customer_of_conversation(self, conversation_id: str) -> int | None:
        """The customer a conversation answered for, or was written to, if any."""
        with self._db.session() as session:
            found = session.execute(
                select(NoticeConsent.customer_id)
                .where(NoticeConsent.conversation_id == conversation_id)
                .order_by(NoticeConsent.updated_at.desc())
                .limit(1)
            ).scalar_one_or_none()
            if found is None:
                found = session.execute(
                    select(OrderNotice.customer_id)
                    .where(OrderNotice.conversation_id == conversation_id)
                    .order_by(OrderNotice.id.desc())
                    .limit(1)
                ).scalar_one_or_none()
            return found

    def record(
        self,
        customer_id: int,
        channel: str,
        *,
        granted: bool,
        conversation_id: str | None,
        language: str = "en",
        now: datetime | None = None,
    ) -> Consent:
        """Store the answer (replacing the channel's earlier one)."""
        if not channel:
            raise ValueError("a consent needs a channel")
        with self._db.session() as session:
            row = session.execute(
                select(NoticeConsent).where(
                    NoticeConsent.customer_id == customer_id, NoticeConsent.channel == channel
                )
            ).scalar_one_or_none()
            if row is None:
                row = NoticeConsent(customer_id=customer_id, channel=channel)
                session.add(row)
            row.granted = granted
            row.conversation_id = conversation_id
            row.language = language
            row.updated_at = now or utc_now()
            session.flush()
            return _view(row)

    def get(self, customer_id: int, channel: str) -> Consent | None:
        """The customer's answer on ``channel``, if they gave one."""
        with self._db.session() as session:
            row = session.execute(
                select(NoticeConsent).where(
                    NoticeConsent.customer_id == customer_id, NoticeConsent.channel == channel
                )
            ).scalar_one_or_none()
            return None if row is None else _view(row)

    def granted(self, customer_id: int) -> list[Consent]:
        """The channels the customer agreed on, most recently answered first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(NoticeConsent)
                .where(NoticeConsent.customer_id == customer_id, NoticeConsent.granted.is_(True))
                .order_by(NoticeConsent.updated_at.desc())
            ).all()
            return [_view(row) for row in rows]
