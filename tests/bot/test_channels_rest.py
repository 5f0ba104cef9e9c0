"""Tests of ``bot.channels.rest`` on a real Sanic app: the Rasa token, the conversations a
caller may not address, the size and rate limits, the client id in the metadata.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Mapping
from typing import Any, TypeVar

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import UserMessage

from bot.channels.clients import CLIENT_METADATA_KEY
from bot.channels.config import ChannelConfigurationError
from bot.channels.refusals import REFUSAL_TEXTS
from bot.channels.rest import ShopRestInput, valid_sender
from core.errors import TrackerStoreUnavailable
from tests.bot.channel_harness import CLIENT_KEY_SECRET, ChannelServer, admission, client_of

T = TypeVar("T")
TOKEN = "rest-test-token-0123456789abcdefghij"
BEARER = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}


def run(scenario: Awaitable[T]) -> T:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def channel(trusted_proxies: str = "", **limits: int) -> ShopRestInput:
    return ShopRestInput(TOKEN, admission("rest", trusted_proxies, **limits))


async def answer(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


Request = tuple[bytes, Mapping[str, str]]


def exchange(
    *requests: Request, rest: ShopRestInput | None = None, path: str = "/webhook"
) -> tuple[list[tuple[int, Any, dict[str, str]]], list[UserMessage]]:
    """Each request's status, JSON body and headers; what reached the bot."""

    async def scenario() -> tuple[list[tuple[int, Any, dict[str, str]]], list[UserMessage]]:
        async with ChannelServer(rest or channel(), answer) as server:
            answers = []
            for body, headers in requests:
                status, text, response_headers = await server.post(path, body, headers)
                answers.append((status, json.loads(text) if text else None, response_headers))
            return answers, list(server.messages)

    return run(scenario())


def turn(sender: str = "cli-1", message: str = "hi", **extra: Any) -> bytes:
    return json.dumps({"sender": sender, "message": message, **extra}).encode()


# --- the token ----------------------------------------------------------------------


def test_with_the_token_a_message_reaches_the_bot_and_gets_its_answer() -> None:
    [(status, body, _)], [message] = exchange((turn(), BEARER))
    assert status == 200
    assert body == [{"recipient_id": "cli-1", "text": "echo: hi"}]
    assert message.sender_id == "cli-1" and message.input_channel == "rest"


def test_the_token_may_come_in_the_query() -> None:
    async def scenario() -> int:
        async with ChannelServer(channel(), answer) as server:
            status, _, _ = await server.request(
                "POST",
                "/webhook",
                data=turn(),
                headers={"Content-Type": "application/json"},
                params={"token": TOKEN},
            )
            return status

    assert run(scenario()) == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": "Bearer tök€n"},
    ],
    ids=["none", "wrong", "basic", "empty", "longer", "non-ascii"],
)
def test_without_the_token_nothing_reaches_the_bot(headers: dict[str, str]) -> None:
    [(status, body, response_headers)], messages = exchange(
        (turn(), {"Content-Type": "application/json", **headers})
    )
    assert status == 401
    assert body["error"] == "unauthorized" and body["message"]
    assert response_headers["WWW-Authenticate"] == "Bearer"
    assert messages == []


def test_the_channel_refuses_to_start_without_a_real_token() -> None:
    base = {"client_key_secret": CLIENT_KEY_SECRET}
    assert isinstance(ShopRestInput.from_credentials({**base, "token": TOKEN}), ShopRestInput)
    for token in (None, "", "short", "changeme"):
        with pytest.raises(ChannelConfigurationError, match="SHOPBOT_RASA_TOKEN"):
            ShopRestInput.from_credentials({**base, "token": token})
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET"):
        ShopRestInput.from_credentials({"token": TOKEN})


# --- conversations ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sender",
    [
        "twilio:whatsapp:+15550001111",
        "telegram:42",
        "web-" + "a" * 32,
        "WEB-" + "a" * 32,
        "web-anything",
        "a b",
        "",
        "x" * 129,
        None,
        42,
    ],
)
def test_ids_of_other_channels_and_malformed_ids_are_refused(sender: Any) -> None:
    assert not valid_sender(sender)
    [(status, body, _)], messages = exchange((turn(sender=sender), BEARER))
    assert status == 400
    assert "sender" in body["error"]
    assert messages == []


@pytest.mark.parametrize("sender", ["cli-1a2b", "e2e-0011", "bench-x", "webshop", "x" * 128])
def test_the_rest_channels_own_ids_are_accepted(sender: str) -> None:
    assert valid_sender(sender)


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'"text"', json.dumps({"sender": "cli-1"}).encode()]
)
def test_malformed_bodies_are_refused(body: bytes) -> None:
    [(status, _, _)], messages = exchange((body, BEARER))
    assert status == 400 and messages == []


def test_the_channel_is_always_rest_and_the_client_id_is_the_channels() -> None:
    body = turn(input_channel="telegram", metadata={CLIENT_METADATA_KEY: "forged", "page": "/"})
    _, [message] = exchange((body, BEARER))
    assert message.input_channel == "rest"
    assert message.metadata == {"page": "/", CLIENT_METADATA_KEY: client_of("rest", "127.0.0.1")}


def test_behind_a_trusted_proxy_the_forwarded_client_is_named() -> None:
    rest = channel(trusted_proxies="127.0.0.1/32")
    forwarded = {**BEARER, "X-Forwarded-For": "203.0.113.7"}
    _, [message] = exchange((turn(), forwarded), rest=rest)
    assert message.metadata is not None
    assert message.metadata[CLIENT_METADATA_KEY] == client_of("rest", "203.0.113.7")


# --- limits -------------------------------------------------------------------------


def test_a_body_over_the_limit_is_refused_unread() -> None:
    big = turn(message="x" * 1_000_000)
    [(status, body, _)], messages = exchange((big, {**BEARER, "Accept-Language": "fr"}))
    assert status == 413
    assert body["error"] == "request_too_large"
    assert body["limit_bytes"] == 128 * 1024
    assert "trop volumineux" in body["message"]
    assert messages == []


def test_messages_over_the_rate_limits_get_429_and_other_clients_go_on() -> None:
    rest = channel(trusted_proxies="127.0.0.1/32", per_conversation=2, per_client=3)
    ana = {**BEARER, "X-Forwarded-For": "203.0.113.1"}
    bea = {**BEARER, "X-Forwarded-For": "203.0.113.2"}
    answers, messages = exchange(
        (turn("cli-ana"), ana),
        (turn("cli-ana"), ana),
        (turn("cli-ana"), ana),  # the conversation's third in a minute
        (turn("cli-ana-2"), ana),  # the client's fourth attempt
        (turn("cli-bea"), bea),
        rest=rest,
    )
    assert [status for status, _, _ in answers] == [200, 200, 429, 429, 200]
    assert [answers[2][1]["scope"], answers[3][1]["scope"]] == ["conversation", "client"]
    assert int(answers[3][2]["Retry-After"]) >= 1
    assert answers[3][1]["error"] == "rate_limited" and answers[3][1]["message"]
    assert [message.sender_id for message in messages] == ["cli-ana", "cli-ana", "cli-bea"]


def test_the_health_route_stays() -> None:
    async def scenario() -> int:
        async with ChannelServer(channel()) as server:
            status, _, _ = await server.request("GET", "/")
            return status

    assert run(scenario()) == 200


def test_a_store_that_does_not_answer_gets_503_and_the_message_may_be_sent_again() -> None:
    async def store_down(message: UserMessage) -> None:
        raise TrackerStoreUnavailable("the tracker store did not answer while saving")

    async def scenario() -> tuple[int, Any, Mapping[str, str]]:
        async with ChannelServer(channel(), store_down) as server:
            status, text, headers = await server.post(
                "/webhook", turn(), {**BEARER, "Accept-Language": "de"}
            )
            return status, json.loads(text), headers

    status, body, headers = run(scenario())
    assert status == 503 and headers["Retry-After"] == "5"
    assert body["error"] == "unavailable"
    assert body["message"] == REFUSAL_TEXTS["unavailable"]["de"]
