"""Tests of ``bot.channels.base``: conversation ids, credentials, the API client's logs and
the background turns.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import logging

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import UserMessage
from rasa.shared.exceptions import RasaException

from bot.channels.base import (
    ApiCall,
    ApiClient,
    TurnRunner,
    address_of,
    api_base_url,
    conversation_id,
    read_credentials,
)
from bot.channels.telegram import TelegramInput
from tests.bot.channel_harness import StubPlatform


def test_conversation_ids_carry_the_platform() -> None:
    assert conversation_id("twilio", "whatsapp:+15551112222") == "twilio:whatsapp:+15551112222"
    assert address_of("twilio", "twilio:whatsapp:+15551112222") == "whatsapp:+15551112222"
    assert address_of("slack", "slack:C0SHOP:U0SHOPPER") == "C0SHOP:U0SHOPPER"
    # An id from elsewhere (e.g. a test) is used as it is.
    assert address_of("telegram", "4242") == "4242"


def test_read_credentials_strips_and_names_what_is_missing() -> None:
    values = read_credentials(
        TelegramInput, {"access_token": " t ", "verify": "bot", "extra": None}, ["access_token"]
    )
    assert values == {"access_token": "t", "verify": "bot"}
    with pytest.raises(RasaException, match="verify, webhook_secret"):
        read_credentials(TelegramInput, {"access_token": "t"}, ["verify", "webhook_secret"])


def test_api_base_url() -> None:
    assert api_base_url("x", None, "https://api.example/v1/") == "https://api.example/v1"
    assert api_base_url("x", "http://127.0.0.1:9/stub", "https://a") == "http://127.0.0.1:9/stub"
    with pytest.raises(RasaException):
        api_base_url("x", "javascript:alert(1)", "https://a")


def test_an_api_call_never_shows_its_secrets() -> None:
    call = ApiCall(
        method="sendMessage",
        url="https://api.telegram.org/bot123:SECRET/sendMessage",
        json={"text": "your order 100234"},
        headers={"Authorization": "Bearer xoxb-SECRET"},
        basic_auth=("AC1", "SECRET"),
    )
    assert "SECRET" not in repr(call) and "100234" not in repr(call)


def test_api_failures_are_logged_without_url_token_or_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> object:
        async with StubPlatform(status=400, reply={"ok": False, "error": "channel_not_found"}) as s:
            call = ApiCall(
                method="chat.postMessage",
                url=f"{s.url}/chat.postMessage",
                json={"channel": "D0DM", "text": "order 100234 for ana@example.com"},
                headers={"Authorization": "Bearer xoxb-SECRET"},
            )
            return await ApiClient("slack").send(call)

    with caplog.at_level(logging.WARNING, logger="bot.channels.base"):
        assert asyncio.run(scenario()) is None
    [record] = caplog.records
    assert record.getMessage() == "slack: chat.postMessage answered 400, error channel_not_found"


def test_an_unreachable_api_is_logged_and_returns_none(caplog: pytest.LogCaptureFixture) -> None:
    call = ApiCall(method="sendMessage", url="http://127.0.0.1:9/botSECRET/sendMessage", json={})
    with caplog.at_level(logging.WARNING, logger="bot.channels.base"):
        assert asyncio.run(ApiClient("telegram", timeout=2).send(call)) is None
    assert len(caplog.records) == 2
    assert all("SECRET" not in record.getMessage() for record in caplog.records)


def test_background_turns_run_in_order_and_survive_failures(
    caplog: pytest.LogCaptureFixture,
) -> None:
    handled: list[str] = []

    async def handler(message: UserMessage) -> None:
        if message.text == "boom":
            raise RuntimeError("the bot broke")
        handled.append(message.text or "")

    async def scenario() -> None:
        runner = TurnRunner("test")
        runner.start(handler, [UserMessage("one"), UserMessage("boom"), UserMessage("two")])
        await runner.wait()

    with caplog.at_level(logging.ERROR, logger="bot.channels.base"):
        asyncio.run(scenario())
    assert handled == ["one", "two"]
    assert [r.getMessage() for r in caplog.records] == ["test: the bot failed to handle a message"]
