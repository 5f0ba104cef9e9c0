"""Reminders that outlive the Rasa server that set them.

Rasa 3.6 keeps a reminder (``ReminderScheduled``: the rating question's pause,
:mod:`bot.winding_down`) as a job of an in-memory scheduler in the one server that set it:
when that server stops or dies, the reminder is gone, and with several servers a reminder
cancelled on another one still fires. Here the tracker store's database holds the pending
reminders too, in the table ``shopbot_reminders`` (one row per conversation and reminder
name: when it is due, the event, which server holds it and until when):

- **Written with the conversation.** A reminder Rasa schedules (``_schedule_reminders``, the
  side effect of an action, of the pause rule or of the HTTP API's ``execute_side_effects``)
  and a ``ReminderCancelled`` are noted on the tracker and written by the tracker store
  (:class:`bot.tracker_store.KeptSQLTrackerStore`) in the same transaction as the events: a
  turn that is not saved leaves no row, and a saved one leaves no job unrecorded.
- **Held under a lease.** Each server renews the lease of its rows every third of
  ``SHOPBOT_REMINDER_LEASE_SECONDS`` (default 30). A server that stops renewing (killed,
  stopped, cut off) loses its rows when the lease ends: any other server, or the same one
  started again, takes them over (an ``UPDATE`` that only one can win) and schedules them
  in its own scheduler, at their time or at once when it has passed. A server that stops
  cleanly ends its leases at once.
- **Fired once.** A reminder that fires is first claimed, under the conversation's lock, by
  deleting its row (same conversation, name and time): if the row is gone (fired by another
  server, cancelled anywhere, or replaced by a newer reminder of the same name) it does
  nothing. Rasa's own checks follow (a shopper's message after the reminder or a restart
  cancels it), so even a reminder that somehow ran twice would be skipped the second time
  (its external message is a message after the reminder).

Without such a store (another tracker store in ``endpoints.yml``) Rasa's behaviour stays.
:mod:`bot.processor_hooks` puts the hooks in place and starts :class:`ReminderKeeper` with
the server.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from rasa.core import jobs
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import Event, ReminderCancelled, ReminderScheduled
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.base import Connection, Engine
from sqlalchemy.sql.expression import text

__all__ = [
    "INSTANCE_ID",
    "TABLE",
    "PendingReminder",
    "ReminderKeeper",
    "ReminderTable",
    "changes_of",
    "handle_reminder",
    "note_changes",
    "table_of",
]

logger = logging.getLogger(__name__)

#: This process, as the holder of its reminders' leases.
INSTANCE_ID = uuid.uuid4().hex
#: The table (named as it is in the statements below).
TABLE = "shopbot_reminders"
#: How soon an adopted reminder whose time has passed fires.
OVERDUE_DELAY = timedelta(seconds=1)
_CHANGES = "_shopbot_reminder_changes"
_SAME_TIME = 0.001  # seconds: the same due time, written and read back

_CREATE = (
    "CREATE TABLE IF NOT EXISTS shopbot_reminders ("
    "sender_id VARCHAR(255) NOT NULL, name VARCHAR(255) NOT NULL, due_at FLOAT NOT NULL, "
    "event TEXT NOT NULL, owner VARCHAR(64) NOT NULL, lease_until FLOAT NOT NULL, "
    "PRIMARY KEY (sender_id, name))"
)
_UPSERT = text(
    "INSERT INTO shopbot_reminders (sender_id, name, due_at, event, owner, lease_until) "
    "VALUES (:sender, :name, :due, :event, :owner, :until) "
    "ON CONFLICT (sender_id, name) DO UPDATE SET due_at = excluded.due_at, "
    "event = excluded.event, owner = excluded.owner, lease_until = excluded.lease_until"
)
_OF_SENDER = text("SELECT name, event FROM shopbot_reminders WHERE sender_id = :sender")
_DELETE = text("DELETE FROM shopbot_reminders WHERE sender_id = :sender AND name = :name")
_CLAIM = text(
    "DELETE FROM shopbot_reminders WHERE sender_id = :sender AND name = :name "
    "AND due_at BETWEEN :due - :same AND :due + :same"
)
_RENEW = text("UPDATE shopbot_reminders SET lease_until = :until WHERE owner = :owner")
_RELEASE = text("UPDATE shopbot_reminders SET lease_until = 0 WHERE owner = :owner")
_EXPIRED = text("SELECT sender_id, name, event FROM shopbot_reminders WHERE lease_until < :now")
_TAKE = text(
    "UPDATE shopbot_reminders SET owner = :owner, lease_until = :until "
    "WHERE sender_id = :sender AND name = :name AND lease_until < :now"
)


def due_at(reminder: ReminderScheduled) -> float:
    """When ``reminder`` is due, in seconds since the epoch."""
    return reminder.trigger_date_time.timestamp()


def note_changes(tracker: DialogueStateTracker, events: Iterable[Event]) -> None:
    """Note the reminders Rasa scheduled or cancelled for ``tracker``: its store writes
    them with the conversation."""
    changes = [e for e in events if isinstance(e, (ReminderScheduled, ReminderCancelled))]
    if changes:
        tracker.__dict__.setdefault(_CHANGES, []).extend(changes)


def changes_of(tracker: DialogueStateTracker) -> list[Event]:
    """The reminder changes noted on ``tracker`` and not written yet."""
    noted: list[Event] = tracker.__dict__.get(_CHANGES, [])
    return list(noted)


def forget_changes(tracker: DialogueStateTracker, written: Sequence[Event]) -> None:
    """Drop the changes that were written (once the transaction committed)."""
    noted: list[Event] = tracker.__dict__.get(_CHANGES, [])
    del noted[: len(written)]


@dataclass(frozen=True)
class PendingReminder:
    """A reminder row: whose, and the event to fire."""

    sender_id: str
    event: ReminderScheduled


def _event(data: str) -> ReminderScheduled | None:
    try:
        event = Event.from_parameters(json.loads(data))
    except (ValueError, TypeError, KeyError):
        return None
    return event if isinstance(event, ReminderScheduled) else None


class ReminderTable:
    """The pending reminders in the tracker store's database."""

    def __init__(self, engine: Engine, lease_seconds: float, owner: str = INSTANCE_ID) -> None:
        """``owner``: who holds the rows this table writes and takes over."""
        self.engine = engine
        self.lease_seconds = lease_seconds
        self.owner = owner

    def create(self, connection: Connection) -> None:
        """Create the table if it is missing (several servers may start together)."""
        connection.exec_driver_sql(_CREATE)

    def write(self, connection: Connection, sender_id: str, changes: Sequence[Event]) -> None:
        """Inside the store's transaction: record the scheduled reminders (held by this
        server), remove the cancelled ones."""
        until = time.time() + self.lease_seconds
        for change in changes:
            if isinstance(change, ReminderScheduled):
                connection.execute(
                    _UPSERT,
                    {
                        "sender": sender_id,
                        "name": change.name,
                        "due": due_at(change),
                        "event": json.dumps(change.as_dict()),
                        "owner": self.owner,
                        "until": until,
                    },
                )
            elif isinstance(change, ReminderCancelled):
                self._cancel(connection, sender_id, change)

    def _cancel(self, connection: Connection, sender_id: str, cancel: ReminderCancelled) -> None:
        for name, data in connection.execute(_OF_SENDER, {"sender": sender_id}).fetchall():
            reminder = _event(data)
            if reminder is None or cancel.cancels_job_with_name(
                reminder.scheduled_job_name(sender_id), sender_id
            ):
                connection.execute(_DELETE, {"sender": sender_id, "name": name})

    def claim(self, sender_id: str, reminder: ReminderScheduled) -> bool:
        """Take ``reminder`` to fire it: True for the one caller that removed its row."""
        with self.engine.begin() as connection:
            removed = connection.execute(
                _CLAIM,
                {
                    "sender": sender_id,
                    "name": reminder.name,
                    "due": due_at(reminder),
                    "same": _SAME_TIME,
                },
            )
            return bool(removed.rowcount == 1)

    def renew(self) -> int:
        """Extend the lease of this server's rows; how many there are."""
        with self.engine.begin() as connection:
            renewed = connection.execute(
                _RENEW, {"until": time.time() + self.lease_seconds, "owner": self.owner}
            )
            return int(renewed.rowcount or 0)

    def release(self) -> int:
        """End the lease of this server's rows now (it is stopping): the others take them
        over at their next round instead of after the lease."""
        with self.engine.begin() as connection:
            released = connection.execute(_RELEASE, {"owner": self.owner})
            return int(released.rowcount or 0)

    def adopt(self) -> list[PendingReminder]:
        """Take over the rows whose lease has ended; each goes to one server only."""
        now = time.time()
        taken: list[PendingReminder] = []
        with self.engine.begin() as connection:
            expired = connection.execute(_EXPIRED, {"now": now}).fetchall()
        for sender_id, name, data in expired:
            with self.engine.begin() as connection:
                won = connection.execute(
                    _TAKE,
                    {
                        "owner": self.owner,
                        "until": now + self.lease_seconds,
                        "sender": sender_id,
                        "name": name,
                        "now": now,
                    },
                )
            reminder = _event(data)
            if won.rowcount == 1 and reminder is not None:
                taken.append(PendingReminder(sender_id, reminder))
        return taken


def table_of(store: Any) -> ReminderTable | None:
    """The reminder table of a tracker store (or of the one Rasa's fail-safe wrapper
    holds), if it keeps one."""
    store = getattr(store, "_tracker_store", store)
    table = getattr(store, "reminders", None)
    return table if isinstance(table, ReminderTable) else None


async def handle_reminder(
    processor: MessageProcessor,
    reminder: ReminderScheduled,
    sender_id: str,
    output_channel: OutputChannel,
) -> None:
    """Rasa's ``handle_reminder`` (the same checks, in the same order), with the reminder
    claimed in the table first, under the conversation's lock."""
    table = table_of(processor.tracker_store)
    async with processor.lock_store.lock(sender_id):
        if table is not None and not table.claim(sender_id, reminder):
            logger.debug("reminder %s: fired elsewhere, cancelled or replaced", reminder.name)
            return
        tracker = await processor.fetch_tracker_and_update_session(sender_id, output_channel)
        if (
            reminder.kill_on_user_message
            and processor._has_message_after_reminder(tracker, reminder)
        ) or not processor._is_reminder_still_valid(tracker, reminder):
            logger.debug("reminder %s: outdated", reminder.name)
            return
        await processor.trigger_external_user_uttered(
            reminder.intent, reminder.entities or {}, tracker, output_channel
        )


class ReminderKeeper:
    """Renews this server's leases and takes over the reminders of servers that stopped."""

    def __init__(self, lease_seconds: float) -> None:
        self.lease_seconds = lease_seconds

    @property
    def interval(self) -> float:
        """Seconds between two rounds: a third of the lease."""
        return self.lease_seconds / 3

    async def tick(self, agent: Any, input_channels: Sequence[Any]) -> list[PendingReminder]:
        """One round for the running ``agent``: renew, then adopt and schedule."""
        processor: MessageProcessor | None = getattr(agent, "processor", None)
        table = table_of(getattr(agent, "tracker_store", None))
        if processor is None or table is None:
            return []
        table.renew()
        adopted = table.adopt()
        for pending in adopted:
            await self._schedule(processor, pending, input_channels)
        return adopted

    def release(self, agent: Any) -> None:
        """The server stops: its reminders go to the others (or to it, started again)."""
        table = table_of(getattr(agent, "tracker_store", None))
        if table is not None:
            released = table.release()
            if released:
                logger.warning("reminders: %d handed over as this server stops", released)

    async def _schedule(
        self,
        processor: MessageProcessor,
        pending: PendingReminder,
        input_channels: Sequence[Any],
    ) -> None:
        """Schedule an adopted reminder here as Rasa schedules its own (same job id and
        name), at its time or in a second when that has passed."""
        reminder = pending.event
        channel = await _output_channel(processor, pending.sender_id, input_channels)
        due = reminder.trigger_date_time
        soonest = datetime.now(due.tzinfo or timezone.utc) + OVERDUE_DELAY
        if due.tzinfo is None:
            soonest = soonest.replace(tzinfo=None)
        (await jobs.scheduler()).add_job(  # type: ignore[no-untyped-call]
            processor.handle_reminder,
            "date",
            run_date=max(due, soonest),
            args=[reminder, pending.sender_id, channel],
            id=reminder.name,
            replace_existing=True,
            name=reminder.scheduled_job_name(pending.sender_id),
        )
        logger.warning(
            "reminder %s of conversation %s taken over (its server stopped renewing it)",
            reminder.name,
            pending.sender_id,
        )


async def _output_channel(
    processor: MessageProcessor, sender_id: str, input_channels: Sequence[Any]
) -> OutputChannel:
    """Where the reminder's answer goes: the output of the channel the shopper last wrote
    on (as the HTTP API's ``output_channel=latest``), else nowhere."""
    tracker = await processor.tracker_store.retrieve(sender_id)
    latest = tracker.get_latest_input_channel() if tracker else None
    for channel in input_channels:
        if latest and channel.name() == latest:
            output: OutputChannel | None = channel.get_output_channel()
            if output is not None:
                return output
    return CollectingOutputChannel()
