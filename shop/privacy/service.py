"""The privacy service: erase one shopper or one conversation, and apply the retention.

``erase_email`` and ``erase_conversation`` find the subject (shop.privacy.subject) and run
every eraser (shop.privacy.erasers) on it. ``retention`` removes the conversations whose
last event is older than the retention period: their facts are added to the daily counts
first, then they are erased like one conversation each (tracker store, event broker,
tickets, verification attempts, orders' references, registered tables), and verification
attempts older than the period go too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import VerificationAttempt
from core.settings import Settings
from shop.orders import Clock
from shop.privacy.erasers import PrivacyContext, erasers_for
from shop.privacy.event_stores import EventStore
from shop.privacy.retention import add_counts, facts_of
from shop.privacy.subject import ErasureSubject, subject_of_conversation, subject_of_email

__all__ = ["ErasureReport", "PrivacyService", "RetentionReport"]


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure found and removed (no id, email or text of the shopper)."""

    conversations: int
    removed: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"conversations": self.conversations, "removed": dict(self.removed)}


@dataclass(frozen=True)
class RetentionReport:
    """What a retention run removed and counted."""

    days: int
    cutoff: datetime
    conversations: int
    counted_rows: int = 0
    removed: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "days": self.days,
            "cutoff": self.cutoff.isoformat(),
            "conversations": self.conversations,
            "counted_rows": self.counted_rows,
            "removed": dict(self.removed),
        }


def _merge(total: dict[str, int], counts: dict[str, int]) -> None:
    for name, count in counts.items():
        total[name] = total.get(name, 0) + count


class PrivacyService:
    """Erasure and retention over the shop database and Rasa's event stores."""

    def __init__(
        self,
        settings: Settings,
        database: Database,
        stores: Sequence[EventStore],
        clock: Clock = utc_now,
    ) -> None:
        """``stores``: the tracker store first (retention reads conversations' ages there),
        then any other store of Rasa's events (the SQL event broker)."""
        self._context = PrivacyContext(settings, database, tuple(stores))
        self._clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> PrivacyService:
        """Over the databases the settings name (close with :meth:`close`)."""
        tracker = settings.tracker_store_address()
        stores = [EventStore("tracker_store", Database(tracker))]
        events = settings.events_address()
        if events != tracker:
            stores.append(EventStore("event_broker", Database(events)))
        return cls(settings, Database(settings.database_url), stores)

    def close(self) -> None:
        """Close the connection pools."""
        self._context.database.dispose()
        for store in self._context.stores:
            store.database.dispose()

    def erase(self, subject: ErasureSubject) -> ErasureReport:
        """Run every eraser on ``subject``."""
        removed: dict[str, int] = {}
        for eraser in erasers_for(self._context):
            _merge(removed, eraser.erase(subject))
        return ErasureReport(conversations=len(subject.conversations), removed=removed)

    def erase_email(self, email: str) -> ErasureReport:
        """Erase the shopper with ``email``: their conversations and account."""
        subject = subject_of_email(email, self._context.database, self._context.stores)
        return self.erase(subject)

    def erase_conversation(self, conversation_id: str) -> ErasureReport:
        """Erase one conversation."""
        return self.erase(subject_of_conversation(conversation_id))

    def retention(self, days: int | None = None) -> RetentionReport:
        """Remove what is older than ``days`` (default: the settings' ``retention_days``)."""
        days = days if days is not None else self._context.settings.retention_days
        if days < 1:
            raise ValueError("the retention period is at least one day")
        cutoff = self._clock() - timedelta(days=days)
        tracker = self._context.stores[0] if self._context.stores else None
        expired: list[str] = []
        if tracker is not None and tracker.exists() and tracker.has_timestamps():
            expired = tracker.senders_inactive_since(cutoff.timestamp())
        removed: dict[str, int] = {}
        counted = 0
        if tracker is not None and expired:
            facts = [facts_of(tracker.events(conversation)) for conversation in expired]
            counted = add_counts(self._context.database, facts)
            removed = self.erase(ErasureSubject(conversations=frozenset(expired))).removed
        with self._context.database.session() as session:
            old = session.execute(
                delete(VerificationAttempt).where(VerificationAttempt.created_at < cutoff)
            )
            old_attempts = int(getattr(old, "rowcount", 0) or 0)
        removed["verification_attempts"] = removed.get("verification_attempts", 0) + old_attempts
        return RetentionReport(
            days=days,
            cutoff=cutoff,
            conversations=len(expired),
            counted_rows=counted,
            removed=removed,
        )
