"""Twilio channel: WhatsApp and SMS through Twilio's Programmable Messaging.

Webhook ``POST /webhooks/twilio/webhook`` (form fields ``From``, ``Body``, ...): refused
with 403 unless ``X-Twilio-Signature`` is base64(HMAC-SHA1(auth token, the configured
``webhook_url`` followed by the sorted form fields)), with 413 (unread) over
``max_request_bytes``. A checked message is answered at once with an empty TwiML
``<Response/>``; the bot's replies go out through the REST API
(``POST {api_url}/2010-04-01/Accounts/{sid}/Messages.json``, form-encoded, basic auth).

Twilio's signature carries no time, so a captured request stays valid: each ``MessageSid``
that reached the bot is remembered for a day (:mod:`bot.channels.replays`) and a request
carrying it again does nothing. Messages over the rate limits (per conversation, per
sender) are answered the same way and never reach the bot; each message carries the
sender's client id (``shopbot_client``).

A message from ``whatsapp:+15551234567`` is a WhatsApp conversation: the replies go to that
address from ``whatsapp:{number}``. Plain numbers are SMS, answered from ``number``.

Neither has buttons: they become numbered options (``"1. Track an order"``) and a reply of
just ``"2"`` (or an option's exact title) sends the second option's payload. Product cards
become one text block per product with its link; an image becomes its link.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.admission import Admission
from bot.channels.base import (
    ApiCall,
    ApiClient,
    MessageHandler,
    PlatformOutput,
    TurnRunner,
    api_base_url,
    conversation_id,
    fail_configuration,
    read_credentials,
)
from bot.channels.refusals import request_too_large
from bot.channels.rendering import (
    BotMessage,
    OptionMemory,
    cards_as_text,
    http_url,
    numbered_options,
    parse_product_cards,
    split_text,
)
from bot.channels.replays import DeliveryRecord
from bot.channels.signatures import twilio_request_is_authentic

__all__ = [
    "DEFAULT_API_URL",
    "DELIVERY_MEMORY_SECONDS",
    "EMPTY_TWIML",
    "MAX_BODY_CHARACTERS",
    "TwilioInput",
    "TwilioOutput",
    "is_whatsapp",
    "repair_sms_at_sign",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"
MAX_BODY_CHARACTERS = 1600
"""Twilio's limit on one message's body (SMS and WhatsApp)."""
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
DELIVERY_MEMORY_SECONDS = 24 * 60 * 60
"""How long the ``MessageSid`` of a handled message is remembered (replays do nothing)."""
WHATSAPP_PREFIX = "whatsapp:"
_E164 = re.compile(r"\+[1-9]\d{6,14}")
# Some SMS carriers turn "@" into "¡" (both are 0x00-ish in GSM 03.38): "ana¡example.com".
_MANGLED_AT = re.compile(r"(?<=[\w.+-])¡(?=[\w-]+(?:\.[\w-]+)+)")


def is_whatsapp(address: str) -> bool:
    """Whether a Twilio address (``From``/``To``) is a WhatsApp one."""
    return address.startswith(WHATSAPP_PREFIX)


def repair_sms_at_sign(text: str) -> str:
    """``"ana¡example.com"`` → ``"ana@example.com"``; a Spanish ``"¡Hola!"`` stays."""
    return _MANGLED_AT.sub("@", text)


class TwilioOutput(PlatformOutput):
    """Sends replies through Twilio's Messages API, buttons as numbered options."""

    platform = "twilio"

    def __init__(
        self,
        client: ApiClient,
        account_sid: str,
        auth_token: str,
        number: str,
        api_url: str,
        memory: OptionMemory,
    ) -> None:
        """``number`` sends SMS (and ``whatsapp:{number}`` WhatsApp); ``memory`` keeps
        the numbered options sent to each address."""
        super().__init__(client)
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.number = number
        self.api_url = api_url
        self.memory = memory

    def sender_for(self, address: str) -> str:
        """The ``From`` for a reply to ``address``: the WhatsApp or the SMS number."""
        return f"{WHATSAPP_PREFIX}{self.number}" if is_whatsapp(address) else self.number

    def body_of(self, address: str, message: dict[str, Any]) -> str:
        """The text that shows ``message`` on SMS/WhatsApp (options remembered)."""
        bot = BotMessage.of(message)
        parts: list[str] = []
        if bot.buttons:
            parts.append(numbered_options(bot.text, bot.buttons))
        elif bot.text:
            parts.append(bot.text)
        if bot.image:
            parts.append(bot.image)
        if bot.custom is not None:
            cards = parse_product_cards(bot.custom)
            if cards is None:
                self.ignore_custom(bot.custom)
            elif fresh := self.unsent_cards(cards):
                parts.append(cards_as_text(fresh))
        body = "\n\n".join(part for part in parts if part)
        if body:
            self.memory.remember(address, bot.buttons)
            self.note_text(body)
        return body

    def render(self, address: str, message: dict[str, Any]) -> list[ApiCall]:
        """One ``Messages.json`` call per 1600 characters of the message's text."""
        url = f"{self.api_url}/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        return [
            ApiCall(
                method="Messages.create",
                url=url,
                form={"To": address, "From": self.sender_for(address), "Body": piece},
                basic_auth=(self.account_sid, self._auth_token),
            )
            for piece in split_text(self.body_of(address, message), MAX_BODY_CHARACTERS)
        ]


def _form(body: bytes) -> dict[str, list[str]]:
    """The raw form, blank values kept (Twilio signs them too)."""
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        return {}


def _first(form: Mapping[str, Sequence[str]], key: str) -> str:
    values = form.get(key) or [""]
    return values[0].strip()


class TwilioInput(InputChannel):
    """Receives WhatsApp and SMS messages from Twilio's signed webhooks."""

    @classmethod
    def name(cls) -> str:
        """``twilio``: the webhook is ``/webhooks/twilio/webhook``."""
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioInput:
        """``account_sid``, ``auth_token``, ``number``, ``webhook_url``, ``api_url``,
        ``client_key_secret`` and the limits (:mod:`bot.channels.admission`)."""
        values = read_credentials(
            cls, credentials, ("account_sid", "auth_token", "number", "webhook_url")
        )
        return cls(
            account_sid=values["account_sid"],
            auth_token=values["auth_token"],
            number=values["number"],
            webhook_url=values["webhook_url"],
            api_url=values.get("api_url") or DEFAULT_API_URL,
            admission=Admission.from_credentials(cls.name(), values),
        )

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        number: str,
        webhook_url: str,
        api_url: str = DEFAULT_API_URL,
        memory: OptionMemory | None = None,
        *,
        admission: Admission,
        deliveries: DeliveryRecord | None = None,
    ) -> None:
        """Checks the number (E.164) and the URLs; ``admission`` holds the client ids and
        limits, ``deliveries`` the ``MessageSid`` values already handled."""
        number = number.removeprefix(WHATSAPP_PREFIX)
        if not _E164.fullmatch(number):
            fail_configuration(self.name(), "number must be in E.164 form, like +15550000000")
        if http_url(webhook_url) is None:
            fail_configuration(self.name(), "webhook_url must be an http(s) URL")
        self.account_sid = account_sid
        self._auth_token = auth_token
        self.number = number
        self.webhook_url = webhook_url.strip()
        self.api_url = api_base_url(self.name(), api_url, DEFAULT_API_URL)
        self.memory = memory or OptionMemory()
        self.client = ApiClient(self.name())
        self.runner = TurnRunner(self.name())
        self.admission = admission
        self.deliveries = deliveries or DeliveryRecord(DELIVERY_MEMORY_SECONDS)

    def get_output_channel(self) -> TwilioOutput:
        """An output channel that can message any address outside a request."""
        return TwilioOutput(
            self.client,
            self.account_sid,
            self._auth_token,
            self.number,
            self.api_url,
            self.memory,
        )

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """``{"platform": "twilio", "whatsapp": bool}`` for the request's sender."""
        return {"platform": "twilio", "whatsapp": is_whatsapp(_first(_form(request.body), "From"))}

    def is_authentic(self, request: Request, form: Mapping[str, Sequence[str]]) -> bool:
        """Whether the request carries Twilio's signature of the webhook URL and form."""
        return twilio_request_is_authentic(
            self._auth_token,
            self.webhook_url,
            form,
            request.headers.get("X-Twilio-Signature"),
        )

    def user_message(self, form: Mapping[str, Sequence[str]]) -> UserMessage | None:
        """The shopper's message in a checked form; ``None`` without sender or text."""
        sender, text = _first(form, "From"), _first(form, "Body")
        if not sender or not text:
            return None
        whatsapp = is_whatsapp(sender)
        if not whatsapp:
            text = repair_sms_at_sign(text)
        text = self.memory.resolve(sender, text) or text
        return UserMessage(
            text,
            self.get_output_channel(),
            conversation_id(self.name(), sender),
            input_channel=self.name(),
            message_id=_first(form, "MessageSid") or None,
            metadata=self.admission.stamp(
                {"platform": self.name(), "whatsapp": whatsapp},
                self.admission.user_client(sender),
            ),
        )

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        """``GET /`` (health) and ``POST /webhook``."""
        hooks = Blueprint("shopbot_twilio_webhook")

        # sanic's Blueprint wraps its decorators in an untyped `lazy`: mypy sees them as untyped.
        @hooks.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["POST"], stream=True)  # type: ignore[untyped-decorator]
        async def webhook(request: Request) -> HTTPResponse:
            body = await self.admission.read_body(request)
            if body is None:
                return request_too_large(self.admission.limits.max_request_bytes)
            form = _form(body)
            if not self.is_authentic(request, form):
                logger.warning("twilio: refused a webhook request without a valid signature")
                return response.text("forbidden", status=403)
            message = self.user_message(form)
            if message is None:
                logger.debug("twilio: webhook request without sender or text ignored")
            elif not self.deliveries.first_time([_first(form, "MessageSid")]):
                logger.info("twilio: a message handled before was ignored (replay)")
            elif self.admission.admit(message) is None:
                self.runner.start(on_new_message, [message])
            return response.text(EMPTY_TWIML, content_type="text/xml")

        return hooks
