"""Telegram channel: a bot of the Telegram Bot API, in private chats.

Webhook ``POST /webhooks/telegram/webhook``: Telegram does not sign its requests; it sends
back the secret given to ``setWebhook`` (``secret_token``) in
``X-Telegram-Bot-Api-Secret-Token``. A request without it, or with another value, is
refused with 403; a body over ``max_request_bytes`` with 413, unread. Each message carries
the client id of its chat (``shopbot_client``, :mod:`bot.channels.clients`), and messages
over the rate limits per chat are answered 200 and never reach the bot
(:mod:`bot.channels.admission`).

Handled updates: text messages in private chats (group chats are ignored: the bot's answers
about orders are for one shopper only) and ``callback_query`` (a press on one of the bot's
inline buttons: answered with ``answerCallbackQuery``, its data sent to the bot). The
command ``/start`` (what Telegram sends when a chat begins) reaches the bot as ``/greet``;
other commands lose their ``@botname`` suffix.

Replies go to ``{api_url}/bot{token}/sendMessage`` (``sendPhoto`` for images) as plain text,
without ``parse_mode``, so nothing in them is read as markup. Buttons become an inline
keyboard; a payload longer than Telegram's 64 bytes of ``callback_data`` is sent as a
short token that maps back to it (kept for a week, at most 10,000). Product cards become
one text block per product with its link (those the turn's text already listed are not
repeated).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

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
    read_credentials,
)
from bot.channels.refusals import request_too_large
from bot.channels.rendering import (
    BotMessage,
    Button,
    ExpiringLRU,
    cards_as_text,
    numbered_options,
    parse_product_cards,
    split_text,
)
from bot.channels.signatures import secret_token_matches

__all__ = [
    "DEFAULT_API_URL",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_TEXT_CHARACTERS",
    "SECRET_HEADER",
    "TelegramInput",
    "TelegramOutput",
    "callback_data",
    "normalise_command",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.telegram.org"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
MAX_TEXT_CHARACTERS = 4096
MAX_CALLBACK_DATA_BYTES = 64
LONG_PAYLOAD_PREFIX = "#"
TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60
_COMMAND = re.compile(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)(.*)", re.DOTALL)


def callback_data(payload: str, tokens: ExpiringLRU[str, str]) -> str:
    """``payload`` itself when it fits Telegram's 64 bytes, else a token kept in ``tokens``."""
    fits = len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
    if fits and not payload.startswith(LONG_PAYLOAD_PREFIX):
        return payload
    token = LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    tokens.set(token, payload)
    return token


def normalise_command(text: str, bot_name: str) -> str:
    """``/start`` (any deep-link argument dropped) → ``/greet``; ``/help@bot`` → ``/help``.

    A command addressed to another bot (``/help@otherbot``) is kept as it is.
    """
    match = _COMMAND.fullmatch(text.strip())
    if match is None:
        return text
    command, addressee, rest = match.groups()
    if addressee is not None and addressee.casefold() != bot_name.casefold():
        return text
    if command.casefold() == "start":
        return "/greet"
    return f"/{command}{rest}"


def _chat_id(address: str) -> int | str:
    """Telegram wants the numeric chat id as a number; ``@channel`` names stay text."""
    try:
        return int(address)
    except ValueError:
        return address


class TelegramOutput(PlatformOutput):
    """Sends replies through the Bot API: plain text, inline keyboards, photos."""

    platform = "telegram"

    def __init__(
        self, client: ApiClient, access_token: str, api_url: str, tokens: ExpiringLRU[str, str]
    ) -> None:
        """``tokens`` maps the callback tokens of long payloads back to the payloads."""
        super().__init__(client)
        self._access_token = access_token
        self.api_url = api_url
        self.tokens = tokens

    def method_url(self, method: str) -> str:
        """``{api_url}/bot{token}/{method}``."""
        return f"{self.api_url}/bot{self._access_token}/{method}"

    def call(self, method: str, payload: dict[str, Any]) -> ApiCall:
        """One Bot API call."""
        return ApiCall(method=method, url=self.method_url(method), json=payload)

    def keyboard(self, buttons: tuple[Button, ...]) -> dict[str, Any]:
        """An inline keyboard, one button per row."""
        return {
            "inline_keyboard": [
                [
                    {
                        "text": button.title,
                        "callback_data": callback_data(button.payload, self.tokens),
                    }
                ]
                for button in buttons
            ]
        }

    def render(self, address: str, message: dict[str, Any]) -> list[ApiCall]:
        """``sendMessage`` per 4096 characters (the keyboard on the last), ``sendPhoto``."""
        bot = BotMessage.of(message)
        chat_id = _chat_id(address)
        calls: list[ApiCall] = []
        text = bot.text or (numbered_options("", bot.buttons) if bot.buttons else "")
        pieces = split_text(text, MAX_TEXT_CHARACTERS)
        for index, piece in enumerate(pieces):
            payload: dict[str, Any] = {"chat_id": chat_id, "text": piece}
            if bot.buttons and index == len(pieces) - 1:
                payload["reply_markup"] = self.keyboard(bot.buttons)
            calls.append(self.call("sendMessage", payload))
        self.note_text(text)
        if bot.image:
            calls.append(self.call("sendPhoto", {"chat_id": chat_id, "photo": bot.image}))
        if bot.custom is not None:
            cards = parse_product_cards(bot.custom)
            if cards is None:
                self.ignore_custom(bot.custom)
            elif fresh := self.unsent_cards(cards):
                card_text = cards_as_text(fresh)
                self.note_text(card_text)
                calls.extend(
                    self.call("sendMessage", {"chat_id": chat_id, "text": piece})
                    for piece in split_text(card_text, MAX_TEXT_CHARACTERS)
                )
        return calls


class TelegramInput(InputChannel):
    """Receives a Telegram bot's updates from its webhook (secret-token checked)."""

    @classmethod
    def name(cls) -> str:
        """``telegram``: the webhook is ``/webhooks/telegram/webhook``."""
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        """``access_token``, ``verify`` (the bot's username), ``webhook_secret``, ``api_url``,
        ``client_key_secret`` and the limits (:mod:`bot.channels.admission`)."""
        values = read_credentials(cls, credentials, ("access_token", "verify", "webhook_secret"))
        return cls(
            access_token=values["access_token"],
            verify=values["verify"],
            webhook_secret=values["webhook_secret"],
            api_url=values.get("api_url") or DEFAULT_API_URL,
            admission=Admission.from_credentials(cls.name(), values),
        )

    def __init__(
        self,
        access_token: str,
        verify: str,
        webhook_secret: str,
        api_url: str = DEFAULT_API_URL,
        *,
        admission: Admission,
    ) -> None:
        """``verify`` is the bot's username (``@`` optional); ``admission`` holds the
        client ids and limits."""
        self._access_token = access_token
        self.bot_name = verify.lstrip("@")
        self._webhook_secret = webhook_secret
        self.api_url = api_base_url(self.name(), api_url, DEFAULT_API_URL)
        self.tokens: ExpiringLRU[str, str] = ExpiringLRU(ttl_seconds=TOKEN_TTL_SECONDS)
        self.client = ApiClient(self.name())
        self.runner = TurnRunner(self.name())
        self.admission = admission

    def get_output_channel(self) -> TelegramOutput:
        """An output channel that can message any chat outside a request."""
        return TelegramOutput(self.client, self._access_token, self.api_url, self.tokens)

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """``{"platform": "telegram", "language_code": ...}`` of the update's sender."""
        try:
            update = json.loads(request.body or b"{}")
        except ValueError:
            update = {}
        return self._metadata(update if isinstance(update, Mapping) else {})

    def _metadata(self, update: Mapping[str, Any]) -> dict[str, Any]:
        source = update.get("message") or update.get("callback_query") or {}
        sender = source.get("from") if isinstance(source, Mapping) else None
        language = sender.get("language_code") if isinstance(sender, Mapping) else None
        metadata: dict[str, Any] = {"platform": self.name()}
        if isinstance(language, str) and language:
            metadata["language_code"] = language[:16]
        return metadata

    def _stamped(self, metadata: dict[str, Any], chat_id: object) -> dict[str, Any]:
        """``metadata`` with the client id of the private chat (its user's id)."""
        return self.admission.stamp(metadata, self.admission.user_client(str(chat_id)))

    def _message(self, message: Mapping[str, Any], metadata: dict[str, Any]) -> UserMessage | None:
        chat = message.get("chat")
        sender = message.get("from")
        if not isinstance(chat, Mapping) or chat.get("type") != "private":
            logger.debug("telegram: a message outside a private chat ignored")
            return None
        if isinstance(sender, Mapping) and sender.get("is_bot"):
            return None
        text = message.get("text")
        if not isinstance(text, str) or not text.strip() or chat.get("id") is None:
            logger.debug("telegram: a message without text ignored")
            return None
        return UserMessage(
            normalise_command(text, self.bot_name),
            self.get_output_channel(),
            conversation_id(self.name(), str(chat["id"])),
            input_channel=self.name(),
            message_id=str(message.get("message_id") or "") or None,
            metadata=self._stamped(metadata, chat["id"]),
        )

    def _callback(
        self, query: Mapping[str, Any], metadata: dict[str, Any]
    ) -> tuple[ApiCall | None, UserMessage | None]:
        """The ``answerCallbackQuery`` call and the button's payload as a message."""
        query_id = query.get("id")
        answer = (
            self.get_output_channel().call("answerCallbackQuery", {"callback_query_id": query_id})
            if isinstance(query_id, str) and query_id
            else None
        )
        source = query.get("message")
        chat = source.get("chat") if isinstance(source, Mapping) else None
        data = query.get("data")
        if not isinstance(chat, Mapping) or chat.get("type") != "private":
            return answer, None
        if not isinstance(data, str) or not data or chat.get("id") is None:
            return answer, None
        payload = self.tokens.get(data) if data.startswith(LONG_PAYLOAD_PREFIX) else data
        if payload is None:
            logger.debug("telegram: a press on an expired button ignored")
            return answer, None
        message = UserMessage(
            payload,
            self.get_output_channel(),
            conversation_id(self.name(), str(chat["id"])),
            input_channel=self.name(),
            metadata=self._stamped(metadata, chat["id"]),
        )
        return answer, message

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        """``GET /`` (health) and ``POST /webhook``."""
        hooks = Blueprint("shopbot_telegram_webhook")

        # sanic's Blueprint wraps its decorators in an untyped `lazy`: mypy sees them as untyped.
        @hooks.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["POST"], stream=True)  # type: ignore[untyped-decorator]
        async def webhook(request: Request) -> HTTPResponse:
            if not secret_token_matches(self._webhook_secret, request.headers.get(SECRET_HEADER)):
                logger.warning("telegram: refused a webhook request without the secret token")
                return response.text("forbidden", status=403)
            body = await self.admission.read_body(request)
            if body is None:
                return request_too_large(self.admission.limits.max_request_bytes)
            try:
                update = json.loads(body or b"")
            except ValueError:
                return response.text("bad request", status=400)
            if not isinstance(update, Mapping):
                return response.text("bad request", status=400)
            metadata = self._metadata(update)
            messages: list[UserMessage] = []
            answers: list[ApiCall] = []
            if isinstance(update.get("message"), Mapping):
                message = self._message(update["message"], metadata)
                if message is not None:
                    messages.append(message)
            elif isinstance(update.get("callback_query"), Mapping):
                answer, message = self._callback(update["callback_query"], metadata)
                answers.extend([answer] if answer is not None else [])
                messages.extend([message] if message is not None else [])
            else:
                logger.debug("telegram: an update of another kind ignored")
            self.runner.start(
                on_new_message,
                self.admission.admitted(messages),
                [self.client.send(answer) for answer in answers],
            )
            return response.json({"ok": True})

        return hooks
