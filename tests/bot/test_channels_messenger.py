"""Tests of ``bot.channels.messenger``: the subscription check and the signed webhook on a
real Sanic app, the events that reach the bot, and the Send API calls of the replies.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Awaitable
from typing import Any, TypeVar

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.config import ChannelConfigurationError
from bot.channels.messenger import (
    MAX_QUICK_REPLIES,
    MAX_QUICK_REPLY_TITLE,
    SIGNATURE_HEADER,
    MessengerInput,
)
from tests.bot.channel_harness import (
    CLIENT_KEY_SECRET,
    ChannelServer,
    RecordedRequest,
    StubPlatform,
    admission,
    client_of,
)

T = TypeVar("T")
PAGE_TOKEN = "page-token/with+odd=chars"
APP_SECRET = "messenger-app-secret"
VERIFY_TOKEN = "verify-me-0123"
PAGE_ID = "PAGE-1"
MENU = [
    {"title": "Find a product", "payload": "/search_product"},
    {"title": "Shipping and returns policy", "payload": "/ask_shipping_policy"},
]


def run(scenario: Awaitable[T]) -> T:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def channel(api_url: str = "http://127.0.0.1:9", **limits: int) -> MessengerInput:
    return MessengerInput(
        PAGE_TOKEN,
        APP_SECRET,
        VERIFY_TOKEN,
        api_url=api_url,
        admission=admission("messenger", **limits),
    )


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    """Meta's signature, computed here independently of the code under test."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def event(psid: str = "PSID-1", **fields: Any) -> dict[str, Any]:
    return {
        "sender": {"id": psid},
        "recipient": {"id": PAGE_ID},
        "timestamp": 1700000000000,
        **fields,
    }


def webhook_body(*events: dict[str, Any]) -> bytes:
    body = {"object": "page", "entry": [{"id": PAGE_ID, "time": 1, "messaging": list(events)}]}
    return json.dumps(body).encode()


def deliver(body: bytes, signature: str | None, **limits: int) -> tuple[int, list[UserMessage]]:
    async def scenario() -> tuple[int, list[UserMessage]]:
        async with ChannelServer(channel(**limits)) as server:
            headers = {"Content-Type": "application/json"}
            if signature is not None:
                headers[SIGNATURE_HEADER] = signature
            status, _, _ = await server.post("/webhook", body, headers)
            return status, await server.wait_for(0)

    return run(scenario())


# --- subscription check ---------------------------------------------------------------


def subscribe(params: dict[str, str]) -> tuple[int, str]:
    async def scenario() -> tuple[int, str]:
        async with ChannelServer(channel()) as server:
            status, body, _ = await server.request("GET", "/webhook", params=params)
            return status, body

    return run(scenario())


def test_the_subscription_challenge_is_echoed_with_the_right_token() -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158"}
    assert subscribe(params) == (200, "1158")


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1158"},
        {"hub.mode": "subscribe", "hub.challenge": "1158"},
        {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158"},
        {},
    ],
    ids=["wrong-token", "no-token", "wrong-mode", "nothing"],
)
def test_a_wrong_subscription_check_is_refused(params: dict[str, str]) -> None:
    status, body = subscribe(params)
    assert status == 403
    assert "1158" not in body


# --- events ---------------------------------------------------------------------------


def test_text_quick_replies_and_postbacks_reach_the_bot_in_order() -> None:
    body = webhook_body(
        event(message={"mid": "m.1", "text": "hi"}),
        event(
            message={"mid": "m.2", "text": "Find", "quick_reply": {"payload": "/search_product"}}
        ),
        event(postback={"title": "Track my order", "payload": "/order_status"}),
    )
    status, messages = deliver(body, sign(body))
    assert status == 200
    assert [m.text for m in messages] == ["hi", "/search_product", "/order_status"]
    assert {m.sender_id for m in messages} == {"messenger:PSID-1"}
    assert messages[0].message_id == "m.1"
    assert messages[0].input_channel == "messenger"
    assert messages[0].metadata == {
        "platform": "messenger",
        "shopbot_client": client_of("messenger", "PSID-1"),
    }


def test_echoes_deliveries_reads_and_attachments_are_ignored() -> None:
    body = webhook_body(
        event(message={"mid": "m.3", "text": "from the page", "is_echo": True}),
        event(delivery={"mids": ["m.1"], "watermark": 1}),
        event(read={"watermark": 1}),
        event(message={"mid": "m.4", "attachments": [{"type": "image"}]}),
        event(psid=PAGE_ID, message={"mid": "m.5", "text": "self"}),
    )
    status, messages = deliver(body, sign(body))
    assert status == 200
    assert messages == []


def test_other_objects_are_ignored() -> None:
    body = json.dumps({"object": "instagram", "entry": []}).encode()
    assert deliver(body, sign(body)) == (200, [])


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=" + "0" * 64,
        "sha1=" + hmac.new(APP_SECRET.encode(), b"x", hashlib.sha1).hexdigest(),
        "wrong-secret",
    ],
    ids=["missing", "empty", "wrong", "sha1", "other-secret"],
)
def test_unsigned_or_wrongly_signed_posts_are_refused(signature: str | None) -> None:
    body = webhook_body(event(message={"mid": "m.1", "text": "hi"}))
    if signature == "wrong-secret":
        signature = sign(body, "another-secret")
    assert deliver(body, signature) == (403, [])


def test_a_signature_of_another_body_is_refused() -> None:
    body = webhook_body(event(message={"mid": "m.1", "text": "hi"}))
    other = webhook_body(event(message={"mid": "m.1", "text": "hello"}))
    assert deliver(body, sign(other)) == (403, [])


# --- replies --------------------------------------------------------------------------


def send(*messages: dict[str, Any], recipient: str = "messenger:PSID-1") -> list[RecordedRequest]:
    async def scenario() -> list[RecordedRequest]:
        async with StubPlatform() as platform:
            output = channel(platform.url).get_output_channel()
            for message in messages:
                await output.send_response(recipient, dict(message))
            return list(platform.requests)

    return run(scenario())


def test_text_with_buttons_becomes_quick_replies() -> None:
    [request] = send({"text": "What can I do?", "buttons": MENU})
    assert request.path == "/me/messages"
    assert request.query == {"access_token": PAGE_TOKEN}
    assert request.json() == {
        "recipient": {"id": "PSID-1"},
        "messaging_type": "RESPONSE",
        "message": {
            "text": "What can I do?",
            "quick_replies": [
                {"content_type": "text", "title": "Find a product", "payload": "/search_product"},
                {
                    "content_type": "text",
                    "title": "Shipping and return…",
                    "payload": "/ask_shipping_policy",
                },
            ],
        },
    }
    titles = [reply["title"] for reply in request.json()["message"]["quick_replies"]]
    assert all(len(title) <= MAX_QUICK_REPLY_TITLE for title in titles)


def test_more_than_13_buttons_become_numbered_options_that_map_back() -> None:
    many = [{"title": f"Size {n}", "payload": f'/inform{{"size": "{n}"}}'} for n in range(30, 45)]
    assert len(many) > MAX_QUICK_REPLIES

    async def scenario() -> tuple[list[RecordedRequest], list[UserMessage]]:
        async with StubPlatform() as platform:
            messenger = channel(platform.url)
            await messenger.get_output_channel().send_response(
                "messenger:PSID-1", {"text": "Which size?", "buttons": many}
            )
            async with ChannelServer(messenger) as server:
                body = webhook_body(event(message={"mid": "m.9", "text": "3"}))
                await server.post("/webhook", body, {SIGNATURE_HEADER: sign(body)})
                return list(platform.requests), await server.wait_for(1)

    [request], [message] = run(scenario())
    sent = request.json()["message"]
    assert "quick_replies" not in sent
    assert sent["text"].startswith("Which size?\n\n1. Size 30\n2. Size 31\n3. Size 32")
    assert message.text == '/inform{"size": "32"}'


def test_images_and_product_cards() -> None:
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
                "title": "Canvas Tote",
                "price_text": "€25.00",
                "url": "javascript:alert(1)",
                "image_url": "data:image/png;base64,AAAA",
                "in_stock": False,
            },
        ],
    }
    image, template = send({"image": "https://cdn.example/a.png", "custom": cards})
    assert image.json()["message"] == {
        "attachment": {
            "type": "image",
            "payload": {"url": "https://cdn.example/a.png", "is_reusable": True},
        }
    }
    assert template.json()["message"]["attachment"]["payload"] == {
        "template_type": "generic",
        "elements": [
            {
                "title": "Trail Runner 2",
                "subtitle": "€89.00",
                "image_url": "https://cdn.example/1.jpg",
                "default_action": {"type": "web_url", "url": "https://shop.example/p/P-1"},
            },
            {"title": "Canvas Tote", "subtitle": "€25.00 ✕"},
        ],
    }


def test_cards_go_ten_a_template_and_other_custom_payloads_are_ignored() -> None:
    cards = {
        "type": "product_cards",
        "cards": [{"title": f"P{n}", "price_text": "€1.00", "in_stock": True} for n in range(12)],
    }
    requests = send({"custom": cards}, {"custom": {"type": "other"}})
    sizes = [len(r.json()["message"]["attachment"]["payload"]["elements"]) for r in requests]
    assert sizes == [10, 2]


def test_long_texts_are_split() -> None:
    text = ("A sentence of the bot. " * 200).strip()
    requests = send({"text": text})
    assert len(requests) == 3
    assert all(len(r.json()["message"]["text"]) <= 2000 for r in requests)


def test_the_output_channel_sends_outside_a_request() -> None:
    assert channel().get_output_channel().name() == "messenger"
    [request] = send({"text": "An agent writes."}, recipient="messenger:PSID-77")
    assert request.json()["recipient"] == {"id": "PSID-77"}


def test_from_credentials() -> None:
    credentials = {
        "page_access_token": PAGE_TOKEN,
        "app_secret": APP_SECRET,
        "verify_token": VERIFY_TOKEN,
        "client_key_secret": CLIENT_KEY_SECRET,
        "rate_per_client": "7",
    }
    messenger = MessengerInput.from_credentials(credentials)
    assert isinstance(messenger, MessengerInput)
    assert messenger.api_url == "https://graph.facebook.com/v19.0"
    assert messenger.admission.limits.per_client == 7
    del credentials["client_key_secret"]
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET"):
        MessengerInput.from_credentials(credentials)
    with pytest.raises(RasaException, match="app_secret"):
        MessengerInput.from_credentials(
            {"page_access_token": PAGE_TOKEN, "verify_token": VERIFY_TOKEN}
        )


def test_a_request_over_the_size_limit_is_refused_unread() -> None:
    body = webhook_body(event(message={"mid": "m.big", "text": "x" * 1_000_000}))
    assert deliver(body, sign(body)) == (413, [])


def test_messages_over_the_rate_limit_never_reach_the_bot() -> None:
    body = webhook_body(*[event(message={"mid": f"m.{n}", "text": f"m{n}"}) for n in range(3)])
    status, messages = deliver(body, sign(body), per_conversation=2)
    assert status == 200
    assert [message.text for message in messages] == ["m0", "m1"]
