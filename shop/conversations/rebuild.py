"""Rebuilding every summary from the tracker store (``shopbot conversations rebuild``).

The rebuild takes the consumer's lease (the background consumer pauses), empties the
summary tables, reads every conversation of Rasa's SQL tracker store (all sessions, in
order) through the same fold as the consumer, writes them in batches, and finally puts the
consumer's position on the newest broker event published before the rebuild began (less a
margin). Events after that position are read again by the consumer and counted once by the
conversations' watermarks, so nothing is lost and nothing doubles. The console shows the
summaries filling up while it runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, inspect, select, update
from sqlalchemy.exc import SQLAlchemyError

from core.db.base import utc_now
from core.db.database import Database, translate_error
from core.errors import DatabaseError, ShopbotError
from shop.conversations.broker import BrokerEvents
from shop.conversations.consumer import CURSOR_NAME, CURSOR_NAMES, acquire_lease, holder_name
from shop.conversations.fold import ConversationState, fold_event
from shop.conversations.store import save_states
from shop.conversations.tables import CURSORS, SUMMARIES, TURNS
from shop.feedback.tracker_events import events_table, stored_event

__all__ = [
    "REBUILD_LEASE_SECONDS",
    "REBUILD_MARGIN_SECONDS",
    "RebuildReport",
    "hold_every_lease",
    "rebuild_summaries",
    "release_every_lease",
    "tracker_conversations",
    "tracker_error",
    "tracker_events_of",
    "tracker_store_exists",
]

#: Broker events this close to the rebuild's start are read again by the consumer.
REBUILD_MARGIN_SECONDS = 30.0
#: The rebuild's lease: long, renewed with every batch.
REBUILD_LEASE_SECONDS = 600
BATCH_CONVERSATIONS = 500
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RebuildReport:
    """What the rebuild did."""

    conversations: int
    turns: int
    events: int
    removed: int
    position: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "conversations": self.conversations,
            "turns": self.turns,
            "events": self.events,
            "removed": self.removed,
            "position": self.position,
            "seconds": round(self.seconds, 1),
        }


def tracker_error(tracker: Database, error: SQLAlchemyError) -> ShopbotError:
    translated = translate_error(error, tracker.url)
    if translated is not None:
        return translated
    return DatabaseError(f"cannot read the tracker store: {type(error).__name__}")


def _grouped(rows: Iterable[Any]) -> Iterator[tuple[str, list[Any]]]:
    """``(sender_id, data)`` rows ordered by sender: each sender's readable events."""
    sender: str | None = None
    events: list[Any] = []
    for row_sender, data in rows:
        if row_sender != sender:
            if sender is not None:
                yield sender, events
            sender, events = str(row_sender), []
        if (event := stored_event(data)) is not None:
            events.append(event)
    if sender is not None:
        yield sender, events


def tracker_conversations(tracker: Database) -> tuple[int, Iterator[tuple[str, list[Any]]]]:
    """How many conversations the tracker store holds, and each one's events in order."""
    try:
        with tracker.engine.connect() as connection:
            total = connection.execute(
                select(func.count(func.distinct(events_table.c.sender_id)))
            ).scalar_one()
    except SQLAlchemyError as error:
        raise tracker_error(tracker, error) from error

    def conversations() -> Iterator[tuple[str, list[Any]]]:
        statement = select(events_table.c.sender_id, events_table.c.data).order_by(
            events_table.c.sender_id, events_table.c.id
        )
        try:
            with tracker.engine.connect() as connection:
                rows = connection.execution_options(stream_results=True, yield_per=2000)
                yield from _grouped(rows.execute(statement))
        except SQLAlchemyError as error:
            raise tracker_error(tracker, error) from error

    return int(total), conversations()


def tracker_events_of(tracker: Database, senders: Sequence[str]) -> dict[str, list[Any]]:
    """The events of these conversations in the tracker store, in order (a conversation
    it does not hold is left out)."""
    statement = (
        select(events_table.c.sender_id, events_table.c.data)
        .where(events_table.c.sender_id.in_(list(senders)))
        .order_by(events_table.c.sender_id, events_table.c.id)
    )
    try:
        with tracker.engine.connect() as connection:
            return dict(_grouped(connection.execute(statement)))
    except SQLAlchemyError as error:
        raise tracker_error(tracker, error) from error


def tracker_store_exists(tracker: Database) -> bool:
    """Whether the tracker store has Rasa's table (a missing SQLite file: no, and it is not
    created by asking)."""
    url = tracker.url
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).expanduser().is_file():
        return False
    try:
        with tracker.engine.connect() as connection:
            return bool(inspect(connection).has_table(events_table.name))
    except SQLAlchemyError as error:
        raise tracker_error(tracker, error) from error


def hold_every_lease(connection: Connection, holder: str) -> None:
    """Take (or renew) every consumer's lease for ``holder``, whoever holds them: the
    consumers pause while the summaries are remade."""
    now = utc_now()
    for cursor in CURSOR_NAMES:
        acquire_lease(
            connection, holder, now, seconds=REBUILD_LEASE_SECONDS, force=True, cursor=cursor
        )


def release_every_lease(connection: Connection, holder: str) -> None:
    """Give back the leases ``holder`` took (the consumers go on at once)."""
    connection.execute(
        update(CURSORS)
        .where(CURSORS.c.name.in_(CURSOR_NAMES), CURSORS.c.holder == holder)
        .values(holder=None, lease_until=None, updated_at=utc_now())
    )


def rebuild_summaries(
    database: Database,
    tracker: Database,
    broker: BrokerEvents | None = None,
    progress: Progress | None = None,
    *,
    holder: str | None = None,
) -> RebuildReport:
    """Replace every summary with one folded from the tracker store (see the module)."""
    started = time.monotonic()
    holder = holder or holder_name("rebuild")
    stored = tracker_store_exists(tracker)
    position = 0  # without a tracker store, the broker's events are all there is
    if broker is not None and stored:
        position = broker.position_before(time.time() - REBUILD_MARGIN_SECONDS)
    with database.begin() as connection:
        hold_every_lease(connection, holder)
        connection.execute(delete(TURNS))
        removed = connection.execute(delete(SUMMARIES)).rowcount
    total, conversations = tracker_conversations(tracker) if stored else (0, iter(()))
    done = turns = events = 0
    batch: list[ConversationState] = []

    def flush() -> None:
        nonlocal turns
        with database.begin() as connection:
            hold_every_lease(connection, holder)
            turns += save_states(connection, batch)
        batch.clear()

    for sender, sender_events in conversations:
        state = ConversationState(sender)
        events += sum(fold_event(state, event) for event in sender_events)
        if state.changed:
            batch.append(state)
        done += 1
        if len(batch) >= BATCH_CONVERSATIONS:
            flush()
        if progress is not None:
            progress(done, total)
    flush()
    with database.begin() as connection:
        connection.execute(
            update(CURSORS).where(CURSORS.c.name == CURSOR_NAME).values(position=position)
        )
        release_every_lease(connection, holder)
    return RebuildReport(done, turns, events, removed or 0, position, time.monotonic() - started)
