"""The annotation tables as SQLAlchemy Core tables, and the check that a conversation
exists before it is annotated."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Connection, Table, select

from core.db.annotation_models import ConversationNote, ConversationTag, NluCorrection
from core.errors import NotFoundError
from shop.conversations.tables import SUMMARIES

__all__ = ["CORRECTIONS", "NOTES", "TAGS", "require_conversation"]

TAGS = cast(Table, ConversationTag.__table__)
NOTES = cast(Table, ConversationNote.__table__)
CORRECTIONS = cast(Table, NluCorrection.__table__)


def require_conversation(connection: Connection, conversation_id: str) -> int:
    """The summary id of the conversation; :class:`NotFoundError` when there is none."""
    found = connection.execute(
        select(SUMMARIES.c.id).where(SUMMARIES.c.conversation_id == conversation_id)
    ).scalar()
    if found is None:
        raise NotFoundError("no conversation has this id")
    return int(found)
