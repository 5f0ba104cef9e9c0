"""What every channel applies before a message reaches the bot: the client's identity,
the request's size and the message rate (see :mod:`bot.channels.clients` and
:mod:`bot.channels.limits`).

Each channel reads its :class:`Admission` from its credentials section::

    client_key_secret: ${SHOPBOT_CLIENT_KEY_SECRET:?}     # required
    trusted_proxies: ${SHOPBOT_TRUSTED_PROXIES:-}          # website and REST only
    rate_per_conversation: ${SHOPBOT_CHANNEL_RATE_PER_CONVERSATION:-20}
    rate_per_client: ${SHOPBOT_CHANNEL_RATE_PER_CLIENT:-60}
    max_request_bytes: ${SHOPBOT_CHANNEL_MAX_REQUEST_BYTES:-131072}
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping
from typing import Any

from rasa.core.channels.channel import UserMessage

from bot.channels.clients import CLIENT_METADATA_KEY, ClientIdentity, with_client
from bot.channels.limits import ChannelLimits, MessageGate, Refusal, read_body

__all__ = ["Admission"]

logger = logging.getLogger(__name__)

#: Refusals by the rate limits are logged at most once a minute per channel, with a count,
#: so that a flood is visible without filling the log.
REFUSAL_LOG_INTERVAL_SECONDS = 60.0


class Admission:
    """One channel's client identity, size limit and rate limits."""

    def __init__(self, channel: str, identity: ClientIdentity, limits: ChannelLimits) -> None:
        """``channel`` names the client ids (``"<channel>:<address>"``) and the logs."""
        self.channel = channel
        self.identity = identity
        self.limits = limits
        self.gate = MessageGate(limits)
        self._refused_since_log = 0
        self._logged_at = -math.inf

    @classmethod
    def from_credentials(cls, channel: str, credentials: Mapping[str, Any] | None) -> Admission:
        """From a channel's credentials section (see the module docstring)."""
        return cls(
            channel,
            ClientIdentity.from_credentials(credentials),
            ChannelLimits.from_credentials(channel, credentials),
        )

    def user_client(self, user_id: str) -> str:
        """The client id of a messaging platform's user (or private chat) id."""
        return self.identity.of_user(self.channel, user_id)

    def request_client(self, request: Any) -> str:
        """The client id of the network client of a Sanic request."""
        return self.identity.of_request(self.channel, request)

    @staticmethod
    def stamp(metadata: Mapping[str, Any] | None, client: str) -> dict[str, Any]:
        """``metadata`` with the client id set (see :func:`bot.channels.clients.with_client`)."""
        return with_client(metadata, client)

    async def read_body(self, request: Any) -> bytes | None:
        """The request's body within ``max_request_bytes``, else ``None`` (logged)."""
        body = await read_body(request, self.limits.max_request_bytes)
        if body is None:
            logger.warning(
                "%s: refused a request over %d bytes", self.channel, self.limits.max_request_bytes
            )
        return body

    def check(self, conversation_id: str, client: str) -> Refusal | None:
        """The rate limits for one message (``None``: it may go to the bot; logged if not)."""
        refusal = self.gate.admit(conversation_id, client)
        if refusal is not None:
            self._log_refusal(refusal)
        return refusal

    def _log_refusal(self, refusal: Refusal) -> None:
        self._refused_since_log += 1
        now = time.monotonic()
        if now - self._logged_at < REFUSAL_LOG_INTERVAL_SECONDS:
            return
        logger.warning(
            "%s: refused %d message(s) over the rate limits (the latest: the %s's limit)",
            self.channel,
            self._refused_since_log,
            refusal.scope,
        )
        self._refused_since_log = 0
        self._logged_at = now

    def admit(self, message: UserMessage) -> Refusal | None:
        """:meth:`check` for a message that carries its client id in its metadata."""
        client = (message.metadata or {}).get(CLIENT_METADATA_KEY)
        return self.check(message.sender_id, str(client or "unknown"))

    def admitted(self, messages: list[UserMessage]) -> list[UserMessage]:
        """The messages of one webhook request that pass the rate limits, in order."""
        return [message for message in messages if self.admit(message) is None]
