"""Slack channel: a Slack app's bot user, in direct messages and when mentioned.

``POST /webhooks/slack/webhook`` receives both the Events API (JSON) and interactivity
(form field ``payload``); both are signed the same way and refused with 401 unless
``X-Slack-Signature`` is ``v0=<hex HMAC-SHA256(signing secret,
"v0:{X-Slack-Request-Timestamp}:{raw body}")>`` and the timestamp is within five minutes;
a body over ``max_request_bytes`` is refused with 413 before it is read to the end.

- ``url_verification``: the challenge is echoed;
- every delivery is handled once (:mod:`bot.channels.replays`): the ids of what reached
  the bot (``event_id`` and the message's ``client_msg_id``; a button press's
  ``trigger_id``) are remembered for an hour, and a delivery carrying one of them, replayed
  or retried, is acknowledged and does nothing (``X-Slack-No-Retry: 1``). A retry
  (``X-Slack-Retry-Num``) of a delivery that never reached the bot (the server was down,
  or restarted) is handled like a first delivery;
- messages over the rate limits (per conversation, per Slack user) are acknowledged and
  never reach the bot; each message carries the user's client id (``shopbot_client``);
- ``message`` events in direct messages and ``app_mention`` events reach the bot
  (messages of bots, edits and other subtypes do not); Slack's markup in the shopper's
  text is undone (``<mailto:ana@example.com|ana@example.com>`` → ``ana@example.com``);
- ``block_actions``: a press on one of the bot's buttons sends its value (the payload).

A direct message is the conversation ``slack:<channel>``. In a channel, each member who
mentions the bot has a conversation of their own, ``slack:<channel>:<user>``, and is answered
with ephemeral messages (``chat.postEphemeral``) that only they see: order details never
show to the whole channel.

Replies go to ``{api_url}/chat.postMessage`` (or ``chat.postEphemeral``) with
``Authorization: Bearer <bot token>``: text escaped as Slack requires (``&``, ``<``, ``>``)
in section blocks, buttons as an actions block, images as image blocks, product cards as
sections with the product link and picture.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Mapping
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
    read_credentials,
)
from bot.channels.refusals import request_too_large
from bot.channels.rendering import (
    SOLD_OUT_MARK,
    BotMessage,
    Button,
    ProductCard,
    card_line,
    escape_slack,
    parse_product_cards,
    shorten,
    slack_link,
    split_text,
)
from bot.channels.replays import DeliveryRecord
from bot.channels.signatures import slack_request_is_authentic

__all__ = [
    "DEFAULT_API_URL",
    "DELIVERY_MEMORY_SECONDS",
    "MAX_BLOCKS",
    "SlackInput",
    "SlackOutput",
    "button_blocks",
    "card_blocks",
    "delivery_ids",
    "slack_plain_text",
    "text_blocks",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api"
MAX_BLOCKS = 50
MAX_SECTION_CHARACTERS = 3000
MAX_BUTTONS_PER_BLOCK = 25
MAX_BUTTON_TITLE = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_CHARACTERS = 3000
DELIVERY_MEMORY_SECONDS = 60 * 60
"""How long the ids of handled deliveries are remembered (Slack retries for minutes, and
its signatures hold five)."""
_LINK = re.compile(r"<([^<>|]*)(?:\|([^<>]*))?>")
_LEADING_MENTIONS = re.compile(r"^(?:\s*<@[A-Z0-9]+(?:\|[^<>]*)?>)+\s*")


def slack_plain_text(text: str) -> str:
    """The shopper's text without Slack's markup: mentions at the start dropped, links and
    e-mail addresses as typed, ``&amp;`` ``&lt;`` ``&gt;`` unescaped."""

    def plain(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if target.startswith(("@", "!")):
            return f"@{label}" if label else ""
        if target.startswith("#"):
            return f"#{label}" if label else target
        if target.startswith("mailto:"):
            return label or target.removeprefix("mailto:")
        return label if label and not target.startswith(("http://", "https://")) else target

    without_mentions = _LEADING_MENTIONS.sub("", text)
    return html.unescape(_LINK.sub(plain, without_mentions)).strip()


def text_blocks(text: str) -> list[dict[str, Any]]:
    """Section blocks of escaped ``mrkdwn`` text, 3000 characters each."""
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in split_text(escape_slack(text), MAX_SECTION_CHARACTERS)
    ]


def button_blocks(buttons: tuple[Button, ...]) -> list[dict[str, Any]]:
    """Actions blocks of at most 25 buttons, each sending its payload as its value."""
    elements = [
        {
            "type": "button",
            "text": {"type": "plain_text", "text": shorten(button.title, MAX_BUTTON_TITLE)},
            "value": button.payload,
            "action_id": f"shopbot_option_{number}",
        }
        for number, button in enumerate(buttons, start=1)
        if len(button.payload) <= MAX_BUTTON_VALUE
    ]
    return [
        {"type": "actions", "elements": elements[start : start + MAX_BUTTONS_PER_BLOCK]}
        for start in range(0, len(elements), MAX_BUTTONS_PER_BLOCK)
    ]


def card_blocks(cards: list[ProductCard]) -> list[dict[str, Any]]:
    """One section per card: the linked title, the price, the picture on the side."""
    blocks: list[dict[str, Any]] = []
    for card in cards:
        title = slack_link(card.url, card.title) if card.url else escape_slack(card.title)
        price = escape_slack(card.price_text)
        if not card.in_stock:
            price = f"{price} {SOLD_OUT_MARK}".strip()
        block: dict[str, Any] = {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"*{title}*\n{price}".strip()},
        }
        if card.image_url:
            block["accessory"] = {
                "type": "image",
                "image_url": card.image_url,
                "alt_text": shorten(card.title, 200),
            }
        blocks.append(block)
    return blocks


def _image_block(url: str) -> dict[str, Any]:
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or url
    return {"type": "image", "image_url": url, "alt_text": shorten(name, 200)}


class SlackOutput(PlatformOutput):
    """Sends replies with ``chat.postMessage`` (``chat.postEphemeral`` in channels)."""

    platform = "slack"

    def __init__(self, client: ApiClient, bot_token: str, api_url: str) -> None:
        """``bot_token`` is the bot user's OAuth token (``xoxb-...``)."""
        super().__init__(client)
        self._bot_token = bot_token
        self.api_url = api_url

    def post(self, address: str, text: str, blocks: list[dict[str, Any]]) -> ApiCall:
        """One message to a DM (``D...``) or, ephemeral, to one member in a channel."""
        channel, _, user = address.partition(":")
        body: dict[str, Any] = {
            "channel": channel,
            "text": shorten(escape_slack(text), MAX_FALLBACK_CHARACTERS),
            "blocks": blocks,
        }
        method = "chat.postMessage"
        if user:
            method = "chat.postEphemeral"
            body["user"] = user
        return ApiCall(
            method=method,
            url=f"{self.api_url}/{method}",
            json=body,
            headers={"Authorization": f"Bearer {self._bot_token}"},
        )

    def render(self, address: str, message: dict[str, Any]) -> list[ApiCall]:
        """The message as blocks, 50 a message; product cards in a message of their own."""
        bot = BotMessage.of(message)
        blocks = text_blocks(bot.text) + button_blocks(bot.buttons)
        if bot.image:
            blocks.append(_image_block(bot.image))
        self.note_text(bot.text)
        calls = [
            self.post(address, bot.text if start == 0 else "", blocks[start : start + MAX_BLOCKS])
            for start in range(0, len(blocks), MAX_BLOCKS)
        ]
        if bot.custom is not None:
            cards = parse_product_cards(bot.custom)
            if cards is None:
                self.ignore_custom(bot.custom)
            card_list = card_blocks(cards or [])
            for start in range(0, len(card_list), MAX_BLOCKS):
                chunk = (cards or [])[start : start + MAX_BLOCKS]
                fallback = "\n".join(card_line(card) for card in chunk)
                calls.append(self.post(address, fallback, card_list[start : start + MAX_BLOCKS]))
        return calls


def _is_direct(channel: str, channel_type: object = None) -> bool:
    return channel_type == "im" or channel.startswith("D")


def delivery_ids(body: Mapping[str, Any]) -> list[str]:
    """The ids that make a delivery (an event or a button press) the same one again:
    ``event_id`` and the message's ``client_msg_id``; a press's ``trigger_id``."""
    ids: list[str] = []
    event = body.get("event")
    if isinstance(body.get("event_id"), str):
        ids.append(f"event:{body['event_id']}")
    if isinstance(event, Mapping) and isinstance(event.get("client_msg_id"), str):
        ids.append(f"message:{event['client_msg_id']}")
    if isinstance(body.get("trigger_id"), str):
        ids.append(f"trigger:{body['trigger_id']}")
    return [delivery_id for delivery_id in ids if delivery_id.partition(":")[2]]


class SlackInput(InputChannel):
    """Receives a Slack app's events and button presses (signed requests only)."""

    @classmethod
    def name(cls) -> str:
        """``slack``: the webhook is ``/webhooks/slack/webhook``."""
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackInput:
        """``bot_token``, ``signing_secret``, ``api_url``, ``client_key_secret`` and the
        limits (:mod:`bot.channels.admission`)."""
        values = read_credentials(cls, credentials, ("bot_token", "signing_secret"))
        return cls(
            bot_token=values["bot_token"],
            signing_secret=values["signing_secret"],
            api_url=values.get("api_url") or DEFAULT_API_URL,
            admission=Admission.from_credentials(cls.name(), values),
        )

    def __init__(
        self,
        bot_token: str,
        signing_secret: str,
        api_url: str = DEFAULT_API_URL,
        *,
        admission: Admission,
        deliveries: DeliveryRecord | None = None,
    ) -> None:
        """The bot token sends; the signing secret checks the requests; ``admission``
        holds the client ids and limits; ``deliveries`` the ids already handled."""
        self._bot_token = bot_token
        self._signing_secret = signing_secret
        self.api_url = api_base_url(self.name(), api_url, DEFAULT_API_URL)
        self.client = ApiClient(self.name())
        self.runner = TurnRunner(self.name())
        self.admission = admission
        self.deliveries = deliveries or DeliveryRecord(DELIVERY_MEMORY_SECONDS)

    def get_output_channel(self) -> SlackOutput:
        """An output channel that can message any conversation outside a request."""
        return SlackOutput(self.client, self._bot_token, self.api_url)

    def get_metadata(self, request: Request) -> dict[str, Any]:
        """``{"platform": "slack"}``."""
        return {"platform": self.name()}

    def is_authentic(self, request: Request) -> bool:
        """Whether Slack signed the request within the last five minutes."""
        return slack_request_is_authentic(
            self._signing_secret,
            request.headers.get("X-Slack-Request-Timestamp"),
            request.body or b"",
            request.headers.get("X-Slack-Signature"),
        )

    def _user_message(
        self, text: str, channel: str, user: str, direct: bool, team: object, message_id: object
    ) -> UserMessage:
        address = channel if direct else f"{channel}:{user}"
        metadata: dict[str, Any] = {"platform": self.name(), "direct": direct}
        if isinstance(team, str) and team:
            metadata["team_id"] = team
        metadata = self.admission.stamp(metadata, self.admission.user_client(user))
        return UserMessage(
            text,
            self.get_output_channel(),
            conversation_id(self.name(), address),
            input_channel=self.name(),
            message_id=str(message_id) if message_id else None,
            metadata=metadata,
        )

    def event_message(self, body: Mapping[str, Any]) -> UserMessage | None:
        """The shopper's message in an ``event_callback``; ``None`` for anything else."""
        event = body.get("event")
        if body.get("type") != "event_callback" or not isinstance(event, Mapping):
            return None
        kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
        if event.get("bot_id") or event.get("subtype") or not isinstance(channel, str):
            return None
        if not isinstance(user, str) or not user or not channel:
            return None
        direct = _is_direct(channel, event.get("channel_type"))
        if not ((kind == "message" and direct) or kind == "app_mention"):
            return None
        raw = event.get("text")
        text = slack_plain_text(raw) if isinstance(raw, str) else ""
        if not text:
            return None
        message_id = event.get("client_msg_id") or event.get("ts")
        return self._user_message(text, channel, user, direct, body.get("team_id"), message_id)

    def action_message(self, payload: Mapping[str, Any]) -> UserMessage | None:
        """The pressed button's value in a ``block_actions`` payload, as a message."""
        if payload.get("type") != "block_actions":
            return None
        actions, user, channel = payload.get("actions"), payload.get("user"), payload.get("channel")
        if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
            return None
        value = actions[0].get("value")
        user_id = user.get("id") if isinstance(user, Mapping) else None
        channel_id = channel.get("id") if isinstance(channel, Mapping) else None
        if not isinstance(channel_id, str):
            container = payload.get("container")
            channel_id = container.get("channel_id") if isinstance(container, Mapping) else None
        if not all(isinstance(part, str) and part for part in (value, user_id, channel_id)):
            return None
        team = payload.get("team")
        team_id = team.get("id") if isinstance(team, Mapping) else None
        return self._user_message(
            str(value), str(channel_id), str(user_id), _is_direct(str(channel_id)), team_id, None
        )

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        """``GET /`` (health) and ``POST /webhook``."""
        hooks = Blueprint("shopbot_slack_webhook")

        # sanic's Blueprint wraps its decorators in an untyped `lazy`: mypy sees them as untyped.
        @hooks.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @hooks.route("/webhook", methods=["POST"], stream=True)  # type: ignore[untyped-decorator]
        async def webhook(request: Request) -> HTTPResponse:
            if await self.admission.read_body(request) is None:
                return request_too_large(self.admission.limits.max_request_bytes)
            if not self.is_authentic(request):
                logger.warning("slack: refused a webhook request without a valid signature")
                return response.text("unauthorized", status=401)
            message: UserMessage | None = None
            ids: list[str] = []
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/x-www-form-urlencoded":
                    form = parse_qs((request.body or b"").decode("utf-8"))
                    payload = json.loads((form.get("payload") or ["null"])[0])
                    if isinstance(payload, Mapping):
                        message = self.action_message(payload)
                        ids = delivery_ids(payload)
                else:
                    body = json.loads(request.body or b"null")
                    if isinstance(body, Mapping) and body.get("type") == "url_verification":
                        return response.text(str(body.get("challenge") or ""))
                    if isinstance(body, Mapping):
                        message = self.event_message(body)
                        ids = delivery_ids(body)
            except (UnicodeDecodeError, ValueError):
                return response.text("bad request", status=400)
            if message is None:
                logger.debug("slack: a request without a shopper message ignored")
                return response.text("")
            if not self.deliveries.first_time(ids):
                logger.info("slack: a delivery handled before was ignored (replay or retry)")
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            if self.admission.admit(message) is None:
                self.runner.start(on_new_message, [message])
            return response.text("")

        return hooks
