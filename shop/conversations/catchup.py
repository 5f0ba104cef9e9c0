"""Catching the summaries up with the tracker store: the conversations touched since a time.

The tracker store is the source of truth (requirement 7); an event broker carries copies,
and RabbitMQ's may never arrive: Rasa's pika broker drops what it publishes before its
first connection and keeps the rest in memory while disconnected (gone if the server stops
meanwhile). :func:`catch_up` finds the conversations of the tracker store with an event at
or after ``since`` and folds again, from all their events and in place (the summary keeps
its row), those whose summary lacks some:

- **which lack events**: the store's number of events and latest timestamp per
  conversation against the summary's ``event_count`` and ``last_event_at`` (one grouped
  query each side); one that differs is folded again in memory and written only when the
  result differs from what is stored, and never when the summary is the newer of the two
  (the broker delivered events the store had not committed yet: the next catch-up looks
  again);
- **settling**: a conversation whose latest stored event is newer than ``until`` is left
  for the next catch-up (its events may still be on their way through the queue);
- ``replace=True`` (``shopbot conversations rebuild --since``) writes every touched
  conversation again.

Either way a catch-up is idempotent: run twice, the second changes nothing. Every write
happens while ``hold`` says the caller has the consumers' lease.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.exc import SQLAlchemyError

from core.db.database import Database
from shop.conversations.consumer import holder_name
from shop.conversations.fold import ConversationState, fold_events
from shop.conversations.rebuild import (
    hold_every_lease,
    release_every_lease,
    tracker_error,
    tracker_events_of,
    tracker_store_exists,
)
from shop.conversations.store import load_states, save_states
from shop.conversations.tables import SUMMARIES, TURNS
from shop.feedback.tracker_events import events_table

__all__ = [
    "REFOLD_CHUNK",
    "SCAN_SLACK_SECONDS",
    "SCAN_STOP_ROWS",
    "CatchUpReport",
    "catch_up",
    "catch_up_since",
    "touched_since",
]

#: Rows of the tracker store read per page, newest first, to find the recent conversations.
SCAN_PAGE = 5000
#: An event is stored at most this long after its timestamp ...
SCAN_SLACK_SECONDS = 600.0
#: ... so this many rows in a row older than that end the scan.
SCAN_STOP_ROWS = 1000
#: Conversations folded again per transaction.
REFOLD_CHUNK = 200
#: Timestamps closer than this are the same (floats through JSON and two databases).
SAME_TIME = 1e-6
Hold = Callable[[Connection], bool]
Stats = dict[str, tuple[int, float]]


@dataclass(frozen=True)
class CatchUpReport:
    """What a catch-up did: conversations touched in the window, those whose summary
    differed from the store, those written again, those left for later (still active, or
    the lease was taken), and how long it took."""

    touched: int = 0
    differing: int = 0
    refolded: int = 0
    deferred: int = 0
    held: bool = True
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "touched": self.touched,
            "differing": self.differing,
            "refolded": self.refolded,
            "deferred": self.deferred,
            "held": self.held,
            "seconds": round(self.seconds, 3),
        }


def _chunks(values: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _tracker_rows(tracker: Database, statement: Any) -> list[Any]:
    try:
        with tracker.engine.connect() as connection:
            return list(connection.execute(statement))
    except SQLAlchemyError as error:
        raise tracker_error(tracker, error) from error


def touched_since(tracker: Database, since: float | None) -> list[str]:
    """The conversations of the tracker store with an event at or after ``since`` (every
    one when None). Reads the newest rows first by id, the primary key, and stops after
    :data:`SCAN_STOP_ROWS` rows in a row older than ``since`` by more than
    :data:`SCAN_SLACK_SECONDS` (a few stray old timestamps do not stop it): no full scan."""
    if since is None:
        statement = select(events_table.c.sender_id).distinct()
        return sorted(str(row[0]) for row in _tracker_rows(tracker, statement))
    found: dict[str, None] = {}
    floor = since - SCAN_SLACK_SECONDS
    below: int | None = None
    old = 0
    while True:
        page = select(events_table.c.id, events_table.c.sender_id, events_table.c.timestamp)
        if below is not None:
            page = page.where(events_table.c.id < below)
        rows = _tracker_rows(tracker, page.order_by(events_table.c.id.desc()).limit(SCAN_PAGE))
        for _, sender, stamp in rows:
            if stamp is not None and stamp < floor:
                old += 1
                if old >= SCAN_STOP_ROWS:
                    return list(found)
                continue
            old = 0
            if stamp is not None and stamp >= since:
                found.setdefault(str(sender), None)
        if len(rows) < SCAN_PAGE:
            return list(found)
        below = int(rows[-1][0])


def _tracker_stats(tracker: Database, senders: Sequence[str]) -> Stats:
    stats: Stats = {}
    for chunk in _chunks(senders, 500):
        statement = (
            select(
                events_table.c.sender_id,
                func.count(),
                func.max(events_table.c.timestamp),
            )
            .where(events_table.c.sender_id.in_(list(chunk)))
            .group_by(events_table.c.sender_id)
        )
        for sender, count, latest in _tracker_rows(tracker, statement):
            stats[str(sender)] = (int(count), float(latest or 0.0))
    return stats


def _summary_stats(database: Database, senders: Sequence[str]) -> Stats:
    stats: Stats = {}
    with database.begin() as connection:
        for chunk in _chunks(senders, 500):
            statement = select(
                SUMMARIES.c.conversation_id, SUMMARIES.c.event_count, SUMMARIES.c.last_event_at
            ).where(SUMMARIES.c.conversation_id.in_(list(chunk)))
            for sender, count, latest in connection.execute(statement):
                stats[str(sender)] = (int(count or 0), float(latest or 0.0))
    return stats


def _differs(stored: tuple[int, float] | None, store: tuple[int, float]) -> bool:
    if stored is None:
        return True
    return stored[0] != store[0] or abs(stored[1] - store[1]) > SAME_TIME


def _same_fold(stored: ConversationState, fresh: ConversationState) -> bool:
    return (
        stored.event_count == fresh.event_count
        and stored.turn_count == fresh.turn_count
        and abs(stored.last_event_at - fresh.last_event_at) <= SAME_TIME
    )


def _keep(stored: ConversationState, fresh: ConversationState) -> bool:
    """Whether the stored summary stays: the store's fold is the same, or older (the
    broker brought events the store has not committed yet)."""
    return stored.last_event_at > fresh.last_event_at + SAME_TIME or _same_fold(stored, fresh)


def _refold(
    database: Database,
    tracker: Database,
    senders: Sequence[str],
    hold: Hold,
    *,
    replace: bool,
) -> int | None:
    """Fold these conversations again from the store and write those that changed (one
    transaction); how many were written, or None when the lease is not the caller's."""
    fresh: dict[str, ConversationState] = {}
    for sender, events in tracker_events_of(tracker, senders).items():
        state = ConversationState(sender)
        fold_events(state, events)
        if state.changed:
            fresh[sender] = state
    with database.begin() as connection:
        if not hold(connection):
            return None
        stored = load_states(connection, list(fresh))
        write: list[ConversationState] = []
        for sender, state in fresh.items():
            old = stored.get(sender)
            if old is not None and not replace and _keep(old, state):
                continue
            if old is not None:
                state.id = old.id
                connection.execute(delete(TURNS).where(TURNS.c.conversation_pk == old.id))
            write.append(state)
        save_states(connection, write)
    return len(write)


def catch_up(
    database: Database,
    tracker: Database,
    since: float | None,
    hold: Hold,
    *,
    until: float | None = None,
    replace: bool = False,
) -> CatchUpReport:
    """Fold again, from the tracker store, the conversations touched at or after ``since``
    (every one when None) whose summaries lack events (every touched one with
    ``replace``); conversations active after ``until`` wait for the next catch-up."""
    started = time.monotonic()
    if not tracker_store_exists(tracker):
        return CatchUpReport(seconds=time.monotonic() - started)
    touched = touched_since(tracker, since)
    store = _tracker_stats(tracker, touched)
    summaries = {} if replace else _summary_stats(database, touched)
    differing = [s for s in touched if s in store and _differs(summaries.get(s), store[s])]
    ready = [s for s in differing if until is None or store[s][1] <= until]
    refolded = 0
    for chunk in _chunks(ready, REFOLD_CHUNK):
        written = _refold(database, tracker, chunk, hold, replace=replace)
        if written is None:
            return CatchUpReport(
                len(touched),
                len(differing),
                refolded,
                len(differing) - refolded,
                held=False,
                seconds=time.monotonic() - started,
            )
        refolded += written
    return CatchUpReport(
        len(touched),
        len(differing),
        refolded,
        len(differing) - len(ready),
        seconds=time.monotonic() - started,
    )


def catch_up_since(
    database: Database, tracker: Database, since: float, *, holder: str | None = None
) -> CatchUpReport:
    """``shopbot conversations rebuild --since``: fold again every conversation touched
    since ``since``, in place, with every consumer paused (their leases taken, then given
    back)."""
    holder = holder or holder_name("rebuild")

    def hold(connection: Connection) -> bool:
        hold_every_lease(connection, holder)
        return True

    try:
        return catch_up(database, tracker, since, hold, replace=True)
    finally:
        with database.begin() as connection:
            release_every_lease(connection, holder)
