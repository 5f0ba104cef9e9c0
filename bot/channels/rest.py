"""The REST channel: the terminal chat, the tests and the benchmarks, behind the Rasa token.

Rasa's ``RestInput`` takes anyone's word: the conversation id (``sender``) and even the
channel's name (``input_channel``) come from the request body, and nothing is checked. With
the website and messaging channels on, anyone who learns a conversation id (a widget's
``web-...`` id, a phone number in ``twilio:whatsapp:+15551234567``) could continue that
shopper's verified conversation. Here:

- **Off unless asked for.** ``shopbot channels credentials`` renders this channel only in
  development and test (``SHOPBOT_ENVIRONMENT``) or with ``SHOPBOT_REST_CHANNEL=on``.
- **The Rasa token.** Every request must carry the Rasa HTTP API's token
  (``Authorization: Bearer <token>`` or ``?token=<token>``, compared in constant time),
  else 401: the channel is for the operator's own tools, which know the token
  (``shop/rasa_api.py``).
- **Its own conversations only.** A ``sender`` must be 1-128 characters without ``:``
  (the messaging platforms' ``<platform>:<address>`` ids) or spaces, and must not start
  with a prefix another channel issues (the widget's ``web-``); else 400.
- **Always ``rest``.** The input channel is this channel, whatever the body says.
- **Bounded.** The body is read up to ``max_request_bytes`` before anything parses it
  (413), and messages are limited per conversation and per client (429 with
  ``Retry-After``); refusals are JSON in the caller's ``Accept-Language``
  (:mod:`bot.channels.refusals`). The client id (:mod:`bot.channels.clients`) goes into
  the message's metadata as ``shopbot_client``, over anything the caller sent there.
- **A store that does not answer** (:class:`core.errors.TrackerStoreUnavailable`, after the
  tracker store's retries) gets 503 with ``Retry-After``: the message was not taken, so
  sending it again is safe.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
from asyncio import CancelledError
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeGuard

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Request, response
from sanic.response import HTTPResponse, ResponseStream

from bot.channels.admission import Admission
from bot.channels.config import secret_setting
from bot.channels.refusals import (
    language_of,
    rate_limited,
    request_too_large,
    unauthorized,
    unavailable,
)
from bot.channels.socketio import CONVERSATION_PREFIX as WIDGET_PREFIX
from core.errors import TrackerStoreUnavailable

__all__ = ["RESERVED_PREFIXES", "ShopRestInput", "valid_sender"]

logger = logging.getLogger(__name__)

_SENDER = re.compile(r"[^:\s]{1,128}")
#: Conversation id prefixes other channels issue: never a REST caller's.
RESERVED_PREFIXES: tuple[str, ...] = (WIDGET_PREFIX,)
_BEARER = "bearer "
SENDER_RULE = (
    "sender must be 1-128 characters without ':' or spaces, "
    f"not starting with {', '.join(repr(prefix) for prefix in RESERVED_PREFIXES)}"
)


def valid_sender(sender: Any) -> TypeGuard[str]:
    """A conversation id a REST caller may use: 1-128 characters, no ``:`` or spaces, no
    prefix of another channel (any case)."""
    if not isinstance(sender, str) or _SENDER.fullmatch(sender) is None:
        return False
    return not sender.casefold().startswith(RESERVED_PREFIXES)


def _bad_request(problem: str) -> HTTPResponse:
    return response.json({"error": problem}, status=400)


class ShopRestInput(RestInput):
    """Rasa's REST channel behind the Rasa token, on its own conversations, bounded."""

    @classmethod
    def name(cls) -> str:
        """Still ``rest``: webhook at /webhooks/rest/webhook."""
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """``token`` (the Rasa token), ``client_key_secret``; optional
        ``trusted_proxies`` and the limits (:mod:`bot.channels.admission`)."""
        return cls(
            token=secret_setting("rest", credentials, "token", "SHOPBOT_RASA_TOKEN"),
            admission=Admission.from_credentials(cls.name(), credentials),
        )

    def __init__(self, token: str, admission: Admission) -> None:
        """``token``: what callers must present; ``admission``: identity and limits."""
        self._token = token
        self.admission = admission

    def authorised(self, request: Request) -> bool:
        """Whether the request carries the token (header or ``?token=``)."""
        header = request.headers.get("authorization") or ""
        given = header[len(_BEARER) :].strip() if header.lower().startswith(_BEARER) else ""
        given = given or str(request.args.get("token") or "")
        return bool(given) and hmac.compare_digest(given.encode(), self._token.encode())

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """``GET /`` (health) and ``POST /webhook`` (a streaming route: the body is read
        by the channel, within its size limit)."""
        hooks = Blueprint("shopbot_rest_webhook", __name__)

        # sanic's Blueprint wraps its decorators in an untyped `lazy`: mypy sees them as untyped.
        @hooks.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["POST"], stream=True)  # type: ignore[untyped-decorator]
        async def receive(request: Request) -> HTTPResponse | ResponseStream:
            return await self.handle(request, on_new_message)

        return hooks

    async def handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse | ResponseStream:
        """One request: token, size, body, sender, rate; then the bot's turn."""
        language = language_of(request.headers.get("accept-language"))
        if not self.authorised(request):
            return unauthorized(language)
        body = await self.admission.read_body(request)
        if body is None:
            return request_too_large(self.admission.limits.max_request_bytes, language)
        try:
            payload = json.loads(body or b"null")
        except ValueError:
            return _bad_request("the body must be a JSON object")
        if not isinstance(payload, Mapping):
            return _bad_request("the body must be a JSON object")
        sender = payload.get("sender")
        if not valid_sender(sender):
            return _bad_request(SENDER_RULE)
        text = payload.get("message")
        if not isinstance(text, str):
            return _bad_request("message must be a string")
        raw_metadata = payload.get("metadata")
        client = self.admission.request_client(request)
        metadata = self.admission.stamp(
            raw_metadata if isinstance(raw_metadata, Mapping) else None, client
        )
        refusal = self.admission.check(sender, client)
        if refusal is not None:
            return rate_limited(refusal, language)
        if rasa.utils.endpoints.bool_arg(request, "stream", default=False):
            return response.stream(
                # Rasa types the streaming callback loosely.
                self.stream_response(  # type: ignore[arg-type]
                    on_new_message, text, sender, self.name(), metadata
                ),
                content_type="text/event-stream",
            )
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
            )
        except CancelledError:
            logger.error("rest: a turn timed out")
        except TrackerStoreUnavailable as error:
            logger.error("rest: a message was not taken: %s", error)
            return unavailable(language)
        except Exception:
            logger.exception("rest: a turn failed")
        return response.json(collector.messages)
