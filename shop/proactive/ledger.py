"""The notice ledger: every notice once per (order, kind, event), and what became of it.

A scan *claims* a notice before sending it: the row's unique key (order, kind, event) lets
exactly one claim win, even with two scans at once. A claimed notice is ``pending`` until the
bot says it (the action marks it ``sent``) or the attempt fails (``failed``, with the
reason); a failed notice is claimed again by a later scan, up to :data:`MAX_ATTEMPTS`. The
shopper's reply to it makes it ``answered``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from core.db.base import utc_now
from core.db.database import Database
from core.db.proactive_models import OrderNotice
from shop.proactive.detection import Candidate

__all__ = ["DELIVERED_STATUSES", "MAX_ATTEMPTS", "NoticeLedger", "NoticeRecord"]

#: Attempts at one notice before the ledger gives up on it.
MAX_ATTEMPTS = 3
#: Statuses of a notice the shopper got (they count against the daily limit).
DELIVERED_STATUSES = ("sent", "answered")


@dataclass(frozen=True)
class NoticeRecord:
    """One ledger row, as the services hand it out."""

    id: int
    order_number: str
    customer_id: int
    kind: str
    event_key: str
    status: str
    conversation_id: str | None
    channel: str | None
    language: str
    attempts: int
    error: str | None
    answer: str | None
    created_at: datetime
    sent_at: datetime | None
    answered_at: datetime | None

    @classmethod
    def of(cls, row: OrderNotice) -> NoticeRecord:
        """The record of an ORM row."""
        return cls(
            row.id,
            row.order_number,
            row.customer_id,
            row.kind,
            row.event_key,
            row.status,
            row.conversation_id,
            row.channel,
            row.language,
            row.attempts,
            row.error,
            row.answer,
            row.created_at,
            row.sent_at,
            row.answered_at,
        )


class NoticeLedger:
    """Reads and writes the ``order_notices`` table."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def claim(
        self,
        candidate: Candidate,
        *,
        conversation_id: str,
        channel: str,
        language: str,
        now: datetime | None = None,
    ) -> NoticeRecord | None:
        """The notice, ``pending`` and ready to send; ``None`` when it was sent already,
        is being sent, or failed :data:`MAX_ATTEMPTS` times."""
        now = now or utc_now()
        try:
            with self._db.session() as session:
                row = OrderNotice(
                    order_id=candidate.order_id,
                    customer_id=candidate.customer_id,
                    order_number=candidate.order_number,
                    kind=candidate.kind,
                    event_key=candidate.event_key,
                    status="pending",
                    conversation_id=conversation_id,
                    channel=channel,
                    language=language,
                    attempts=1,
                    created_at=now,
                )
                session.add(row)
                session.flush()
                return NoticeRecord.of(row)
        except IntegrityError:
            return self._retry(candidate, conversation_id, channel, language)

    def _retry(
        self, candidate: Candidate, conversation_id: str, channel: str, language: str
    ) -> NoticeRecord | None:
        """A failed notice claimed again (one claim wins: the update checks the status)."""
        with self._db.session() as session:
            claimed = session.execute(
                update(OrderNotice)
                .where(
                    OrderNotice.order_id == candidate.order_id,
                    OrderNotice.kind == candidate.kind,
                    OrderNotice.event_key == candidate.event_key,
                    OrderNotice.status == "failed",
                    OrderNotice.attempts < MAX_ATTEMPTS,
                )
                .values(
                    status="pending",
                    attempts=OrderNotice.attempts + 1,
                    conversation_id=conversation_id,
                    channel=channel,
                    language=language,
                    error=None,
                )
                .returning(OrderNotice.id)
            ).scalar_one_or_none()
            if claimed is None:
                return None
            row = session.get(OrderNotice, claimed)
            return None if row is None else NoticeRecord.of(row)

    def known(self, candidate: Candidate) -> bool:
        """Whether the ledger has this notice and will not send it again."""
        with self._db.session() as session:
            row = session.execute(
                select(OrderNotice.status, OrderNotice.attempts).where(
                    OrderNotice.order_id == candidate.order_id,
                    OrderNotice.kind == candidate.kind,
                    OrderNotice.event_key == candidate.event_key,
                )
            ).one_or_none()
        if row is None:
            return False
        status, attempts = row
        return not (status == "failed" and attempts < MAX_ATTEMPTS)

    def get(self, notice_id: int) -> NoticeRecord | None:
        """One notice by its id."""
        with self._db.session() as session:
            row = session.get(OrderNotice, notice_id)
            return None if row is None else NoticeRecord.of(row)

    def mark_sent(self, notice_id: int, now: datetime | None = None) -> bool:
        """The bot said it (only a pending notice changes); whether it did."""
        return self._set(
            notice_id, ("pending",), status="sent", sent_at=now or utc_now(), error=None
        )

    def mark_failed(self, notice_id: int, error: str) -> bool:
        """The attempt failed, for ``error`` (kept short; no personal data)."""
        return self._set(notice_id, ("pending",), status="failed", error=error[:300])

    def mark_answered(self, notice_id: int, answer: str, now: datetime | None = None) -> bool:
        """The shopper replied to the notice with ``answer`` (their intent)."""
        return self._set(
            notice_id,
            ("sent",),
            status="answered",
            answer=answer[:64],
            answered_at=now or utc_now(),
        )

    def _set(self, notice_id: int, expected: tuple[str, ...], **values: object) -> bool:
        with self._db.session() as session:
            result = session.execute(
                update(OrderNotice)
                .where(OrderNotice.id == notice_id, OrderNotice.status.in_(expected))
                .values(**values)
            )
            return bool(getattr(result, "rowcount", 0))

    def delivered_since(self, customer_id: int, since: datetime) -> int:
        """Notices the customer got since ``since`` (for the daily limit)."""
        with self._db.session() as session:
            return int(
                session.execute(
                    select(func.count())
                    .select_from(OrderNotice)
                    .where(
                        OrderNotice.customer_id == customer_id,
                        OrderNotice.status.in_(DELIVERED_STATUSES),
                        OrderNotice.sent_at >= since,
                    )
                ).scalar_one()
            )

    def for_conversation(self, conversation_id: str) -> list[NoticeRecord]:
        """The conversation's notices, oldest first (the console marks them)."""
        with self._db.session() as session:
            rows = session.scalars(
                select(OrderNotice)
                .where(OrderNotice.conversation_id == conversation_id)
                .order_by(OrderNotice.created_at, OrderNotice.id)
            ).all()
            return [NoticeRecord.of(row) for row in rows]

    def recent(self, limit: int = 50) -> list[NoticeRecord]:
        """The latest notices, newest first."""
        with self._db.session() as session:
            rows = session.scalars(
                select(OrderNotice).order_by(OrderNotice.id.desc()).limit(limit)
            ).all()
            return [NoticeRecord.of(row) for row in rows]
