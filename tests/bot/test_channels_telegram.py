"""Tests of ``bot.channels.telegram``: the secret-token webhook on a real Sanic app, updates
(messages, button presses), and the Bot API calls the replies become.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
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
from bot.channels.rendering import ExpiringLRU
from bot.channels.telegram import (
    MAX_CALLBACK_DATA_BYTES,
    SECRET_HEADER,
    TelegramInput,
    callback_data,
    normalise_command,
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
TOKEN = "123456:test-token"
SECRET = "webhook-secret-0123456789"
BOT = "shopbot_test_bot"
MENU = [
    {"title": "Find a product", "payload": "/search_product"},
    {"title": "Where is my order?", "payload": "/order_status"},
]
LONG_PAYLOAD = '/inform{"order_number": "100234", "email": "someone.with.a.long.name@example.com"}'


def run(scenario: Awaitable[T]) -> T:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def channel(api_url: str = "http://127.0.0.1:9", **limits: int) -> TelegramInput:
    return TelegramInput(
        TOKEN, BOT, SECRET, api_url=api_url, admission=admission("telegram", **limits)
    )


def text_update(text: str, chat_id: int = 4242, chat_type: str = "private", **sender: Any) -> dict:
    return {
        "update_id": 1,
        "message": {
            "message_id": 7,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ana", **sender},
            "chat": {"id": chat_id, "type": chat_type},
            "date": 1700000000,
            "text": text,
        },
    }


def press_update(data: str, chat_id: int = 4242) -> dict:
    return {
        "update_id": 2,
        "callback_query": {
            "id": "cbq-1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ana"},
            "message": {"message_id": 8, "chat": {"id": chat_id, "type": "private"}},
            "chat_instance": "x",
            "data": data,
        },
    }


async def post(server: ChannelServer, update: dict, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    status, _, _ = await server.post("/webhook", json.dumps(update).encode(), headers)
    return status


def deliver(
    *updates: dict, secret: str | None = SECRET, **limits: int
) -> tuple[list[int], list[UserMessage]]:
    async def scenario() -> tuple[list[int], list[UserMessage]]:
        async with ChannelServer(channel(**limits)) as server:
            statuses = [await post(server, update, secret) for update in updates]
            return statuses, await server.wait_for(0)

    return run(scenario())


# --- the webhook ----------------------------------------------------------------------


def test_a_private_message_with_the_secret_reaches_the_bot() -> None:
    statuses, [message] = deliver(text_update("where is my order?", language_code="de"))
    assert statuses == [200]
    assert message.text == "where is my order?"
    assert message.sender_id == "telegram:4242"
    assert message.input_channel == "telegram"
    assert message.message_id == "7"
    assert message.metadata == {
        "platform": "telegram",
        "language_code": "de",
        "shopbot_client": client_of("telegram", "4242"),
    }


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET.upper()])
def test_requests_without_the_secret_token_are_refused(secret: str | None) -> None:
    statuses, messages = deliver(text_update("hi"), secret=secret)
    assert statuses == [403]
    assert messages == []


def test_groups_bots_and_messages_without_text_are_ignored() -> None:
    no_text = text_update("x")
    del no_text["message"]["text"]
    no_text["message"]["sticker"] = {"file_id": "abc"}
    statuses, messages = deliver(
        text_update("hi all", chat_id=-100123, chat_type="group"),
        text_update("hi", chat_type="supergroup"),
        text_update("I am a bot", is_bot=True),
        no_text,
        {"update_id": 9, "edited_message": text_update("edit")["message"]},
    )
    assert statuses == [200] * 5
    assert messages == []


def test_a_broken_body_is_a_bad_request() -> None:
    async def scenario() -> int:
        async with ChannelServer(channel()) as server:
            headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
            status, _, _ = await server.post("/webhook", b"{not json", headers)
            return status

    assert run(scenario()) == 400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/start", "/greet"),
        ("/start deep-link-argument", "/greet"),
        (f"/start@{BOT}", "/greet"),
        (f"/help@{BOT}", "/help"),
        ("/help", "/help"),
        ("/help@otherbot", "/help@otherbot"),
        ("where is my order?", "where is my order?"),
        ('/inform{"x": 1}', '/inform{"x": 1}'),
    ],
)
def test_commands(text: str, expected: str) -> None:
    assert normalise_command(text, BOT) == expected


def test_start_reaches_the_bot_as_greet() -> None:
    _, [message] = deliver(text_update("/start"))
    assert message.text == "/greet"


def test_a_button_press_is_answered_and_sends_the_payload() -> None:
    async def scenario() -> tuple[list[UserMessage], list[RecordedRequest]]:
        async with StubPlatform() as platform, ChannelServer(channel(platform.url)) as server:
            assert await post(server, press_update("/order_status")) == 200
            messages = await server.wait_for(1)
            return messages, await platform.wait_for(1)

    [message], [answer] = run(scenario())
    assert message.text == "/order_status"
    assert message.sender_id == "telegram:4242"
    assert answer.path == f"/bot{TOKEN}/answerCallbackQuery"
    assert answer.json() == {"callback_query_id": "cbq-1"}


def test_long_payloads_travel_as_tokens_and_come_back() -> None:
    assert len(LONG_PAYLOAD.encode()) > MAX_CALLBACK_DATA_BYTES

    async def scenario() -> tuple[list[UserMessage], dict]:
        async with StubPlatform() as platform:
            telegram = channel(platform.url)
            await telegram.get_output_channel().send_response(
                "telegram:4242",
                {"text": "Is this right?", "buttons": [{"title": "Yes", "payload": LONG_PAYLOAD}]},
            )
            [sent] = await platform.wait_for(1)
            keyboard = sent.json()["reply_markup"]["inline_keyboard"]
            data = keyboard[0][0]["callback_data"]
            async with ChannelServer(telegram) as server:
                await post(server, press_update(data))
                await post(server, press_update("#" + "0" * 32))
                return await server.wait_for(1), sent.json()

    [message], sent = run(scenario())
    data = sent["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    assert message.text == LONG_PAYLOAD


def test_callback_data_keeps_short_payloads() -> None:
    tokens: ExpiringLRU[str, str] = ExpiringLRU()
    assert callback_data("/order_status", tokens) == "/order_status"
    assert len(tokens) == 0
    token = callback_data("#looks-like-a-token", tokens)
    assert token != "#looks-like-a-token" and tokens.get(token) == "#looks-like-a-token"
    assert callback_data(LONG_PAYLOAD, tokens) == callback_data(LONG_PAYLOAD, tokens)


# --- replies --------------------------------------------------------------------------


def send(*messages: dict[str, Any], recipient: str = "telegram:4242") -> list[RecordedRequest]:
    async def scenario() -> list[RecordedRequest]:
        async with StubPlatform() as platform:
            output = channel(platform.url).get_output_channel()
            for message in messages:
                await output.send_response(recipient, dict(message))
            return list(platform.requests)

    return run(scenario())


def test_text_is_sent_plain_without_parse_mode() -> None:
    text = "Fish & chips <b>bold</b> *stars* _under_ [link](http://x.example)"
    [request] = send({"text": text})
    assert request.method == "POST"
    assert request.path == f"/bot{TOKEN}/sendMessage"
    assert request.json() == {"chat_id": 4242, "text": text}


def test_buttons_become_an_inline_keyboard() -> None:
    [request] = send({"text": "What can I do?", "buttons": MENU})
    assert request.json() == {
        "chat_id": 4242,
        "text": "What can I do?",
        "reply_markup": {
            "inline_keyboard": [
                [{"text": "Find a product", "callback_data": "/search_product"}],
                [{"text": "Where is my order?", "callback_data": "/order_status"}],
            ]
        },
    }


def test_buttons_without_text_still_have_a_text() -> None:
    [request] = send({"buttons": MENU})
    assert request.json()["text"] == "1. Find a product\n2. Where is my order?"


def test_long_texts_are_split_with_the_keyboard_on_the_last_piece() -> None:
    text = ("A sentence of the bot. " * 400).strip()
    requests = send({"text": text, "buttons": MENU})
    bodies = [r.json() for r in requests]
    assert len(bodies) == 3
    assert all(len(body["text"]) <= 4096 for body in bodies)
    assert ["reply_markup" in body for body in bodies] == [False, False, True]


def test_images_cards_and_other_custom_payloads() -> None:
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
                "in_stock": False,
            },
        ],
    }
    requests = send(
        {"image": "https://cdn.example/a.png"},
        {"image": "javascript:alert(1)"},
        {"custom": cards},
        {"custom": {"type": "something_else"}},
    )
    assert [r.path.rsplit("/", 1)[1] for r in requests] == ["sendPhoto", "sendMessage"]
    assert requests[0].json() == {"chat_id": 4242, "photo": "https://cdn.example/a.png"}
    assert requests[1].json()["text"] == (
        "Trail Runner 2 — €89.00\nhttps://shop.example/p/P-1\n\nCanvas Tote — €25.00 ✕"
    )


def test_the_output_channel_sends_outside_a_request() -> None:
    telegram = channel()
    output = telegram.get_output_channel()
    assert output.name() == "telegram"
    [request] = send({"text": "An agent writes."}, recipient="telegram:987654321")
    assert request.json() == {"chat_id": 987654321, "text": "An agent writes."}


def test_from_credentials() -> None:
    telegram = TelegramInput.from_credentials(
        {
            "access_token": TOKEN,
            "verify": "@" + BOT,
            "webhook_secret": SECRET,
            "api_url": None,
            "client_key_secret": CLIENT_KEY_SECRET,
            "max_request_bytes": "4096",
        }
    )
    assert isinstance(telegram, TelegramInput)
    assert telegram.admission.limits.max_request_bytes == 4096
    with pytest.raises(ChannelConfigurationError, match="max_request_bytes"):
        TelegramInput.from_credentials(
            {
                "access_token": TOKEN,
                "verify": BOT,
                "webhook_secret": SECRET,
                "client_key_secret": CLIENT_KEY_SECRET,
                "max_request_bytes": "lots",
            }
        )
    assert telegram.bot_name == BOT
    assert telegram.api_url == "https://api.telegram.org"
    with pytest.raises(RasaException, match="webhook_secret") as error:
        TelegramInput.from_credentials({"access_token": TOKEN, "verify": BOT})
    assert TOKEN not in str(error.value)


def test_a_request_over_the_size_limit_is_refused_unread() -> None:
    statuses, messages = deliver(text_update("x" * 1_000_000))
    assert statuses == [413]
    assert messages == []
    # Without the secret it is refused for that first, size unseen.
    assert deliver(text_update("x" * 1_000_000), secret=None) == ([403], [])


def test_messages_over_the_rate_limit_never_reach_the_bot() -> None:
    updates = [text_update(f"message {number}") for number in range(3)]
    updates.append(text_update("another chat", chat_id=77))
    statuses, messages = deliver(*updates, per_conversation=2)
    assert statuses == [200] * 4  # Telegram must not retry them
    assert [message.text for message in messages] == ["message 0", "message 1", "another chat"]
