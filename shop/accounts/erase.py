"""The console's part of ``shopbot privacy erase`` and the retention.

The audit log names conversations (reveals); erasing a conversation keeps who revealed it
and when, but drops which conversation it was. Sessions and sign-in failures hold nothing
of shoppers. Registered with :mod:`shop.privacy`, so the sweep leaves the audit log alone.
"""

from __future__ import annotations

from sqlalchemy import update

from core.db.account_models import AuditEntry
from shop.privacy import ErasureSubject, PrivacyContext, register_eraser

__all__ = ["ERASED_DETAIL", "AuditEraser"]

ERASED_DETAIL = "conversation erased"
_CHUNK = 500


@register_eraser
class AuditEraser:
    """Audit entries of the erased conversations lose the conversation id."""

    tables: tuple[str, ...] = (AuditEntry.__tablename__,)

    def __init__(self, context: PrivacyContext) -> None:
        """Works on the context's shop database."""
        self._database = context.database

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Entries anonymised."""
        conversations = sorted(subject.conversations)
        changed = 0
        with self._database.session() as session:
            for start in range(0, len(conversations), _CHUNK):
                result = session.execute(
                    update(AuditEntry)
                    .where(AuditEntry.conversation_id.in_(conversations[start : start + _CHUNK]))
                    .values(conversation_id=None, detail=ERASED_DETAIL)
                )
                changed += int(getattr(result, "rowcount", 0) or 0)
        return {AuditEntry.__tablename__: changed}
