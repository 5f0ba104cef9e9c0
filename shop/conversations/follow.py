"""Following the event broker: the consumer, run every :data:`FOLLOW_INTERVAL_SECONDS`.

Two ways to run it, one at a time (the cursor's lease decides who works, the other waits):

- the web server runs :func:`follow_in_background` as a background task, so ``make run``
  needs nothing more (setting ``follow_events``, on by default);
- ``shopbot conversations follow`` runs :func:`follow` in the foreground, for deployments
  whose web servers have it off (several web workers, or summaries on another host).

The very first consumer of a database (no cursor yet) first folds the whole tracker store
(:func:`~shop.conversations.rebuild.rebuild_summaries`), so conversations held before the
event broker was configured are listed too; later ones only follow the broker.

Failures (the database down, the schema not migrated yet) are logged once and retried with
a growing pause; they never stop the web server.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from contextlib import suppress

from core.db.database import Database
from core.errors import ShopbotError
from core.settings import Settings
from shop.conversations.broker import BrokerEvents
from shop.conversations.consumer import (
    ConsumerStep,
    EventConsumer,
    claim_first_start,
    holder_name,
)
from shop.conversations.rebuild import REBUILD_LEASE_SECONDS, rebuild_summaries

__all__ = [
    "FOLLOW_INTERVAL_SECONDS",
    "MAX_BACKOFF_SECONDS",
    "Follower",
    "follow",
    "follow_in_background",
]

logger = logging.getLogger(__name__)
FOLLOW_INTERVAL_SECONDS = 1.5
MAX_BACKOFF_SECONDS = 60.0


class Follower:
    """A consumer with its databases, stepping until caught up each round."""

    def __init__(self, settings: Settings, role: str = "follow") -> None:
        """Opens the order database, the broker's and the tracker store of ``settings``."""
        self.database = Database(settings.database_url)
        self.broker = BrokerEvents(Database(settings.events_address()))
        self.tracker = Database(settings.tracker_store_address())
        self.consumer = EventConsumer(self.database, self.broker, holder=holder_name(role))
        self._started = False
        self._failing: str | None = None

    def round(self) -> ConsumerStep:
        """Fold everything new (the first consumer ever folds the tracker store first)."""
        if not self._started:
            holder = self.consumer.holder
            if claim_first_start(self.database, holder, REBUILD_LEASE_SECONDS):
                report = rebuild_summaries(self.database, self.tracker, self.broker, holder=holder)
                logger.info(
                    "conversation summaries: %d conversations of the tracker store folded",
                    report.conversations,
                )
            self._started = True
        return self.consumer.catch_up()

    def safe_round(self) -> ConsumerStep | None:
        """:meth:`round`, with a failure logged (once while it lasts) instead of raised."""
        try:
            step = self.round()
        except (ShopbotError, OSError) as error:
            message = f"{type(error).__name__}: {error}"
            if message != self._failing:
                logger.warning("conversation summaries: cannot follow the events (%s)", message)
            self._failing = message
            return None
        if self._failing is not None:
            logger.info("conversation summaries: following the events again")
        self._failing = None
        return step

    def close(self) -> None:
        """Give the lease up and close the connections."""
        with suppress(ShopbotError, OSError):
            self.consumer.release()
        self.database.dispose()
        self.broker.dispose()
        self.tracker.dispose()


def _pause(failed: bool, backoff: float) -> float:
    return min(MAX_BACKOFF_SECONDS, backoff * 2) if failed else FOLLOW_INTERVAL_SECONDS


def follow(
    settings: Settings,
    *,
    stop: threading.Event | None = None,
    on_round: Callable[[ConsumerStep], None] | None = None,
) -> None:
    """Follow the broker until ``stop`` is set (or forever)."""
    stop = stop or threading.Event()
    follower = Follower(settings)
    pause = FOLLOW_INTERVAL_SECONDS
    try:
        while not stop.is_set():
            step = follower.safe_round()
            if step is not None and on_round is not None:
                on_round(step)
            pause = _pause(step is None, pause)
            stop.wait(pause)
    finally:
        follower.close()


async def follow_in_background(settings: Settings) -> None:
    """The web server's task: follow the broker until cancelled (its blocking database work
    runs in a thread, never on the event loop)."""
    follower = Follower(settings, role="web")
    pause = FOLLOW_INTERVAL_SECONDS
    try:
        while True:
            step = await asyncio.to_thread(follower.safe_round)
            pause = _pause(step is None, pause)
            await asyncio.sleep(pause)
    finally:  # cancelled when the server stops: a short, blocking goodbye
        follower.close()
