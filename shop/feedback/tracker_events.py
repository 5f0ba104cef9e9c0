"""Reading conversations from Rasa's SQL tracker store (SQLite or PostgreSQL), read-only.

Rasa's ``SQLTrackerStore`` keeps one row per event in the ``events`` table (``id``,
``sender_id``, ``type_name``, ``timestamp``, ``intent_name``, ``action_name`` and ``data``,
the event as JSON). Queries here are SQLAlchemy Core with bound parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, func, select
from sqlalchemy.exc import SQLAlchemyError

from core.db.database import Database, translate_error
from core.errors import DatabaseError

__all__ = ["ConversationRow", "TrackerEvents", "events_table", "stored_event"]

_METADATA = MetaData()
events_table = Table(
    "events",
    _METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)
"""The table as Rasa 3.6 creates it (declared here to query it, never to create it)."""


def stored_event(data: Any) -> dict[str, Any] | None:
    """One ``data`` column of the table as the event Rasa serialised; None when unreadable."""
    try:
        event = json.loads(data) if data else None
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


@dataclass(frozen=True)
class ConversationRow:
    """One conversation in the store: its id, event count and first and last activity."""

    sender_id: str
    events: int
    started: float
    last_activity: float


class TrackerEvents:
    """The conversations of one tracker store."""

    def __init__(self, database: Database) -> None:
        """Reads through ``database`` (its URL is the tracker store's)."""
        self.database = database

    def _run(self, statement: Any) -> list[Any]:
        try:
            with self.database.engine.connect() as connection:
                return list(connection.execute(statement))
        except SQLAlchemyError as error:
            translated = translate_error(error, self.database.url)
            if translated is not None:
                raise translated from error
            raise DatabaseError(f"cannot read the tracker store: {type(error).__name__}") from error

    def conversations(self, limit: int = 50, offset: int = 0) -> list[ConversationRow]:
        """Conversations, the most recently active first."""
        last = func.max(events_table.c.timestamp)
        statement = (
            select(
                events_table.c.sender_id,
                func.count(events_table.c.id),
                func.min(events_table.c.timestamp),
                last,
            )
            .group_by(events_table.c.sender_id)
            .order_by(last.desc())
            .limit(limit)
            .offset(offset)
        )
        return [
            ConversationRow(str(sender), int(count), float(first or 0), float(latest or 0))
            for sender, count, first, latest in self._run(statement)
        ]

    def events(self, sender_id: str) -> list[dict[str, Any]]:
        """Every event of one conversation, in order, as Rasa serialised it."""
        statement = (
            select(events_table.c.data)
            .where(events_table.c.sender_id == sender_id)
            .order_by(events_table.c.id)
        )
        return [event for (data,) in self._run(statement) if (event := stored_event(data))]
