"""Erasing conversations' summaries: ``shopbot privacy erase`` and the retention.

The summaries copy the shoppers' messages; erasing a conversation removes its summary row
and its turns (and so their words in the full-text index). :class:`SummaryEraser` is
registered with :mod:`shop.privacy`, so every erasure and every retention run reaches the
summary tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.db.database import Database
from shop.conversations.store import delete_conversations
from shop.conversations.tables import SUMMARIES, TURNS
from shop.privacy import ErasureSubject, PrivacyContext, register_eraser

__all__ = ["SummaryEraser", "erase_summaries"]


def erase_summaries(database: Database, conversation_ids: Iterable[str]) -> int:
    """Remove these conversations' summaries and turns; how many conversations had one."""
    with database.begin() as connection:
        return delete_conversations(connection, conversation_ids)[0]


@register_eraser
class SummaryEraser:
    """The summaries and turns of the erased conversations."""

    tables: tuple[str, ...] = (SUMMARIES.name, TURNS.name)

    def __init__(self, context: PrivacyContext) -> None:
        """Works on the context's shop database."""
        self._database = context.database

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Rows removed per table."""
        if not subject.conversations:
            return {SUMMARIES.name: 0, TURNS.name: 0}
        with self._database.begin() as connection:
            summaries, turns = delete_conversations(connection, subject.conversations)
        return {SUMMARIES.name: summaries, TURNS.name: turns}
