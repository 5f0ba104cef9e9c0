"""Tests of ``bot.channels.slack``: signed events and button presses on a real Sanic app,
the conversations they make, and the Web API calls of the replies.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Awaitable
from typing import Any, TypeVar
from urllib.parse import urlencode

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.config import ChannelConfigurationError
from bot.channels.slack import SlackInput, slack_plain_text
from tests.bot.channel_harness import (
    CLIENT_KEY_SECRET,
    ChannelServer,
    RecordedRequest,
    StubPlatform,
    admission,
    client_of,
)

T = TypeVar("T")
BOT_TOKEN = "xoxb-test-token"
SIGNING_SECRET = "slack-signing-secret"
MENU = [
    {"title": "Find a product", "payload": "/search_product"},
    {"title": "Where is my order?", "payload": "/order_status"},
]


def run(scenario: Awaitable[T]) -> T:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def channel(api_url: str = "http://127.0.0.1:9", **limits: int) -> SlackInput:
    return SlackInput(
        BOT_TOKEN, SIGNING_SECRET, api_url=api_url, admission=admission("slack", **limits)
    )


def signed(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict:
    """Slack's headers, the signature computed here independently of the code under test."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest.hexdigest()}"}


def event_body(event_id: str | None = None, **event: Any) -> bytes:
    body = {
        "token": "unused",
        "team_id": "T123",
        "api_app_id": "A123",
        "type": "event_callback",
        "event_id": event_id or f"Ev{uuid.uuid4().hex[:12]}",
        "event_time": 1700000000,
        "event": {"ts": "1700000000.000100", **event},
    }
    return json.dumps(body).encode()


def dm(text: str, **fields: Any) -> bytes:
    return event_body(
        type="message", channel="D0DM", channel_type="im", user="U0SHOPPER", text=text, **fields
    )


def action_body(value: str, channel_id: str = "D0DM", trigger_id: str | None = None) -> bytes:
    payload = {
        "type": "block_actions",
        "trigger_id": trigger_id or f"trigger-{uuid.uuid4().hex[:12]}",
        "team": {"id": "T123"},
        "user": {"id": "U0SHOPPER"},
        "channel": {"id": channel_id, "name": "directmessage"},
        "container": {"type": "message", "channel_id": channel_id},
        "actions": [{"type": "button", "action_id": "shopbot_option_2", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def deliver(
    *requests: tuple[bytes, dict[str, str]], **limits: int
) -> tuple[list[tuple[int, str]], list[UserMessage]]:
    async def scenario() -> tuple[list[tuple[int, str]], list[UserMessage]]:
        async with ChannelServer(channel(**limits)) as server:
            answers = []
            for body, headers in requests:
                status, text, _ = await server.post("/webhook", body, headers)
                answers.append((status, text))
            return answers, await server.wait_for(0)

    return run(scenario())


# --- the webhook ----------------------------------------------------------------------


def test_the_url_verification_challenge_is_answered() -> None:
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRN"}).encode()
    answers, messages = deliver((body, {**JSON, **signed(body)}))
    assert answers == [(200, "3eZbrw1aBm2rZgRN")]
    assert messages == []


def test_a_direct_message_reaches_the_bot() -> None:
    body = dm("my email is <mailto:ana@example.com|ana@example.com> &amp; order 100234")
    answers, [message] = deliver((body, {**JSON, **signed(body)}))
    assert answers == [(200, "")]
    assert message.text == "my email is ana@example.com & order 100234"
    assert message.sender_id == "slack:D0DM"
    assert message.input_channel == "slack"
    assert message.metadata == {
        "platform": "slack",
        "direct": True,
        "team_id": "T123",
        "shopbot_client": client_of("slack", "U0SHOPPER"),
    }


def test_a_mention_in_a_channel_is_a_conversation_of_that_member() -> None:
    body = event_body(
        type="app_mention", channel="C0SHOP", user="U0SHOPPER", text="<@U0BOT> where is my order?"
    )
    _, [message] = deliver((body, {**JSON, **signed(body)}))
    assert message.text == "where is my order?"
    assert message.sender_id == "slack:C0SHOP:U0SHOPPER"
    assert message.metadata is not None and message.metadata["direct"] is False


def test_bots_edits_and_plain_channel_messages_are_ignored() -> None:
    bodies = [
        dm("from a bot", bot_id="B0BOT"),
        dm("edited", subtype="message_changed"),
        event_body(type="message", channel="C0SHOP", channel_type="channel", user="U1", text="x"),
        event_body(type="reaction_added", user="U1", reaction="thumbsup"),
        dm(""),
    ]
    answers, messages = deliver(*[(body, {**JSON, **signed(body)}) for body in bodies])
    assert [status for status, _ in answers] == [200] * len(bodies)
    assert messages == []


def test_a_button_press_sends_its_value() -> None:
    body = action_body("/order_status")
    answers, [message] = deliver((body, {**FORM, **signed(body)}))
    assert answers == [(200, "")]
    assert message.text == "/order_status"
    assert message.sender_id == "slack:D0DM"


def test_a_retry_of_a_delivery_that_never_arrived_is_handled() -> None:
    """Slack retries what it thinks failed; when the first delivery never reached the bot
    (the server was down or restarted), the retry is the one that counts."""
    body = dm("hi")
    headers = {**JSON, **signed(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
    answers, messages = deliver((body, headers))
    assert answers == [(200, "")]
    assert [message.text for message in messages] == ["hi"]


def test_a_replayed_or_retried_delivery_is_handled_once() -> None:
    body = dm("where is my order?")
    retry = {**JSON, **signed(body), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"}
    answers, messages = deliver(
        (body, {**JSON, **signed(body)}), (body, {**JSON, **signed(body)}), (body, retry)
    )
    assert [status for status, _ in answers] == [200, 200, 200]
    assert [message.text for message in messages] == ["where is my order?"]


def test_the_same_message_in_another_event_is_handled_once() -> None:
    first = dm("hi", client_msg_id="msg-1")
    again = dm("hi", client_msg_id="msg-1")  # another event_id, the same message
    _, messages = deliver((first, {**JSON, **signed(first)}), (again, {**JSON, **signed(again)}))
    assert len(messages) == 1


def test_a_replayed_button_press_is_handled_once() -> None:
    body = action_body("/order_status", trigger_id="trigger-1")
    other = action_body("/order_status", trigger_id="trigger-2")
    _, messages = deliver(
        (body, {**FORM, **signed(body)}),
        (body, {**FORM, **signed(body)}),
        (other, {**FORM, **signed(other)}),
    )
    assert [message.text for message in messages] == ["/order_status", "/order_status"]


def test_a_request_over_the_size_limit_is_refused_before_it_is_read() -> None:
    body = dm("x" * 5000)
    answers, messages = deliver((body, {**JSON, **signed(body)}), max_request_bytes=4096)
    [(status, text)] = answers
    assert status == 413
    assert json.loads(text)["error"] == "request_too_large"
    assert json.loads(text)["limit_bytes"] == 4096
    assert messages == []


def test_messages_over_the_rate_limit_never_reach_the_bot() -> None:
    bodies = [dm(f"message {number}") for number in range(4)]
    answers, messages = deliver(
        *[(body, {**JSON, **signed(body)}) for body in bodies], per_conversation=2
    )
    assert [status for status, _ in answers] == [200] * 4  # Slack must not retry them
    assert [message.text for message in messages] == ["message 0", "message 1"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Slack-Request-Timestamp": str(int(time.time()))},
        {**signed(dm("hi")), "X-Slack-Signature": "v0=" + "0" * 64},
        signed(dm("hi"), secret="another-secret"),
        signed(dm("hi"), timestamp=int(time.time()) - 301),
        signed(dm("hi"), timestamp=int(time.time()) + 3600),
        signed(dm("hello")),
    ],
    ids=["unsigned", "no-signature", "wrong", "other-secret", "stale", "future", "other-body"],
)
def test_unsigned_wrong_or_stale_requests_are_refused(headers: dict[str, str]) -> None:
    answers, messages = deliver((dm("hi"), {**JSON, **headers}))
    assert answers[0][0] == 401
    assert messages == []


def test_an_unsigned_button_press_is_refused() -> None:
    body = action_body("/order_status")
    answers, messages = deliver((body, FORM))
    assert answers[0][0] == 401
    assert messages == []


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("<@U0BOT> hi", "hi"),
        ("<@U0BOT>   <@U0OTHER> hi", "hi"),
        ("ask <@U0OTHER|maria> too", "ask @maria too"),
        ("see <https://shop.example/p/1>", "see https://shop.example/p/1"),
        ("see <https://shop.example/p/1|shop.example/p/1>", "see https://shop.example/p/1"),
        ("<mailto:ana@example.com|ana@example.com>", "ana@example.com"),
        ("in <#C0SHOP|general>", "in #general"),
        ("fish &amp; chips &lt;3 &gt;", "fish & chips <3 >"),
        ("<!here> help", "help"),
    ],
)
def test_slack_markup_is_undone(raw: str, plain: str) -> None:
    assert slack_plain_text(raw) == plain


# --- replies --------------------------------------------------------------------------


def send(*messages: dict[str, Any], recipient: str = "slack:D0DM") -> list[RecordedRequest]:
    async def scenario() -> list[RecordedRequest]:
        async with StubPlatform() as platform:
            output = channel(platform.url).get_output_channel()
            for message in messages:
                await output.send_response(recipient, dict(message))
            return list(platform.requests)

    return run(scenario())


def test_a_reply_is_escaped_text_and_buttons() -> None:
    [request] = send({"text": "Fish & chips <@U0ALL> > *x*", "buttons": MENU})
    assert request.path == "/chat.postMessage"
    assert request.headers["Authorization"] == f"Bearer {BOT_TOKEN}"
    body = request.json()
    assert body["channel"] == "D0DM"
    assert body["text"] == "Fish &amp; chips &lt;@U0ALL&gt; &gt; *x*"
    assert body["blocks"] == [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "Fish &amp; chips &lt;@U0ALL&gt; &gt; *x*"},
        },
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Find a product"},
                    "value": "/search_product",
                    "action_id": "shopbot_option_1",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Where is my order?"},
                    "value": "/order_status",
                    "action_id": "shopbot_option_2",
                },
            ],
        },
    ]


def test_in_a_channel_only_the_member_sees_the_reply() -> None:
    [request] = send({"text": "Your order has shipped."}, recipient="slack:C0SHOP:U0SHOPPER")
    assert request.path == "/chat.postEphemeral"
    assert request.json()["channel"] == "C0SHOP"
    assert request.json()["user"] == "U0SHOPPER"


def test_product_cards_are_sections_with_http_links_and_pictures_only() -> None:
    cards = {
        "type": "product_cards",
        "cards": [
            {
                "title": "Trail Runner 2",
                "price_text": "€89.00",
                "url": "https://shop.example/p/P-1",
                "image_url": "https://cdn.example/1.jpg",
                "in_stock": True,
            },
            {
                "title": "<Evil> & Co",
                "price_text": "€1.00",
                "url": "javascript:alert(1)",
                "image_url": "javascript:alert(2)",
                "in_stock": False,
            },
        ],
    }
    [request] = send({"custom": cards}, {"custom": {"type": "other"}})
    blocks = request.json()["blocks"]
    assert blocks == [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": "*<https://shop.example/p/P-1|Trail Runner 2>*\n€89.00",
            },
            "accessory": {
                "type": "image",
                "image_url": "https://cdn.example/1.jpg",
                "alt_text": "Trail Runner 2",
            },
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": "*&lt;Evil&gt; &amp; Co*\n€1.00 ✕"}},
    ]
    assert b"javascript" not in request.body


def test_images_become_image_blocks() -> None:
    [request] = send({"image": "https://cdn.example/size-chart.png"}, {"image": "ftp://x/y.png"})
    assert request.json()["blocks"] == [
        {
            "type": "image",
            "image_url": "https://cdn.example/size-chart.png",
            "alt_text": "size-chart.png",
        }
    ]


def test_the_output_channel_sends_outside_a_request() -> None:
    assert channel().get_output_channel().name() == "slack"
    [request] = send({"text": "An agent writes."}, recipient="slack:D0OTHER")
    assert request.json()["channel"] == "D0OTHER"


def test_from_credentials() -> None:
    slack = SlackInput.from_credentials(
        {
            "bot_token": BOT_TOKEN,
            "signing_secret": SIGNING_SECRET,
            "api_url": "http://x.test/",
            "client_key_secret": CLIENT_KEY_SECRET,
            "rate_per_conversation": "3",
        }
    )
    assert isinstance(slack, SlackInput)
    assert slack.api_url == "http://x.test"
    assert slack.admission.limits.per_conversation == 3
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET"):
        SlackInput.from_credentials(
            {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "client_key_secret": "x"}
        )
    with pytest.raises(RasaException, match="signing_secret") as error:
        SlackInput.from_credentials({"bot_token": BOT_TOKEN})
    assert BOT_TOKEN not in str(error.value)
