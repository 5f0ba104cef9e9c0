"""Webhook deliveries already handled, so that a replayed or retried one does nothing twice.

Slack and Twilio sign their requests, but a signed request can be sent again: Slack retries
a delivery it thinks failed (``X-Slack-Retry-Num``), and anyone who captured a request can
replay it (within Slack's five-minute window; Twilio's signature has no time at all). The
channel records the ids of every delivery it hands to the bot (Slack's ``event_id`` and
``client_msg_id``, a button press's ``trigger_id``; Twilio's ``MessageSid``) and skips a
delivery that carries one it has seen.

The record is in the memory of one Rasa process, bounded (the least recently seen ids go
first) and expiring: after a restart, or once an id has expired, a replay is processed
again. A shared store (Redis) would close that gap for several instances and restarts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from bot.channels.rendering import ExpiringLRU

__all__ = ["DEFAULT_MAX_DELIVERIES", "DeliveryRecord"]

DEFAULT_MAX_DELIVERIES = 100_000


class DeliveryRecord:
    """Ids of the deliveries handled in the last ``ttl_seconds`` (at most ``max_entries``)."""

    def __init__(
        self,
        ttl_seconds: float,
        max_entries: int = DEFAULT_MAX_DELIVERIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Each id is remembered for ``ttl_seconds`` after it was last seen."""
        self._seen: ExpiringLRU[str, bool] = ExpiringLRU(max_entries, ttl_seconds, clock)

    def first_time(self, ids: Iterable[str | None]) -> bool:
        """Whether none of ``ids`` was seen before; records them all either way.

        Empty ids are ignored; a delivery without any id is always a first time.
        """
        known = [delivery_id for delivery_id in ids if delivery_id]
        fresh = all(self._seen.get(delivery_id) is None for delivery_id in known)
        for delivery_id in known:
            self._seen.set(delivery_id, True)
        return fresh
