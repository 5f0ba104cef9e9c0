"""Reading Rasa's SQL event broker: the ``events`` table it writes, from a position on.

Rasa 3.6's ``SQLEventBroker`` (``rasa/core/brokers/sql.py``) inserts one row per event
into a table ``events`` with three columns: ``id`` (an autoincrement integer, the order of
publication), ``sender_id`` and ``data`` (the event as JSON, with ``sender_id`` in it). The
position of a consumer is the ``id`` of the last row it folded in.

On SQLite, reading through :class:`core.db.database.Database` puts the broker's file in
write-ahead-log mode (it stays so): Rasa's many one-event commits get several times
cheaper, and reading never blocks them. A SQLite file that does not exist yet is never
created here (Rasa makes it when it starts); :meth:`BrokerEvents.prepare` makes the table
as Rasa would, for tests and benchmarks.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from core.db.database import Database, translate_error
from core.errors import DatabaseError

__all__ = ["BrokerEvent", "BrokerEvents", "broker_table", "parse_event"]

T = TypeVar("T")
_METADATA = MetaData()
broker_table = Table(
    "events",
    _METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("data", Text),
)
"""The table as Rasa's SQL event broker creates it."""


@dataclass(frozen=True)
class BrokerEvent:
    """One published event: its position, conversation and the event itself."""

    position: int
    sender_id: str
    event: dict[str, Any]


def parse_event(position: int, sender_id: Any, data: Any) -> BrokerEvent | None:
    """One published event (JSON text or bytes, ``sender_id`` in it when not given), or
    None when it is not an event of a conversation."""
    try:
        event = json.loads(data) if data else None
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    sender = sender_id or event.get("sender_id")
    if not sender:
        return None
    return BrokerEvent(position=int(position), sender_id=str(sender), event=event)


def _all(statement: Any, connection: Any) -> Sequence[Any]:
    return list(connection.execute(statement).all())


class BrokerEvents:
    """The broker's table in one database (SQLite file or server)."""

    def __init__(self, database: Database) -> None:
        """Reads through ``database``, the broker's (not the order database)."""
        self.database = database

    def _run(self, work: Callable[[Any], T]) -> T:
        try:
            with self.database.engine.begin() as connection:
                return work(connection)
        except SQLAlchemyError as error:
            translated = translate_error(error, self.database.url)
            if translated is not None:
                raise translated from error
            raise DatabaseError(
                f"cannot read the event broker's table: {type(error).__name__}"
            ) from error

    def exists(self) -> bool:
        """Whether the broker has created its table yet (a missing SQLite file: no)."""
        url = self.database.url
        file = url.database if url.get_backend_name() == "sqlite" else None
        if file and file != ":memory:" and not Path(file).expanduser().is_file():
            return False
        return bool(self._run(lambda connection: inspect(connection).has_table("events")))

    def prepare(self) -> None:
        """Create the broker's table as Rasa would (SQLite: in write-ahead-log mode)."""
        self._run(lambda connection: _METADATA.create_all(connection, checkfirst=True))

    def read_after(self, position: int, limit: int) -> list[BrokerEvent]:
        """Up to ``limit`` events published after ``position``, in order (none before the
        broker made its table). Rows that are not an event are skipped."""
        if not self.exists():
            return []
        statement = (
            select(broker_table.c.id, broker_table.c.sender_id, broker_table.c.data)
            .where(broker_table.c.id > position)
            .order_by(broker_table.c.id)
            .limit(limit)
        )
        rows = self._run(partial(_all, statement))
        events = []
        for row in rows:
            parsed = parse_event(row[0], row[1], row[2])
            if parsed is not None:
                events.append(parsed)
            else:  # keep the position moving past what cannot be read
                events.append(BrokerEvent(int(row[0]), "", {}))
        return events

    def latest_position(self) -> int:
        """The id of the newest row (0 when there is none)."""
        if not self.exists():
            return 0
        statement = select(func.max(broker_table.c.id))
        return int(self._run(lambda connection: connection.execute(statement).scalar()) or 0)

    def position_before(self, moment: float, scan: int = 200) -> int:
        """The newest position whose event is older than ``moment`` (0 if none): every event
        after it was published at ``moment`` or later, give or take the clock."""
        position = self.latest_position()
        while position > 0:
            statement = (
                select(broker_table.c.id, broker_table.c.data)
                .where(broker_table.c.id <= position)
                .order_by(broker_table.c.id.desc())
                .limit(scan)
            )
            rows = self._run(partial(_all, statement))
            if not rows:
                return 0
            for row_id, data in rows:
                parsed = parse_event(row_id, "-", data)
                stamp = parsed.event.get("timestamp") if parsed else None
                if isinstance(stamp, int | float) and stamp < moment:
                    return int(row_id)
            position = int(rows[-1][0]) - 1
        return 0

    def dispose(self) -> None:
        """Close the connections."""
        self.database.dispose()
