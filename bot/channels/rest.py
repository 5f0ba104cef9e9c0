"""The REST channel, with the two holes of Rasa's own closed.

Rasa's ``RestInput`` takes the conversation id (``sender``) and even the channel's name
(``input_channel``) from the request body. With messaging channels on, conversation ids
such as ``twilio:whatsapp:+15551234567`` are guessable, so a REST caller could write into a
shopper's verified conversation, or make an agent's reply go to another platform. Here:

- a ``sender`` must be 1-128 characters without ``:`` (the platform prefix separator,
  bot.channels.base.conversation_id); anything else is refused with 400;
- the input channel is always ``rest``.

The REST channel serves the terminal chat, the tests and the benchmarks on loopback; keep it
off the public internet all the same (docs/channels.md).
"""

from __future__ import annotations

import re
from typing import Any

from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

__all__ = ["ShopRestInput", "valid_sender"]

_SENDER = re.compile(r"[^:\s]{1,128}")


def valid_sender(sender: Any) -> bool:
    """A conversation id a REST caller may use: 1-128 characters, no ``:`` or spaces."""
    return isinstance(sender, str) and _SENDER.fullmatch(sender) is not None


class ShopRestInput(RestInput):
    """Rasa's REST channel that refuses platform-like conversation ids."""

    @classmethod
    def name(cls) -> str:
        """Still ``rest``: webhook at /webhooks/rest/webhook."""
        return "rest"

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def blueprint(self, on_new_message: Any) -> Blueprint:
        """Rasa's routes, behind a check of the sender."""
        webhook = super().blueprint(on_new_message)

        # sanic's on_request has no type annotations.
        @webhook.on_request  # type: ignore[untyped-decorator]
        async def check_sender(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            body = request.json if request.body else None
            sender = body.get("sender") if isinstance(body, dict) else None
            if not valid_sender(sender):
                return json(
                    {"error": "sender must be 1-128 characters without ':' or spaces"},
                    status=400,
                )
            return None

        return webhook
