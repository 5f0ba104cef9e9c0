"""The console's audit log: who revealed or erased what, and who changed which user, when.

Entries name the console user who acted, the action, and the conversation or console user
concerned; never a shopper's email. When a shopper's data is erased, the entries that
name their conversation keep who and when but lose the conversation id
(:class:`shop.accounts.erase.AuditEraser`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select

from core.db.account_models import AuditEntry
from core.db.base import utc_now
from core.db.database import Database
from shop.orders import Clock

__all__ = ["AuditAction", "AuditLog", "AuditRecord"]


class AuditAction(StrEnum):
    """What an audit entry records."""

    REVEAL = "reveal"  # a conversation shown unredacted
    ERASE = "erase"  # a shopper's data erased
    USER_CREATE = "user_create"
    USER_ROLE = "user_role"
    USER_DEACTIVATE = "user_deactivate"
    USER_ACTIVATE = "user_activate"
    USER_PASSWORD = "user_password"  # noqa: S105 - the name of an action, not a password


@dataclass(frozen=True)
class AuditRecord:
    """One entry of the audit log."""

    at: datetime
    actor: str
    action: AuditAction
    conversation_id: str | None = None
    target: str | None = None
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the time in ISO 8601, UTC)."""
        return {
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action.value,
            "conversation_id": self.conversation_id,
            "target": self.target,
            "detail": self.detail,
        }


def _record(entry: AuditEntry) -> AuditRecord:
    return AuditRecord(
        at=entry.at,
        actor=entry.actor,
        action=AuditAction(entry.action),
        conversation_id=entry.conversation_id,
        target=entry.target,
        detail=entry.detail,
    )


class AuditLog:
    """Writes and reads the audit log."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def record(
        self,
        actor: str,
        action: AuditAction,
        *,
        conversation_id: str | None = None,
        target: str | None = None,
        detail: str = "",
    ) -> AuditRecord:
        """Add one entry, now."""
        with self._db.session() as session:
            entry = AuditEntry(
                at=self._clock(),
                actor=actor[:64],
                action=AuditAction(action).value,
                conversation_id=conversation_id[:128] if conversation_id else None,
                target=target[:64] if target else None,
                detail=detail[:300],
            )
            session.add(entry)
            session.flush()
            return _record(entry)

    def recent(self, limit: int = 100, conversation_id: str | None = None) -> list[AuditRecord]:
        """The newest entries first (of one conversation, when given)."""
        statement = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        if conversation_id is not None:
            statement = statement.where(AuditEntry.conversation_id == conversation_id)
        with self._db.session() as session:
            return [_record(entry) for entry in session.scalars(statement.limit(limit))]
