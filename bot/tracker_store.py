"""Rasa's SQL tracker store, without reading the whole conversation back twice a turn.

``endpoints.yml`` names this class as its ``tracker_store``. It *is* Rasa's
``SQLTrackerStore``: the same ``events`` table, the same rows, the same dialects, so every
reader of the table (``shopbot feedback``, privacy erasure, retention, the production
profile's PostgreSQL) is unaffected. Two things differ, because with an event broker Rasa
3.6 loads, parses and replays every event of the conversation twice per message (once to
handle it, once more in ``save`` to find which events are new for the broker), a cost that
grew with the conversation's length (docs/benchmarks.md, "Fast turns"):

- **New events are the tracker's events after the last one known stored.** Each tracker
  this store reads or saves is marked with its last stored event (and the table's stamp
  then), so a save writes exactly the events appended since; they are published to the
  event broker *after* they are committed, so the broker never carries an event the store
  lacks. (Rasa's own ``save`` counts the rows of the latest session and skips as many of
  the tracker's events; a kept tracker also holds what came before that session, the
  first turn's session-start metadata for one, so its first reply was stored twice.) When
  the table has grown since the tracker was read (another turn of the conversation saved
  meanwhile: Rasa's conversation lock expired, or a second server), the new events are
  appended after those rows, so both turns land, each event once; the table's reading
  holds both on the next turn. A tracker whose stored events were taken out of it cannot
  tell what is new: its save raises :class:`core.errors.DatabaseError` (the turn fails
  visibly). A tracker this store never saw (the HTTP API's ``PUT .../tracker/events``)
  gets Rasa's rule.
- **On SQLite, the file is in write-ahead-log mode** (``synchronous`` stays ``FULL``: every
  commit is on disk before the turn's answer goes out).
- **The tracker of a conversation is kept in memory after it is saved** (the
  ``cache_size`` most recent conversations, default 1,000), on SQLite and PostgreSQL. The
  next ``retrieve`` hands it back only when the table still holds exactly what was saved,
  checked by two indexed queries: the number of rows and the highest id of that sender, and
  its count of rewritten rows, which database triggers keep in the table
  ``shopbot_event_changes`` whoever the writer is (removing the count with the rows). So a
  change by another process (a second Rasa server, an erasure, the retention job, a repair
  made by hand in SQL) or a failed turn that never saved falls back to Rasa's own reading.
  A kept tracker is handed out once; whoever takes it saves it back, or the next turn reads
  the table. (Rasa's lock store keeps one turn per conversation at a time, across servers
  too.) The check is one query (``count`` and ``max`` of the sender's rows on Rasa's
  ``sender_id`` index, the change count by primary key), so with several Rasa servers on one
  PostgreSQL database a conversation served by another server meanwhile (a failover and
  back) is read again, and a single server's turns stay as fast.
- **A database that goes away and comes back is survived.** On a server database the pool
  tests a connection before handing it out (``pool_pre_ping``: a restart leaves no dead
  connection behind), and a read or save that loses its connection is tried again, with
  pauses, for up to ``retry_seconds`` (default 10; a restart takes a few). A try that
  finds the table changed since the tracker was read skips the new events already among
  the rows written since (a commit whose answer was lost), so an event is never stored
  twice. When the database stays
  away, :class:`core.errors.TrackerStoreUnavailable` is raised: the turn fails (the REST
  channel answers 503) instead of going on as a new, empty conversation.
- **Pending reminders** noted on the tracker (:mod:`bot.shared_reminders`) are written in
  the same transaction as its events, to the table ``shopbot_reminders`` that every Rasa
  server on the database reads.
- **No fallback to memory.** Rasa wraps every tracker store in a ``FailSafeTrackerStore``,
  which answers a database error on reading with a new, empty conversation and saves it in
  memory only, so the shopper's message is answered out of context and lost from the store.
  :func:`install` (run by ``bot/server.py``) makes Rasa's agent use this store as it is.

``retrieve_full_tracker`` (the HTTP API's conversation reads) always reads the table.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import os
import time
from collections import Counter, OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rasa.core.agent import Agent
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.create import create_engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm.session import sessionmaker
from sqlalchemy.sql.expression import text

from bot.settings import read_settings
from bot.shared_reminders import ReminderTable, changes_of, forget_changes
from core.errors import DatabaseError, TrackerStoreUnavailable

__all__ = [
    "CHANGES_TABLE",
    "CHANGE_TRIGGERS",
    "DEFAULT_CACHE_SIZE",
    "DEFAULT_RETRY_SECONDS",
    "KeptSQLTrackerStore",
    "Stamp",
    "install",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
DEFAULT_CACHE_SIZE = 1000
#: How long a read or save is tried again while the database does not answer.
DEFAULT_RETRY_SECONDS = 10.0
#: Advisory lock key of the tables, functions and triggers each server creates at start.
_SCHEMA_LOCK = 7_302_551_906
_LONGEST_PAUSE = 1.0
#: What the table holds for a sender: rows, highest id, rows rewritten so far.
Stamp = tuple[int, int, int]
CHANGES_TABLE = "shopbot_event_changes"
#: The triggers, by dialect: a rewritten row counts one more change for its sender; a removed
#: row removes the sender's count (the row count shows the removal, and an erased shopper's
#: conversation id must not stay behind).
CHANGE_TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": (
        "DROP TRIGGER IF EXISTS shopbot_events_updated",
        """CREATE TRIGGER shopbot_events_updated AFTER UPDATE ON events
        BEGIN
          INSERT INTO shopbot_event_changes (sender_id, version) VALUES (OLD.sender_id, 1)
          ON CONFLICT (sender_id) DO UPDATE SET version = version + 1;
        END""",
        "DROP TRIGGER IF EXISTS shopbot_events_deleted",
        """CREATE TRIGGER shopbot_events_deleted AFTER DELETE ON events
        BEGIN
          DELETE FROM shopbot_event_changes WHERE sender_id = OLD.sender_id;
        END""",
    ),
    "postgresql": (
        """CREATE OR REPLACE FUNCTION shopbot_event_changed() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'DELETE' THEN
            DELETE FROM shopbot_event_changes WHERE sender_id = OLD.sender_id;
          ELSE
            INSERT INTO shopbot_event_changes (sender_id, version) VALUES (OLD.sender_id, 1)
            ON CONFLICT (sender_id) DO UPDATE SET version = shopbot_event_changes.version + 1;
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE TRIGGER shopbot_events_changed AFTER UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION shopbot_event_changed()""",
    ),
}
_CREATE_CHANGES = (
    "CREATE TABLE IF NOT EXISTS shopbot_event_changes "
    "(sender_id VARCHAR(255) PRIMARY KEY, version INTEGER NOT NULL)"
)
#: The stamp in one statement: the sender's rows (Rasa's index on ``sender_id``) and their
#: change count (the primary key of the changes table).
_STAMP = text(
    "SELECT count(id), max(id), "
    "(SELECT version FROM shopbot_event_changes WHERE sender_id = :sender) "
    "FROM events WHERE sender_id = :sender"
)
#: Without the changes table (no kept trackers): the rows only.
_ROWS_STAMP = text("SELECT count(id), max(id), 0 FROM events WHERE sender_id = :sender")
#: The serialised events of a sender written after a row id.
_DATA_AFTER = text("SELECT data FROM events WHERE sender_id = :sender AND id > :after")
#: Set on each tracker this store reads or saves (its ``__dict__``): a :class:`_Stored`.
_STORED = "_shopbot_stored"


def is_connection_error(error: BaseException) -> bool:
    """Whether a database error means the connection failed (worth trying again)."""
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and bool(error.connection_invalidated)
    )


@dataclass(frozen=True)
class _Stored:
    """What the table held of a tracker when it was last read or saved."""

    #: The last of its events then in the table (None: none was).
    last: Event | None
    #: The sender's highest row id then.
    highest: int
    #: The table's stamp when it held exactly the tracker's conversation; None when it held
    #: rows the tracker lacks (another turn saved meanwhile).
    stamp: Stamp | None


def _stored_of(tracker: DialogueStateTracker) -> _Stored | None:
    stored = tracker.__dict__.get(_STORED)
    return stored if isinstance(stored, _Stored) else None


def _mark(tracker: DialogueStateTracker, highest: int, stamp: Stamp | None) -> None:
    last = tracker.events[-1] if tracker.events else None
    tracker.__dict__[_STORED] = _Stored(last, highest, stamp)


def _events_after(tracker: DialogueStateTracker, stored: _Stored) -> list[Event]:
    """The tracker's events after its last stored one; :class:`DatabaseError` when that
    event is no longer in it (which events are new cannot be told)."""
    events = list(tracker.events)
    if stored.last is None:
        return events
    for index in range(len(events) - 1, -1, -1):
        if events[index] is stored.last:
            return events[index + 1 :]
    raise DatabaseError(
        f"tracker store: the stored events of conversation {tracker.sender_id} were taken "
        "out of its tracker; which of its events are new is unknown, nothing was saved"
    )


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    domain: Domain


class KeptSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` that keeps saved trackers and counts instead of re-reading."""

    def __init__(
        self,
        domain: Domain | None = None,
        event_broker: EventBroker | None = None,
        cache_size: int | str = DEFAULT_CACHE_SIZE,
        retry_seconds: float | str = DEFAULT_RETRY_SECONDS,
        **kwargs: Any,
    ) -> None:
        """Rasa's arguments (``dialect``, ``host``, ``db``, ...), plus ``cache_size``: how
        many conversations are kept in memory (0 keeps none), and ``retry_seconds``: how
        long a read or save is tried again while the database does not answer."""
        super().__init__(domain=domain, event_broker=event_broker, **kwargs)
        self.retry_seconds = float(retry_seconds)
        dialect = self.engine.dialect.name
        if dialect != "sqlite":
            # Rasa's engine, with each pooled connection tested before use.
            url = self.engine.url
            self.engine.dispose()
            self.engine = create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
            self.sessionmaker = sessionmaker(bind=self.engine)
        #: The pending reminders of every Rasa server on this database (bot.shared_reminders).
        self.reminders = ReminderTable(
            self.engine, read_settings(os.environ).reminder_lease_seconds
        )
        # Kept trackers need the change triggers; other databases read the table each turn.
        self.cache_size = int(cache_size) if dialect in CHANGE_TRIGGERS else 0
        with self.engine.begin() as connection:
            if dialect == "postgresql":
                # Servers starting together on one database take turns: PostgreSQL refuses
                # two concurrent CREATE OR REPLACE of one function ("tuple concurrently
                # updated"). The lock ends with this transaction.
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_SCHEMA_LOCK})")
            if dialect == "sqlite":
                # Write-ahead log (stays with the file): one sync per commit instead of the
                # rollback journal's several, and readers never block the writer.
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            if self.cache_size:
                connection.exec_driver_sql(_CREATE_CHANGES)
                for statement in CHANGE_TRIGGERS[dialect]:
                    connection.exec_driver_sql(statement)
            self.reminders.create(connection)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()

    def _stamp(self, session: Any, sender_id: str) -> Stamp:
        query = _STAMP if self.cache_size else _ROWS_STAMP
        count, highest, version = session.execute(query, {"sender": sender_id}).one()
        return int(count or 0), int(highest or 0), int(version or 0)

    async def _retrying(self, what: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """``attempt()``, tried again with growing pauses while the connection fails, for
        up to ``retry_seconds``; then :class:`TrackerStoreUnavailable`."""
        deadline = time.monotonic() + self.retry_seconds
        pause = 0.1
        while True:
            try:
                return await attempt()
            except DBAPIError as error:
                if not is_connection_error(error):
                    raise
                if time.monotonic() + pause > deadline:
                    raise TrackerStoreUnavailable(
                        f"the tracker store did not answer while {what} "
                        f"({type(error.orig).__name__}, for {self.retry_seconds:g} s)"
                    ) from error
                logger.warning(
                    "tracker store: %s failed (%s), trying again", what, type(error.orig).__name__
                )
            await asyncio.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        """The kept tracker when the table is as it was saved, else Rasa's reading."""
        kept = self._kept.pop(sender_id, None)
        return await self._retrying("reading", lambda: self._kept_or_read(sender_id, kept))

    async def _kept_or_read(
        self, sender_id: str, kept: _Kept | None
    ) -> DialogueStateTracker | None:
        # The stamp before the reading: a row written in between makes the stamp older than
        # the tracker, so its save sees a changed table (safe), never the reverse.
        with self.session_scope() as session:
            stamp = self._stamp(session, sender_id)
        if kept is not None and kept.domain is self.domain:
            stored = _stored_of(kept.tracker)
            if (
                stored is not None
                and stored.stamp == stamp
                and (kept.tracker.events[-1] if kept.tracker.events else None) is stored.last
            ):
                return kept.tracker
        tracker: DialogueStateTracker | None = await super().retrieve(sender_id)
        if tracker is not None:
            _mark(tracker, stamp[1], stamp)
        return tracker

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        """Rasa's reading of every session, tried again while the connection fails."""
        return await self._retrying("reading", lambda: self._read_full(conversation_id))

    async def _read_full(self, conversation_id: str) -> DialogueStateTracker | None:
        tracker: DialogueStateTracker | None = await super().retrieve_full_tracker(conversation_id)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Write the events the table lacks, publish them once committed, keep the tracker."""
        reminders = changes_of(tracker)
        new_events, stamp, whole = await self._retrying(
            "saving", lambda: self._write(tracker, reminders)
        )
        forget_changes(tracker, reminders)
        sender_id = tracker.sender_id
        _mark(tracker, stamp[1], stamp if whole else None)
        if self.event_broker is not None:
            await self._stream_new_events(self.event_broker, new_events, sender_id)
        if whole and self.cache_size > 0:
            self._keep(tracker)
        else:  # the table has events this tracker lacks, maybe: read it next time
            self._kept.pop(sender_id, None)

    async def _write(
        self, tracker: DialogueStateTracker, reminders: list[Event]
    ) -> tuple[list[Event], Stamp, bool]:
        """Insert the tracker's new events (those after its last stored one) that the table
        lacks, and the reminders scheduled or cancelled with them, in one transaction; the
        new events, the table's stamp after them, and whether the table then holds exactly
        the tracker's conversation."""
        sender_id = tracker.sender_id
        stored = _stored_of(tracker)
        with self.session_scope() as session:
            before = self._stamp(session, sender_id)
            if stored is None:  # never read or saved here (the HTTP API's PUT): Rasa's rule
                rows = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).count()
                new_events = list(itertools.islice(tracker.events, rows, len(tracker.events)))
                whole = rows <= len(tracker.events)
                to_write = new_events
            else:
                new_events = _events_after(tracker, stored)
                whole = stored.stamp is not None and before == stored.stamp
                to_write = (
                    new_events
                    if whole
                    else self._unwritten(session, sender_id, stored.highest, new_events)
                )
                if not whole:
                    logger.warning(
                        "tracker store: conversation %s changed since its tracker was read "
                        "(another turn saved meanwhile); %d new events appended after it",
                        sender_id,
                        len(to_write),
                    )
            for event in to_write:
                data = event.as_dict()
                session.add(
                    self.SQLEvent(
                        sender_id=sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            if reminders:
                self.reminders.write(session.connection(), sender_id, reminders)
            session.commit()
            stamp = self._stamp(session, sender_id)
        return new_events, stamp, whole

    def _unwritten(
        self, session: Any, sender_id: str, after: int, events: list[Event]
    ) -> list[Event]:
        """``events`` less those among the sender's rows beyond id ``after`` (written by an
        earlier try of this save whose commit went through but whose answer was lost;
        another turn's events differ, in their timestamps at least)."""
        rows = session.execute(_DATA_AFTER, {"sender": sender_id, "after": after})
        written = Counter(str(row[0]) for row in rows)
        left = []
        for event in events:
            data = json.dumps(event.as_dict())
            if written[data]:
                written[data] -= 1
            else:
                left.append(event)
        return left

    async def _stream_new_events(
        self, event_broker: EventBroker, new_events: list[Event], sender_id: str
    ) -> None:
        """Rasa's bodies (``sender_id`` and the event), in one batch where the broker takes
        one (``bot.event_broker.SQLiteEventBroker.publish_many``)."""
        bodies = [{"sender_id": sender_id, **event.as_dict()} for event in new_events]
        publish_many = getattr(event_broker, "publish_many", None)
        if callable(publish_many):
            publish_many(bodies)
            return
        for body in bodies:
            event_broker.publish(body)

    def _keep(self, tracker: DialogueStateTracker) -> None:
        self._kept.pop(tracker.sender_id, None)
        self._kept[tracker.sender_id] = _Kept(tracker, self.domain)
        while len(self._kept) > self.cache_size:
            self._kept.popitem(last=False)


_RASAS_CREATE_TRACKER_STORE = Agent._create_tracker_store


def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
    """Rasa's agent keeps this store as it is; any other gets Rasa's fail-safe wrapper."""
    if isinstance(store, KeptSQLTrackerStore):
        store.domain = domain
        return store
    wrapped: TrackerStore = _RASAS_CREATE_TRACKER_STORE(store, domain)
    return wrapped


def install() -> None:
    """Make Rasa's agent use this store without its fallback to memory (idempotent)."""
    Agent._create_tracker_store = staticmethod(_create_tracker_store)  # type: ignore[method-assign]
