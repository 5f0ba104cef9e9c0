"""How much a channel takes: messages per minute per conversation and per client, and
the size of a request in bytes before anything parses it.

Rates
    A token bucket per key (:class:`RateLimiter`): a key may send ``per_minute`` messages
    at once, then one more every ``60 / per_minute`` seconds. :class:`MessageGate` checks
    the client first (so a client's refused attempts count against it as well) and then
    the conversation. The buckets live in the memory of one Rasa process (at most
    ``max_keys`` keys each, least recently used forgotten first): with several Rasa
    instances each keeps its own, so a client may get up to that many times the limit,
    until a shared store (Redis) is configured for them.

Sizes
    :func:`read_body` reads a webhook's or the REST channel's request body up to
    ``max_request_bytes``: a larger ``Content-Length`` is refused before a byte is read,
    and a body that grows past the limit while it arrives (chunked) is refused as soon
    as it does. The routes that use it are Sanic streaming routes, so Sanic does not
    buffer the body first. The socket.io channel bounds engine.io's packets the same way
    (``max_http_buffer_size``, see :mod:`bot.channels.socketio`).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from bot.channels.config import positive_int

__all__ = [
    "DEFAULT_MAX_REQUEST_BYTES",
    "DEFAULT_RATE_PER_CLIENT",
    "DEFAULT_RATE_PER_CONVERSATION",
    "ChannelLimits",
    "MessageGate",
    "RateLimiter",
    "Refusal",
    "read_body",
]

DEFAULT_RATE_PER_CONVERSATION = 20
"""Messages a minute one conversation may send (SHOPBOT_CHANNEL_RATE_PER_CONVERSATION)."""
DEFAULT_RATE_PER_CLIENT = 60
"""Messages a minute one client may send, all its conversations together
(SHOPBOT_CHANNEL_RATE_PER_CLIENT)."""
DEFAULT_MAX_REQUEST_BYTES = 128 * 1024
"""Bytes of one request or socket.io packet (SHOPBOT_CHANNEL_MAX_REQUEST_BYTES)."""
DEFAULT_MAX_KEYS = 100_000

Scope = Literal["client", "conversation"]


@dataclass(frozen=True)
class ChannelLimits:
    """The limits of one channel (credentials keys in brackets)."""

    per_conversation: int = DEFAULT_RATE_PER_CONVERSATION
    """Messages a minute per conversation (``rate_per_conversation``)."""
    per_client: int = DEFAULT_RATE_PER_CLIENT
    """Messages a minute per client (``rate_per_client``)."""
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    """Bytes of one request body or socket.io packet (``max_request_bytes``)."""

    @classmethod
    def from_credentials(cls, channel: str, credentials: Mapping[str, Any] | None) -> ChannelLimits:
        """The limits in a channel's credentials section; defaults for the unset ones."""
        return cls(
            per_conversation=positive_int(
                channel, credentials, "rate_per_conversation", DEFAULT_RATE_PER_CONVERSATION
            ),
            per_client=positive_int(
                channel, credentials, "rate_per_client", DEFAULT_RATE_PER_CLIENT
            ),
            max_request_bytes=positive_int(
                channel, credentials, "max_request_bytes", DEFAULT_MAX_REQUEST_BYTES
            ),
        )


class RateLimiter:
    """Token buckets per key: ``per_minute`` at once, refilled evenly over a minute."""

    def __init__(
        self,
        per_minute: int,
        max_keys: int = DEFAULT_MAX_KEYS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """At most ``max_keys`` buckets are kept (the least recently used go first)."""
        if per_minute < 1 or max_keys < 1:
            raise ValueError("per_minute and max_keys must be at least 1")
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str) -> float:
        """Takes one message for ``key``: ``0.0`` when allowed, else the seconds until
        the next one would be."""
        now = self._clock()
        tokens, stamp = self._buckets.pop(key, (self.capacity, now))
        tokens = min(self.capacity, tokens + (now - stamp) * self.per_second)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.per_second
        self._buckets[key] = (tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait


@dataclass(frozen=True)
class Refusal:
    """Why a message was refused, and when the sender may try again."""

    scope: Scope
    """Whose limit was reached: the client's or the conversation's."""
    retry_after: int
    """Whole seconds until one more message would be taken."""


class MessageGate:
    """The rate limits of one channel: per client, then per conversation."""

    def __init__(self, limits: ChannelLimits, clock: Callable[[], float] = time.monotonic):
        """Buckets sized by ``limits``."""
        self.clients = RateLimiter(limits.per_client, clock=clock)
        self.conversations = RateLimiter(limits.per_conversation, clock=clock)

    def admit(self, conversation_id: str, client: str) -> Refusal | None:
        """``None`` when the message may go to the bot, else the :class:`Refusal`."""
        wait = self.clients.take(client)
        if wait > 0:
            return Refusal("client", max(1, math.ceil(wait)))
        wait = self.conversations.take(conversation_id)
        if wait > 0:
            return Refusal("conversation", max(1, math.ceil(wait)))
        return None


async def read_body(request: Any, limit: int) -> bytes | None:
    """The request's body if it has at most ``limit`` bytes, else ``None`` (read no
    further). Sets ``request.body``, so ``request.json`` and the like work after it.

    On a streaming route the body is read chunk by chunk; on another route Sanic has read
    it already and only its length is checked.
    """
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                return None
        except ValueError:
            return None
    stream = getattr(request, "stream", None)
    if request.body or stream is None or not hasattr(stream, "read"):
        body = bytes(request.body or b"")
        return body if len(body) <= limit else None
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = await stream.read()
        if chunk is None:
            break
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    request.body = b"".join(chunks)
    return bytes(request.body)
