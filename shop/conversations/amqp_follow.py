"""Following RabbitMQ: the production profile's consumer of the conversation summaries.

``shopbot conversations follow --broker amqp`` runs :func:`follow_amqp` (settings
``SHOPBOT_AMQP_URL``, ``SHOPBOT_AMQP_QUEUE``, ...). The fold is the SQL consumer's
(:func:`~shop.conversations.consumer.fold_batch`); what differs is where events come from
and how each is counted exactly once:

- **Batches, acknowledged after the commit.** Up to ``amqp_batch_size`` messages (also the
  prefetch) are folded in one transaction on the order database, which also renews this
  consumer's lease (cursor ``rabbitmq-events``; a rebuild takes it, and the consumer
  waits); only after the commit are they acknowledged, all at once. A crash before the
  commit leaves the messages unacknowledged: RabbitMQ delivers them again, in place, and
  they are folded then. A crash between the commit and the acknowledgement delivers folded
  messages again: each conversation's watermark (the fingerprints of its latest events,
  stored in the same transaction as the fold) recognises them and they change nothing.
  The same holds for a duplicate publish (Rasa sends an event again when its publisher
  confirm was lost with the connection).
- **RabbitMQ down.** Connecting or consuming fails: the failure is logged once (and the
  recovery once), the consumer retries with a doubling pause up to
  :data:`MAX_BACKOFF_SECONDS`, and the bot is not concerned (Rasa publishes in the
  background). The messages already in the queue are read when it is back.
- **Catch-up from the tracker store.** Events that never reached the queue (see
  :mod:`~shop.conversations.amqp`) are folded from the tracker store
  (:func:`~shop.conversations.catchup.catch_up`): the conversations touched since the
  last check (less :data:`CATCH_UP_MARGIN_SECONDS`) whose summaries lack events are folded
  again. A check runs at start, once the queue has been read after every reconnection,
  and every ``amqp_reconcile_seconds``; always when no message waits in the queue, so that
  events still in it are not taken for lost. A tracker store that fails is logged once and
  tried again later; folding the queue goes on meanwhile. The moment checked through is kept
  in the cursor row (``position``, in milliseconds since the epoch), so a restarted
  consumer checks from where the last one stopped; the very first checks everything (as
  the SQL consumer's first start folds the whole tracker store).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NoReturn

from sqlalchemy import Connection, select, update

from core.db.base import utc_now
from core.db.database import Database
from core.errors import EventBrokerUnavailable, ShopbotError
from core.settings import Settings
from shop.conversations.amqp import (
    BROKER_ERRORS,
    IDLE_SECONDS,
    Delivery,
    EventQueue,
    describe_broker_error,
)
from shop.conversations.catchup import CatchUpReport, catch_up
from shop.conversations.consumer import (
    AMQP_CURSOR_NAME,
    LEASE_SECONDS,
    acquire_lease,
    fold_batch,
    holder_name,
    release_lease,
)
from shop.conversations.tables import CURSORS

__all__ = [
    "CATCH_UP_MARGIN_SECONDS",
    "MAX_BACKOFF_SECONDS",
    "SETTLE_SECONDS",
    "AmqpFollower",
    "AmqpTotals",
    "follow_amqp",
]

logger = logging.getLogger(__name__)
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
#: A catch-up looks this far before the moment the last one checked through.
CATCH_UP_MARGIN_SECONDS = 120.0
#: Conversations with an event this recent wait for the next catch-up (still in flight).
SETTLE_SECONDS = 5.0
#: The start of every RabbitMQ consumer's role (``holder_name``).
ROLE_PREFIX = "amqp-"
#: How often a consumer whose lease another holds (a rebuild) looks again.
LEASE_WAIT_SECONDS = 1.0
#: A catch-up that failed (the tracker store down) is tried again after this long.
CATCH_UP_RETRY_SECONDS = 30.0
#: ``--once`` stops when the queue has been quiet this long.
DRAIN_IDLE_SECONDS = 1.0
Clock = Callable[[], float]
#: What the loop survives: RabbitMQ's failures and the databases' (logged, retried).
FOLLOW_ERRORS: tuple[type[BaseException], ...] = (*BROKER_ERRORS, ShopbotError)


@dataclass
class AmqpTotals:
    """What the consumer did since it started."""

    read: int = 0
    folded: int = 0
    redelivered: int = 0
    batches: int = 0
    caught_up: int = 0
    catch_ups: list[CatchUpReport] = field(default_factory=list)
    connections: int = 0

    def to_dict(self) -> dict[str, int]:
        """JSON-ready (without the catch-up reports)."""
        return {
            "read": self.read,
            "folded": self.folded,
            "redelivered": self.redelivered,
            "batches": self.batches,
            "caught_up": self.caught_up,
            "connections": self.connections,
        }


class _Stopped(Exception):
    """Stop was asked for while waiting for the lease (the batch stays unacknowledged)."""


def _checked_through(database: Database) -> float | None:
    """The moment (seconds) the last catch-up checked through; None: never (everything
    is to be checked)."""
    with database.begin() as connection:
        position = connection.execute(
            select(CURSORS.c.position).where(CURSORS.c.name == AMQP_CURSOR_NAME)
        ).scalar()
    return int(position) / 1000 if position else None


class AmqpFollower:
    """Folds RabbitMQ's messages into the summaries; catches up from the tracker store."""

    def __init__(
        self,
        settings: Settings,
        role: str = "amqp-follow",
        *,
        clock: Clock = time.time,
    ) -> None:
        """Opens the order database and the tracker store of ``settings``; RabbitMQ on the
        first :meth:`connect` (``SHOPBOT_AMQP_URL`` must be set)."""
        self.queue = EventQueue(
            settings.require_amqp_url(),
            settings.amqp_queue,
            settings.amqp_exchange,
            prefetch=settings.amqp_batch_size,
        )
        self.database = Database(settings.database_url)
        self.tracker = Database(settings.tracker_store_address())
        self.batch_size = settings.amqp_batch_size
        self.reconcile_seconds = settings.amqp_reconcile_seconds
        self.holder = holder_name(role)
        self.totals = AmqpTotals()
        self._clock = clock
        self._checked: float | None = None
        self._loaded = False
        self._owed = True
        self._next_check = 0.0
        self._retry_at = 0.0
        self._catch_up_failing = False
        self._failing: str | None = None
        self._waiting = False

    # -- the lease ----------------------------------------------------------------------

    def _hold(self, connection: Connection) -> bool:
        """Take or renew the lease (in the caller's transaction). Called only while this
        consumer has the queue, and RabbitMQ lets one consumer have it: another consumer
        still named as the holder is gone (killed before it gave the lease up), so the
        lease is taken over at once; a rebuild's is waited for."""
        for force in (False, True):
            taken = acquire_lease(
                connection,
                self.holder,
                utc_now(),
                seconds=LEASE_SECONDS,
                force=force,
                cursor=AMQP_CURSOR_NAME,
            )
            if taken is not None:
                return True
            holder = connection.execute(
                select(CURSORS.c.holder).where(CURSORS.c.name == AMQP_CURSOR_NAME)
            ).scalar()
            if not str(holder or "").startswith(ROLE_PREFIX):
                return False
        return False

    # -- folding ------------------------------------------------------------------------

    def fold(self, batch: list[Delivery], stop: threading.Event | None = None) -> int:
        """Fold a batch in one transaction (waiting while another holds the lease); the
        number of new events. Acknowledging is the caller's, after this returns."""
        events = [delivery.event for delivery in batch]
        while True:
            with self.database.begin() as connection:
                if self._hold(connection):
                    folded, _ = fold_batch(connection, events)
                    connection.execute(
                        update(CURSORS)
                        .where(CURSORS.c.name == AMQP_CURSOR_NAME)
                        .values(updated_at=utc_now())
                    )
                    break
            if not self._waiting:
                logger.info("conversation summaries: waiting for the lease (a rebuild?)")
            self._waiting = True
            if stop is not None and stop.is_set():
                raise _Stopped
            self.queue.sleep(LEASE_WAIT_SECONDS)
        self._waiting = False
        self.totals.read += len(batch)
        self.totals.folded += folded
        self.totals.redelivered += sum(delivery.redelivered for delivery in batch)
        self.totals.batches += 1
        return folded

    def step(self, stop: threading.Event | None = None, idle: float = IDLE_SECONDS) -> int:
        """Take one batch, fold it, acknowledge it; how many messages (0: the queue was
        quiet for ``idle`` seconds). A catch-up that is due runs once the queue holds no
        more than a batch."""
        batch = self.queue.take(self.batch_size, idle)
        if batch:
            self.fold(batch, stop)
            self.queue.ack_through(batch[-1].tag)
        if self._catch_up_due() and (not batch or self.queue.depth() == 0):
            try:
                self.catch_up()
            except (ShopbotError, OSError) as error:  # the tracker store: try again later
                self._catch_up_failed(error)
        return len(batch)

    # -- catching up from the tracker store ---------------------------------------------

    def _catch_up_due(self) -> bool:
        now = self._clock()
        if now < self._retry_at:
            return False
        return self._owed or (self.reconcile_seconds > 0 and now >= self._next_check)

    def _catch_up_failed(self, error: BaseException) -> None:
        """Log the first failure of the tracker store (the consumer goes on folding the
        queue meanwhile) and try again in :data:`CATCH_UP_RETRY_SECONDS`."""
        if not self._catch_up_failing:
            logger.warning(
                "conversation summaries: cannot check them against the tracker store "
                "(%s); trying again",
                describe_broker_error(error),
            )
        self._catch_up_failing = True
        self._owed = True
        self._retry_at = self._clock() + CATCH_UP_RETRY_SECONDS

    def catch_up(self) -> CatchUpReport:
        """Fold again from the tracker store the conversations touched since the last
        check that lack events; record the moment checked through."""
        if not self._loaded:
            self._checked = _checked_through(self.database)
            self._loaded = True
        now = self._clock()
        until = now - SETTLE_SECONDS
        since = None if self._checked is None else self._checked - CATCH_UP_MARGIN_SECONDS
        report = catch_up(self.database, self.tracker, since, self._hold, until=until)
        if not report.held:
            return report
        with self.database.begin() as connection:
            if self._hold(connection):
                connection.execute(
                    update(CURSORS)
                    .where(CURSORS.c.name == AMQP_CURSOR_NAME)
                    .values(position=int(until * 1000), updated_at=utc_now())
                )
        if self._catch_up_failing:
            logger.info("conversation summaries: checked against the tracker store again")
        self._catch_up_failing = False
        self._checked = until
        self._owed = False
        self._next_check = now + self.reconcile_seconds
        self.totals.caught_up += report.refolded
        self.totals.catch_ups.append(report)
        if report.refolded:
            logger.info(
                "conversation summaries: %d conversations caught up from the tracker store",
                report.refolded,
            )
        return report

    # -- the connection -----------------------------------------------------------------

    def connect(self) -> None:
        """Connect to RabbitMQ; a catch-up is owed once the queue has been read."""
        self.queue.connect()
        self.totals.connections += 1
        self._owed = True

    def _recovered(self) -> bool:
        """After a step that worked: log the end of an outage once; whether there was one."""
        if self._failing is None:
            return False
        logger.info("conversation summaries: following RabbitMQ again")
        self._failing = None
        return True

    def _failed(self, error: BaseException) -> None:
        """Log the first failure of an outage (the retries only at debug level)."""
        message = describe_broker_error(error)
        if self._failing is None:
            logger.warning(
                "conversation summaries: cannot follow RabbitMQ (%s); retrying, the summaries "
                "catch up when it is back",
                message,
            )
        else:
            logger.debug("conversation summaries: still cannot follow RabbitMQ (%s)", message)
        self._failing = message
        self.queue.close()

    def run(
        self,
        stop: threading.Event,
        on_batch: Callable[[AmqpTotals], None] | None = None,
    ) -> None:
        """Consume until ``stop`` is set, reconnecting with a growing pause."""
        pause = FIRST_BACKOFF_SECONDS
        shown = (0, 0)
        while not stop.is_set():
            try:
                if not self.queue.connected:
                    self.connect()
                self.step(stop)
            except _Stopped:
                break
            except FOLLOW_ERRORS as error:
                self._failed(error)
                stop.wait(pause)
                pause = min(MAX_BACKOFF_SECONDS, pause * 2)
                continue
            if self._recovered():
                pause = FIRST_BACKOFF_SECONDS
            progress = (self.totals.read, self.totals.caught_up)
            if progress != shown and on_batch is not None:
                on_batch(self.totals)
            shown = progress

    def drain(self) -> AmqpTotals:
        """Connect, fold every message waiting, catch up, stop (``--once``); failures
        raise."""
        try:
            self.connect()
            while self.step(idle=DRAIN_IDLE_SECONDS):
                pass
            if self._owed:
                self.catch_up()
        except BROKER_ERRORS as error:
            raise_unavailable(error)
        return self.totals

    def close(self) -> None:
        """Close RabbitMQ (unacknowledged messages go back), give the lease up, close the
        databases."""
        self.queue.close()
        with suppress(ShopbotError, OSError):
            release_lease(self.database, self.holder, cursor=AMQP_CURSOR_NAME)
        self.database.dispose()
        self.tracker.dispose()


def raise_unavailable(error: BaseException) -> NoReturn:
    """Raise ``error`` as an :class:`EventBrokerUnavailable` (kept when it is one)."""
    if isinstance(error, ShopbotError):
        raise error
    raise EventBrokerUnavailable(
        f"cannot follow RabbitMQ ({describe_broker_error(error)})"
    ) from error


def follow_amqp(
    settings: Settings,
    *,
    stop: threading.Event | None = None,
    on_batch: Callable[[AmqpTotals], None] | None = None,
) -> AmqpTotals:
    """Follow RabbitMQ until ``stop`` is set (or forever); the totals."""
    follower = AmqpFollower(settings)
    try:
        follower.run(stop or threading.Event(), on_batch)
    finally:
        follower.close()
    return follower.totals


def checked_through_time(database: Database) -> datetime | None:
    """When the RabbitMQ consumer last checked the summaries against the tracker store."""
    moment = _checked_through(database)
    return None if moment is None else datetime.fromtimestamp(moment, tz=UTC)
