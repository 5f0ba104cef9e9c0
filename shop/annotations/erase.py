"""Erasing annotations: ``shopbot privacy erase`` and the retention reach the tags, notes
and corrections of the conversations they remove (:func:`shop.privacy.register_eraser`)."""

from __future__ import annotations

from sqlalchemy import delete

from shop.annotations.tables import CORRECTIONS, NOTES, TAGS
from shop.privacy import ErasureSubject, PrivacyContext, register_eraser

__all__ = ["AnnotationEraser"]

_CHUNK = 500


@register_eraser
class AnnotationEraser:
    """The tags, notes and corrections of the erased conversations."""

    tables: tuple[str, ...] = (TAGS.name, NOTES.name, CORRECTIONS.name)

    def __init__(self, context: PrivacyContext) -> None:
        """Works on the context's shop database."""
        self._database = context.database

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Rows removed per table."""
        counts = dict.fromkeys(self.tables, 0)
        conversations = sorted(subject.conversations)
        if not conversations:
            return counts
        with self._database.begin() as connection:
            for start in range(0, len(conversations), _CHUNK):
                chunk = conversations[start : start + _CHUNK]
                for table in (TAGS, NOTES, CORRECTIONS):
                    removed = connection.execute(
                        delete(table).where(table.c.conversation_id.in_(chunk))
                    )
                    counts[table.name] += int(removed.rowcount or 0)
        return counts
