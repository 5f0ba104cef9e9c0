"""Facebook Messenger channel: a Facebook page's conversations through the Graph API.

``GET /webhooks/messenger/webhook`` answers Meta's subscription check: with
``hub.mode=subscribe`` and ``hub.verify_token`` equal to the configured verify token it
echoes ``hub.challenge``; anything else gets 403.

``POST /webhooks/messenger/webhook`` must carry ``X-Hub-Signature-256:
sha256=<hex HMAC-SHA256(app secret, raw body)>``, else 403; a body over
``max_request_bytes`` is refused with 413, unread. Each message carries the sender's
client id (``shopbot_client``), and messages over the rate limits (per conversation, per
sender) never reach the bot. Handled events: text messages,
quick-reply presses (their payload) and postbacks (their payload); echoes of the page's own
messages, deliveries and reads are ignored. The request is answered at once; the turns run
in the background, in the order of the batch.

Replies go to ``POST {api_url}/me/messages?access_token=<page token>``: text (2000
characters a message), buttons as quick replies (at most 13, titles cut to 20
characters; more than 13 become numbered options, a reply of just ``"2"`` picking the
second), images as image attachments, product cards as a generic template (10 a message,
http(s) pictures and links only; the card opens the product page).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

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
    SOLD_OUT_MARK,
    BotMessage,
    Button,
    OptionMemory,
    ProductCard,
    numbered_options,
    parse_product_cards,
    shorten,
    split_text,
)
from bot.channels.signatures import messenger_request_is_authentic, secret_token_matches

__all__ = [
    "DEFAULT_API_URL",
    "MAX_CARDS",
    "MAX_QUICK_REPLIES",
    "MAX_QUICK_REPLY_TITLE",
    "MAX_TEXT_CHARACTERS",
    "SIGNATURE_HEADER",
    "MessengerInput",
    "MessengerOutput",
    "generic_template",
    "quick_replies",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://graph.facebook.com/v19.0"
SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_TEXT_CHARACTERS = 2000
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_TITLE = 20
MAX_QUICK_REPLY_PAYLOAD = 1000
MAX_CARDS = 10
MAX_CARD_TITLE = 80


def quick_replies(buttons: tuple[Button, ...]) -> list[dict[str, str]] | None:
    """Messenger quick replies for ``buttons``; ``None`` when they do not fit (too many,
    or a payload over 1000 characters)."""
    if len(buttons) > MAX_QUICK_REPLIES or any(
        len(button.payload) > MAX_QUICK_REPLY_PAYLOAD for button in buttons
    ):
        return None
    return [
        {
            "content_type": "text",
            "title": shorten(button.title, MAX_QUICK_REPLY_TITLE),
            "payload": button.payload,
        }
        for button in buttons
    ]


def _element(card: ProductCard) -> dict[str, Any]:
    subtitle = card.price_text if card.in_stock else f"{card.price_text} {SOLD_OUT_MARK}"
    element: dict[str, Any] = {"title": shorten(card.title, MAX_CARD_TITLE)}
    if subtitle.strip():
        element["subtitle"] = shorten(subtitle.strip(), MAX_CARD_TITLE)
    if card.image_url:
        element["image_url"] = card.image_url
    if card.url:
        element["default_action"] = {"type": "web_url", "url": card.url}
    return element


def generic_template(cards: list[ProductCard]) -> dict[str, Any]:
    """A generic template attachment of at most 10 cards."""
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "generic",
                "elements": [_element(card) for card in cards[:MAX_CARDS]],
            },
        }
    }


class MessengerOutput(PlatformOutput):
    """Sends replies through the Send API: text, quick replies, images, generic templates."""

    platform = "messenger"

    def __init__(
        self, client: ApiClient, page_access_token: str, api_url: str, memory: OptionMemory
    ) -> None:
        """``memory`` keeps buttons sent as numbered options (more than 13)."""
        super().__init__(client)
        self._page_access_token = page_access_token
        self.api_url = api_url
        self.memory = memory

    def send_call(self, psid: str, message: dict[str, Any]) -> ApiCall:
        """One Send API call of ``message`` to ``psid``."""
        return ApiCall(
            method="me/messages",
            url=f"{self.api_url}/me/messages?access_token={quote(self._page_access_token)}",
            json={"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message},
        )

    def render(self, address: str, message: dict[str, Any]) -> list[ApiCall]:
        """Text pieces (quick replies on the last), then the image, then the cards."""
        bot = BotMessage.of(message)
        calls: list[ApiCall] = []
        replies = quick_replies(bot.buttons) if bot.buttons else None
        text = bot.text
        if bot.buttons and replies is None:
            text = numbered_options(bot.text, bot.buttons)
            self.memory.remember(address, bot.buttons)
        elif text or bot.image or bot.custom is not None:
            self.memory.forget(address)
        pieces = split_text(text, MAX_TEXT_CHARACTERS)
        if not pieces and replies:
            pieces = [numbered_options("", bot.buttons)]
        for index, piece in enumerate(pieces):
            body: dict[str, Any] = {"text": piece}
            if replies and index == len(pieces) - 1:
                body["quick_replies"] = replies
            calls.append(self.send_call(address, body))
        self.note_text(text)
        if bot.image:
            image = {"type": "image", "payload": {"url": bot.image, "is_reusable": True}}
            calls.append(self.send_call(address, {"attachment": image}))
        if bot.custom is not None:
            cards = parse_product_cards(bot.custom)
            if cards is None:
                self.ignore_custom(bot.custom)
            for start in range(0, len(cards or []), MAX_CARDS):
                chunk = (cards or [])[start : start + MAX_CARDS]
                calls.append(self.send_call(address, generic_template(chunk)))
        return calls


class MessengerInput(InputChannel):
    """Receives a Facebook page's Messenger conversations from Meta's signed webhooks."""

    @classmethod
    def name(cls) -> str:
        """``messenger``: the webhook is ``/webhooks/messenger/webhook``."""
        return "messenger"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> MessengerInput:
        """``page_access_token``, ``app_secret``, ``verify_token``, ``api_url``,
        ``client_key_secret`` and the limits (:mod:`bot.channels.admission`)."""
        values = read_credentials(
            cls, credentials, ("page_access_token", "app_secret", "verify_token")
        )
        return cls(
            page_access_token=values["page_access_token"],
            app_secret=values["app_secret"],
            verify_token=values["verify_token"],
            api_url=values.get("api_url") or DEFAULT_API_URL,
            admission=Admission.from_credentials(cls.name(), values),
        )

    def __init__(
        self,
        page_access_token: str,
        app_secret: str,
        verify_token: str,
        api_url: str = DEFAULT_API_URL,
        memory: OptionMemory | None = None,
        *,
        admission: Admission,
    ) -> None:
        """The page's token sends; the app secret checks; the verify token subscribes;
        ``admission`` holds the client ids and limits."""
        self._page_access_token = page_access_token
        self._app_secret = app_secret
        self._verify_token = verify_token
        self.api_url = api_base_url(self.name(), api_url, DEFAULT_API_URL)
        self.memory = memory or OptionMemory()
        self.client = ApiClient(self.name())
        self.runner = TurnRunner(self.name())
        self.admission = admission

    def get_output_channel(self) -> MessengerOutput:
        """An output channel that can message any PSID outside a request."""
        return MessengerOutput(self.client, self._page_access_token, self.api_url, self.memory)

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """``{"platform": "messenger"}``."""
        return {"platform": self.name()}

    def _event_message(self, event: Mapping[str, Any], page_id: str) -> UserMessage | None:
        """The shopper's text, quick-reply or postback payload in one messaging event."""
        sender = event.get("sender")
        psid = sender.get("id") if isinstance(sender, Mapping) else None
        if not isinstance(psid, str) or not psid or psid == page_id:
            return None
        text: str | None = None
        message_id: str | None = None
        message = event.get("message")
        postback = event.get("postback")
        if isinstance(message, Mapping):
            if message.get("is_echo"):
                return None
            message_id = str(message.get("mid") or "") or None
            quick_reply = message.get("quick_reply")
            if isinstance(quick_reply, Mapping) and isinstance(quick_reply.get("payload"), str):
                text = quick_reply["payload"]
            elif isinstance(message.get("text"), str):
                text = self.memory.resolve(psid, message["text"]) or message["text"]
        elif isinstance(postback, Mapping):
            payload = postback.get("payload") or postback.get("title")
            text = payload if isinstance(payload, str) else None
        if not text or not text.strip():
            return None
        return UserMessage(
            text,
            self.get_output_channel(),
            conversation_id(self.name(), psid),
            input_channel=self.name(),
            message_id=message_id,
            metadata=self.admission.stamp(
                {"platform": self.name()}, self.admission.user_client(psid)
            ),
        )

    def messages(self, body: Mapping[str, Any]) -> list[UserMessage]:
        """The shopper messages of a webhook body, in order (everything else skipped)."""
        if body.get("object") != "page":
            return []
        found: list[UserMessage] = []
        entries = body.get("entry")
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, Mapping):
                continue
            page_id = str(entry.get("id") or "")
            events = entry.get("messaging")
            for event in events if isinstance(events, list) else []:
                if isinstance(event, Mapping):
                    message = self._event_message(event, page_id)
                    if message is not None:
                        found.append(message)
        return found

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        """``GET /webhook`` (subscription check) and ``POST /webhook``."""
        hooks = Blueprint("shopbot_messenger_webhook")

        # sanic's Blueprint wraps its decorators in an untyped `lazy`: mypy sees them as untyped.
        @hooks.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["GET"])  # type: ignore[untyped-decorator]
        async def subscribe(request: Request) -> HTTPResponse:
            mode = request.args.get("hub.mode")
            token = request.args.get("hub.verify_token")
            challenge = request.args.get("hub.challenge")
            if (
                mode == "subscribe"
                and challenge
                and secret_token_matches(self._verify_token, token)
            ):
                return response.text(challenge)
            logger.warning("messenger: refused a subscription check with a wrong verify token")
            return response.text("forbidden", status=403)

        @hooks.route("/webhook", methods=["POST"], stream=True)  # type: ignore[untyped-decorator]
        async def webhook(request: Request) -> HTTPResponse:
            body = await self.admission.read_body(request)
            if body is None:
                return request_too_large(self.admission.limits.max_request_bytes)
            signature = request.headers.get(SIGNATURE_HEADER)
            if not messenger_request_is_authentic(self._app_secret, body, signature):
                logger.warning("messenger: refused a webhook request without a valid signature")
                return response.text("forbidden", status=403)
            try:
                payload = json.loads(body)
            except ValueError:
                return response.text("bad request", status=400)
            if isinstance(payload, Mapping):
                self.runner.start(on_new_message, self.admission.admitted(self.messages(payload)))
            return response.text("EVENT_RECEIVED")

        return hooks
