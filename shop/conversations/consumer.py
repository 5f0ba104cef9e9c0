"""The consumer: new broker events folded into the summaries, with the position, atomically.

One :meth:`EventConsumer.step` is one transaction on the order database: take (or renew)
the lease on the cursor row, read the next events after the cursor's position from the
broker, fold them into the conversations they belong to, write the summaries and move the
position, then commit. A crash before the commit changes nothing; after it, nothing is read
twice. Only the holder of the lease works: whoever runs next (the web server's background
task or ``shopbot conversations follow``) waits until the lease lapses.
"""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from core.db.base import utc_now
from core.db.database import Database
from shop.conversations.broker import BrokerEvent, BrokerEvents
from shop.conversations.fold import ConversationState, fold_event
from shop.conversations.store import load_states, save_states
from shop.conversations.tables import CURSORS

__all__ = [
    "AMQP_CURSOR_NAME",
    "BATCH_SIZE",
    "CURSOR_NAME",
    "CURSOR_NAMES",
    "LEASE_SECONDS",
    "ConsumerStep",
    "EventConsumer",
    "acquire_lease",
    "claim_first_start",
    "holder_name",
    "release_lease",
]

CURSOR_NAME = "rasa-events"
#: The cursor row of the RabbitMQ consumer (``shop.conversations.amqp_follow``): its own
#: lease, so a web server following the SQL broker never keeps it waiting.
AMQP_CURSOR_NAME = "rabbitmq-events"
#: Every consumer's cursor: a rebuild takes all their leases.
CURSOR_NAMES = (CURSOR_NAME, AMQP_CURSOR_NAME)
#: A consumer that has not renewed its lease for this long is presumed gone.
LEASE_SECONDS = 30
BATCH_SIZE = 1000
Clock = Callable[[], datetime]


def holder_name(role: str) -> str:
    """A name for one consumer: role, host, process and a random part."""
    return f"{role}:{socket.gethostname()[:24]}:{os.getpid()}:{secrets.token_hex(3)}"[:64]


def _create_cursor(
    connection: Connection,
    now: datetime,
    holder: str | None = None,
    seconds: float = 0,
    cursor: str = CURSOR_NAME,
) -> bool:
    """Make the cursor row (held by ``holder`` when given); False when it exists."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    lease = now + timedelta(seconds=seconds) if holder else None
    made = connection.execute(  # another consumer may make it at the same moment
        insert(CURSORS)
        .values(name=cursor, position=0, holder=holder, lease_until=lease, updated_at=now)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    return bool(made.rowcount)


def _ensure_cursor(connection: Connection, now: datetime, cursor: str) -> None:
    exists = connection.execute(select(CURSORS.c.name).where(CURSORS.c.name == cursor)).first()
    if exists is None:
        _create_cursor(connection, now, cursor=cursor)


def claim_first_start(database: Database, holder: str, seconds: float) -> bool:
    """Whether ``holder`` is the very first consumer of this database (the cursor row did
    not exist; it now does, leased to ``holder``): the one to fold the tracker store."""
    with database.begin() as connection:
        exists = connection.execute(
            select(CURSORS.c.name).where(CURSORS.c.name == CURSOR_NAME)
        ).first()
        return exists is None and _create_cursor(connection, utc_now(), holder, seconds)


def acquire_lease(
    connection: Connection,
    holder: str,
    now: datetime,
    *,
    seconds: float = LEASE_SECONDS,
    force: bool = False,
    cursor: str = CURSOR_NAME,
) -> int | None:
    """Take or renew the lease of ``cursor`` for ``holder``; the cursor's position, or None
    when another consumer holds it (``force`` takes it anyway: the rebuild)."""
    _ensure_cursor(connection, now, cursor)
    statement = update(CURSORS).where(CURSORS.c.name == cursor)
    if not force:
        statement = statement.where(
            or_(
                CURSORS.c.holder.is_(None),
                CURSORS.c.holder == holder,
                CURSORS.c.lease_until < now,
            )
        )
    taken = connection.execute(
        statement.values(holder=holder, lease_until=now + timedelta(seconds=seconds))
    ).rowcount
    if taken != 1:
        return None
    position = connection.execute(
        select(CURSORS.c.position).where(CURSORS.c.name == cursor)
    ).scalar_one()
    return int(position)


def release_lease(database: Database, holder: str, cursor: str = CURSOR_NAME) -> None:
    """Give the lease up (when ``holder`` has it), so the next consumer needs not wait."""
    with database.begin() as connection:
        connection.execute(
            update(CURSORS)
            .where(CURSORS.c.name == cursor, CURSORS.c.holder == holder)
            .values(holder=None, lease_until=None)
        )


def _move(connection: Connection, holder: str, position: int, now: datetime) -> None:
    connection.execute(
        update(CURSORS)
        .where(CURSORS.c.name == CURSOR_NAME, CURSORS.c.holder == holder)
        .values(position=position, updated_at=now)
    )


@dataclass(frozen=True)
class ConsumerStep:
    """What one step did: events read and folded (new ones), conversations touched, the
    position reached, whether this consumer held the lease."""

    read: int = 0
    folded: int = 0
    conversations: int = 0
    position: int = 0
    held: bool = True

    @property
    def caught_up(self) -> bool:
        """Whether there was nothing more to read (or another consumer works)."""
        return not self.held or self.read == 0


def fold_batch(connection: Connection, events: list[BrokerEvent]) -> tuple[int, int]:
    """Fold broker events into the stored summaries (caller's transaction): (new events,
    conversations touched)."""
    senders = list(dict.fromkeys(event.sender_id for event in events if event.sender_id))
    states = load_states(connection, senders)
    folded = 0
    for event in events:
        if not event.sender_id:
            continue
        state = states.get(event.sender_id)
        if state is None:
            state = states[event.sender_id] = ConversationState(event.sender_id)
        folded += fold_event(state, event.event)
    save_states(connection, states.values())
    return folded, len(senders)


class EventConsumer:
    """Folds the broker's new events into the summaries of the order database."""

    def __init__(
        self,
        database: Database,
        broker: BrokerEvents,
        *,
        holder: str | None = None,
        batch_size: int = BATCH_SIZE,
        clock: Clock = utc_now,
    ) -> None:
        """``database``: the order database (summaries, cursor); ``broker``: the events."""
        self.database = database
        self.broker = broker
        self.holder = holder or holder_name("consumer")
        self.batch_size = batch_size
        self._clock = clock

    def step(self) -> ConsumerStep:
        """Fold the next batch of events (one transaction)."""
        with self.database.begin() as connection:
            now = self._clock()
            position = acquire_lease(connection, self.holder, now)
            if position is None:
                return ConsumerStep(held=False)
            events = self.broker.read_after(position, self.batch_size)
            if not events:
                return ConsumerStep(position=position)
            folded, conversations = fold_batch(connection, events)
            reached = events[-1].position
            _move(connection, self.holder, reached, now)
            return ConsumerStep(len(events), folded, conversations, reached)

    def catch_up(self, max_steps: int = 1000) -> ConsumerStep:
        """Steps until nothing is left (or ``max_steps``); the totals."""
        read = folded = conversations = 0
        last = ConsumerStep()
        for _ in range(max_steps):
            last = self.step()
            read, folded = read + last.read, folded + last.folded
            conversations += last.conversations
            if last.caught_up:
                break
        return ConsumerStep(read, folded, conversations, last.position, last.held)

    def release(self) -> None:
        """Give the lease up."""
        release_lease(self.database, self.holder)
