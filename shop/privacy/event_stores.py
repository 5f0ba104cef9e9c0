"""Writing to the stores of Rasa's events: the SQL tracker store and the SQL event broker.

Both keep one row per event in a table ``events`` with ``sender_id`` (the conversation id)
and ``data`` (the event as JSON); the tracker store also has ``type_name`` and
``timestamp``. Rasa creates the tables; this module only finds, reads and deletes rows
(SQLAlchemy Core, bound parameters). A store whose SQLite file or table does not exist yet
has nothing to find, and is never created here. On SQLite, deletions overwrite the freed
pages (``secure_delete``) and the write-ahead log is emptied afterwards, so removed text is
not left behind in the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError

from core.db.database import Database, translate_error
from core.errors import DatabaseError
from shop.feedback.tracker_events import events_table

__all__ = ["EventStore"]

#: Rows per ``IN (...)`` list (SQLite allows 999 bound parameters in older versions).
_CHUNK = 500
#: The Rasa servers' pending reminders, each with its conversation's id (bot/shared_reminders.py).
REMINDERS_TABLE = "shopbot_reminders"
_DELETE_REMINDERS = text("DELETE FROM shopbot_reminders WHERE sender_id IN :senders").bindparams(
    bindparam("senders", expanding=True)
)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    chunk: list[str] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class EventStore:
    """One ``events`` table of Rasa's (``name`` says which, in reports)."""

    def __init__(self, name: str, database: Database) -> None:
        """The store ``name`` (``tracker_store``, ``event_broker``) in ``database``."""
        self.name = name
        self.database = database

    def _missing_file(self) -> bool:
        url = self.database.url
        if url.get_backend_name() != "sqlite":
            return False
        path = url.database
        return not path or path == ":memory:" or not Path(path).is_file()

    @contextmanager
    def _connection(self, *, write: bool = False) -> Iterator[Connection]:
        try:
            with self.database.engine.begin() as connection:
                if write and self.database.backend == "sqlite":
                    connection.execute(text("PRAGMA secure_delete=ON"))
                yield connection
        except SQLAlchemyError as error:
            translated = translate_error(error, self.database.url)
            if translated is not None:
                raise translated from error
            raise DatabaseError(f"the {self.name} failed: {type(error).__name__}") from error

    def exists(self) -> bool:
        """Whether the store has its ``events`` table (never creates the database)."""
        if self._missing_file():
            return False
        with self._connection() as connection:
            return bool(inspect(connection).has_table("events"))

    def has_timestamps(self) -> bool:
        """Whether the table has Rasa's ``timestamp`` column (the tracker store's has)."""
        with self._connection() as connection:
            columns = inspect(connection).get_columns("events")
        return any(column["name"] == "timestamp" for column in columns)

    def senders_mentioning(self, needles: Iterable[str]) -> set[str]:
        """Conversations with an event whose JSON contains any of ``needles`` (any case)."""
        found: set[str] = set()
        wanted = sorted({needle.lower() for needle in needles if needle})
        if not wanted:
            return found
        data = func.lower(events_table.c.data)
        with self._connection() as connection:
            for needle in wanted:
                statement = select(events_table.c.sender_id).distinct()
                rows = connection.execute(statement.where(data.contains(needle, autoescape=True)))
                found.update(str(sender) for (sender,) in rows)
        return found

    def senders_named_like(self, needles: Iterable[str]) -> set[str]:
        """Conversations whose id contains any of ``needles`` (a phone number in a Twilio
        id: ``twilio:+447700900059``)."""
        found: set[str] = set()
        with self._connection() as connection:
            for needle in sorted({needle for needle in needles if needle}):
                statement = select(events_table.c.sender_id).distinct()
                rows = connection.execute(
                    statement.where(events_table.c.sender_id.contains(needle, autoescape=True))
                )
                found.update(str(sender) for (sender,) in rows)
        return found

    def senders_with_slot(self, slot: str, values: Iterable[str]) -> set[str]:
        """Conversations that set ``slot`` to one of ``values`` (e.g. ``verified_order``)."""
        wanted = {str(value) for value in values}
        found: set[str] = set()
        if not wanted:
            return found
        statement = select(events_table.c.sender_id, events_table.c.data).where(
            events_table.c.data.contains(f'"{slot}"', autoescape=True)
        )
        with self._connection() as connection:
            for sender, data in connection.execute(statement):
                event = _json(data)
                if (
                    event.get("event") == "slot"
                    and event.get("name") == slot
                    and str(event.get("value")) in wanted
                ):
                    found.add(str(sender))
        return found

    def senders_inactive_since(self, cutoff: float) -> list[str]:
        """Conversations whose last event is older than ``cutoff`` (a UNIX timestamp);
        empty at once when even the oldest event is newer (the common case)."""
        with self._connection() as connection:
            oldest = connection.scalar(select(func.min(events_table.c.timestamp)))
            if oldest is None or float(oldest) >= cutoff:
                return []
            last = func.max(events_table.c.timestamp)
            rows = connection.execute(
                select(events_table.c.sender_id)
                .group_by(events_table.c.sender_id)
                .having(last < cutoff)
            )
            return sorted(str(sender) for (sender,) in rows)

    def events(self, sender_id: str) -> list[dict[str, Any]]:
        """Every event of one conversation, in order."""
        statement = (
            select(events_table.c.data)
            .where(events_table.c.sender_id == sender_id)
            .order_by(events_table.c.id)
        )
        with self._connection() as connection:
            return [event for (data,) in connection.execute(statement) if (event := _json(data))]

    def delete(self, senders: Iterable[str]) -> int:
        """Delete every event of ``senders`` (and their pending reminders); how many events went."""
        removed = 0
        with self._connection(write=True) as connection:
            reminders = inspect(connection).has_table(REMINDERS_TABLE)
            for chunk in _chunks(sorted(set(senders))):
                result = connection.execute(
                    events_table.delete().where(events_table.c.sender_id.in_(chunk))
                )
                removed += int(result.rowcount or 0)
                if reminders:  # bot/shared_reminders.py keeps each one's event there
                    connection.execute(_DELETE_REMINDERS, {"senders": chunk})
        if removed and self.database.backend == "sqlite":
            with self._connection() as connection:
                connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return removed


def _json(data: Any) -> dict[str, Any]:
    try:
        event = json.loads(data) if data else None
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}
