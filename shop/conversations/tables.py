"""The summary tables as SQLAlchemy Core tables (the services write them in bulk)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table

from core.db.conversation_models import (
    ConversationEventCursor,
    ConversationSummary,
    ConversationTurn,
)

__all__ = ["CURSORS", "SUMMARIES", "TURNS"]

SUMMARIES = cast(Table, ConversationSummary.__table__)
TURNS = cast(Table, ConversationTurn.__table__)
CURSORS = cast(Table, ConversationEventCursor.__table__)
