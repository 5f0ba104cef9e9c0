"""Rasa's SQL event broker with its SQLite file kept open in write-ahead-log mode.

``endpoints.yml`` names this class as its ``event_broker``. It *is* Rasa's
``SQLEventBroker`` (``rasa/core/brokers/sql.py``: the same ``events`` table with ``id``,
``sender_id`` and ``data``, the same ``publish``), the table the console's conversation
summaries are folded from (``shop/conversations``). One thing differs, on SQLite only:
Rasa's broker opens a new connection for every event, commits it with the file's default
rollback journal and closes it again, which costs two or three disk syncs per event and
adds well over 100 ms to a turn of ten events on an ordinary disk. Here one connection
stays open, the file is in write-ahead-log mode (readers never block the writer) and
commits are ``synchronous=NORMAL`` (no sync per commit; a power cut may lose the latest
events, never the file, and the tracker store keeps them anyway). Other databases
(``dialect: postgresql``) are left exactly as Rasa handles them.

:meth:`SQLiteEventBroker.publish_many` writes a turn's events in one transaction (the same
rows as one ``publish`` each); ``bot.tracker_store`` uses it when the broker has it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rasa.core.brokers.sql import SQLEventBroker

__all__ = ["SQLITE_PRAGMAS", "SQLiteEventBroker"]

#: Run once on the broker's connection (``journal_mode`` stays with the file).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
)


class SQLiteEventBroker(SQLEventBroker):
    """``SQLEventBroker`` publishing through one open SQLite connection (see the module)."""

    def __init__(
        self,
        dialect: str = "sqlite",
        host: str | None = None,
        port: int | None = None,
        db: str = "events.db",
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        """Rasa's broker; on SQLite, its sessions then use one kept connection."""
        super().__init__(dialect, host, port, db, username, password)
        self._connection: Any = None
        if self.engine.dialect.name == "sqlite":
            self._connection = self.engine.connect()
            for pragma in SQLITE_PRAGMAS:
                self._connection.exec_driver_sql(pragma)
            sessions: Any = self.sessionmaker
            sessions.configure(bind=self._connection)

    def close_connection(self) -> None:
        """Close the kept connection (tests; the server keeps it for its lifetime)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def publish_many(self, events: Iterable[dict[str, Any]]) -> None:
        """``publish`` for each event, committed together (one transaction a turn)."""
        with self.session_scope() as session:
            for event in events:
                session.add(
                    self.SQLBrokerEvent(sender_id=event.get("sender_id"), data=json.dumps(event))
                )
            session.commit()
