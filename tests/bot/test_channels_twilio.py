"""Tests of ``bot.channels.twilio``: the signed webhook on a real Sanic app, and the replies
as they reach a stand-in of Twilio's API (numbered options, WhatsApp addresses, cards).

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import uuid
from collections.abc import Awaitable, Callable
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

from bot.channels.twilio import (
    EMPTY_TWIML,
    MAX_BODY_CHARACTERS,
    TwilioInput,
    TwilioOutput,
    repair_sms_at_sign,
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
SID = "AC" + "1" * 32
TOKEN = "twilio-auth-token"
NUMBER = "+15550000000"
WEBHOOK_URL = "https://bot.example/webhooks/twilio/webhook"
MENU = [
    {"title": "Find a product", "payload": "/search_product"},
    {"title": "Where is my order?", "payload": "/order_status"},
]
CARDS = {
    "type": "product_cards",
    "cards": [
        {
            "id": "P-1",
            "title": "Trail Runner 2",
            "price_text": "€89.00",
            "url": "https://shop.example/p/P-1",
            "image_url": "https://cdn.example/1.jpg",
            "in_stock": True,
        },
        {
            "id": "P-2",
            "title": "Evil Boot",
            "price_text": "€10.00",
            "url": "javascript:alert(1)",
            "image_url": None,
            "in_stock": True,
        },
    ],
}


def run(scenario: Awaitable[T]) -> T:
    return asyncio.run(scenario)  # type: ignore[arg-type]


def sign(form: dict[str, str], url: str = WEBHOOK_URL, token: str = TOKEN) -> str:
    """Twilio's signature, computed here independently of the code under test."""
    data = url + "".join(key + form[key] for key in sorted(form))
    return base64.b64encode(hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()).decode()


def inbound(sender: str, body: str, **extra: str) -> dict[str, str]:
    to = f"whatsapp:{NUMBER}" if sender.startswith("whatsapp:") else NUMBER
    return {
        "From": sender,
        "To": to,
        "Body": body,
        "MessageSid": "SM" + uuid.uuid4().hex,
        "AccountSid": SID,
        "NumMedia": "0",
        **extra,
    }


def channel(api_url: str = "http://127.0.0.1:9", **limits: int) -> TwilioInput:
    return TwilioInput(
        SID, TOKEN, NUMBER, WEBHOOK_URL, api_url=api_url, admission=admission("twilio", **limits)
    )


async def post(server: ChannelServer, form: dict[str, str], signature: str | None) -> Any:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    return await server.post("/webhook", urlencode(form).encode(), headers)


Reply = Callable[[UserMessage], Awaitable[None]]


def answer_with(message: dict[str, Any]) -> Reply:
    async def reply(user_message: UserMessage) -> None:
        await user_message.output_channel.send_response(user_message.sender_id, dict(message))

    return reply


# --- the webhook ----------------------------------------------------------------------


def test_a_signed_message_reaches_the_bot_and_gets_empty_twiml() -> None:
    async def scenario() -> tuple[Any, list[UserMessage]]:
        async with ChannelServer(channel()) as server:
            form = inbound(
                "whatsapp:+15551112222",
                "hi",
                ProfileName="Ana",
                ToCity="",
                MessageSid="SM" + "a" * 32,
            )
            answer = await post(server, form, sign(form))
            return answer, await server.wait_for(1)

    (status, body, headers), messages = run(scenario())
    assert status == 200
    assert body == EMPTY_TWIML
    assert headers["Content-Type"].startswith("text/xml")
    [message] = messages
    assert message.text == "hi"
    assert message.sender_id == "twilio:whatsapp:+15551112222"
    assert message.input_channel == "twilio"
    assert message.metadata == {
        "platform": "twilio",
        "whatsapp": True,
        "shopbot_client": client_of("twilio", "whatsapp:+15551112222"),
    }
    assert message.message_id == "SM" + "a" * 32
    assert isinstance(message.output_channel, TwilioOutput)


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "not-a-signature",
        sign(inbound("+15551112222", "hi"), url="https://evil.example/webhook"),
        sign(inbound("+15551112222", "hi"), token="another-token"),
        sign(inbound("+15551112222", "hi there")),
    ],
    ids=["missing", "empty", "garbage", "other-url", "other-token", "other-body"],
)
def test_unsigned_or_wrongly_signed_requests_are_refused(signature: str | None) -> None:
    async def scenario() -> tuple[int, list[UserMessage]]:
        async with ChannelServer(channel()) as server:
            status, _, _ = await post(server, inbound("+15551112222", "hi"), signature)
            return status, await server.wait_for(0)  # the turns started, run to the end

    status, messages = run(scenario())
    assert status == 403
    assert messages == []


def test_a_request_without_text_is_acknowledged_and_ignored() -> None:
    async def scenario() -> tuple[int, list[UserMessage]]:
        async with ChannelServer(channel()) as server:
            form = inbound("+15551112222", "", NumMedia="1")
            status, _, _ = await post(server, form, sign(form))
            return status, await server.wait_for(0)  # the turns started, run to the end

    assert run(scenario()) == (200, [])


def test_sms_metadata_and_the_at_sign_some_carriers_mangle() -> None:
    async def scenario() -> list[UserMessage]:
        async with ChannelServer(channel()) as server:
            form = inbound("+15551112222", "ana¡example.com")
            await post(server, form, sign(form))
            return await server.wait_for(1)

    [message] = run(scenario())
    assert message.text == "ana@example.com"
    assert message.sender_id == "twilio:+15551112222"
    assert message.metadata == {
        "platform": "twilio",
        "whatsapp": False,
        "shopbot_client": client_of("twilio", "+15551112222"),
    }


@pytest.mark.parametrize(
    ("text", "repaired"),
    [
        ("ana¡example.com", "ana@example.com"),
        ("my email is j.doe+shop¡mail.example.co.uk", "my email is j.doe+shop@mail.example.co.uk"),
        ("¡Hola! ¿Dónde está mi pedido?", "¡Hola! ¿Dónde está mi pedido?"),
        ("¡ok", "¡ok"),
    ],
)
def test_repair_sms_at_sign(text: str, repaired: str) -> None:
    assert repair_sms_at_sign(text) == repaired


# --- replies --------------------------------------------------------------------------


def converse(sender: str, bot_says: dict[str, Any], *bodies: str) -> tuple[list[str], list[Any]]:
    """The shopper sends ``bodies`` in turn; the bot answers each with ``bot_says``.
    What reached the bot, and the requests Twilio's API got."""

    async def scenario() -> tuple[list[str], list[Any]]:
        async with StubPlatform() as platform:
            async with ChannelServer(channel(platform.url), answer_with(bot_says)) as server:
                for count, body in enumerate(bodies, start=1):
                    form = inbound(sender, body)
                    await post(server, form, sign(form))
                    await server.wait_for(count)
            return [m.text or "" for m in server.messages], list(platform.requests)

    return run(scenario())


def test_an_sms_reply_is_form_encoded_with_numbered_options() -> None:
    _, requests = converse("+15551112222", {"text": "Hi! What can I do?", "buttons": MENU}, "hi")
    [request] = requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{SID}/Messages.json"
    assert request.headers["Content-Type"].startswith("application/x-www-form-urlencoded")
    expected = base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert request.headers["Authorization"] == f"Basic {expected}"
    assert request.form() == {
        "To": "+15551112222",
        "From": NUMBER,
        "Body": "Hi! What can I do?\n\n1. Find a product\n2. Where is my order?",
    }


def test_a_whatsapp_reply_goes_from_the_whatsapp_number() -> None:
    _, requests = converse("whatsapp:+447700900123", {"text": "Hello"}, "hi")
    assert requests[0].form() == {
        "To": "whatsapp:+447700900123",
        "From": f"whatsapp:{NUMBER}",
        "Body": "Hello",
    }


def test_a_numbered_reply_sends_the_buttons_payload() -> None:
    texts, _ = converse("whatsapp:+15551112222", {"text": "Menu", "buttons": MENU}, "hi", "2", "2")
    # The second "2" comes after a message with options again, so it maps as well.
    assert texts == ["hi", "/order_status", "/order_status"]


def test_a_number_after_a_message_without_options_stays_text() -> None:
    async def scenario() -> list[str]:
        async with StubPlatform() as platform:
            twilio = channel(platform.url)
            output = twilio.get_output_channel()
            await output.send_response("twilio:+15551112222", {"text": "Menu", "buttons": MENU})
            await output.send_response("twilio:+15551112222", {"text": "Your order number?"})
            async with ChannelServer(twilio) as server:
                form = inbound("+15551112222", "2")
                await post(server, form, sign(form))
                return [m.text or "" for m in await server.wait_for(1)]

    assert run(scenario()) == ["2"]


def test_product_cards_become_text_with_http_links_only() -> None:
    _, requests = converse("+15551112222", {"custom": CARDS}, "boots")
    body = requests[0].form()["Body"]
    assert body == "Trail Runner 2 — €89.00\nhttps://shop.example/p/P-1\n\nEvil Boot — €10.00"
    assert "javascript" not in body


def test_cards_already_listed_in_the_turn_are_not_repeated() -> None:
    listing = "Here is what I found:\n1. Trail Runner 2 · €89.00\n   https://shop.example/p/P-1"

    async def scenario() -> list[Any]:
        async with StubPlatform() as platform:
            output = channel(platform.url).get_output_channel()
            await output.send_response("twilio:+15551112222", {"text": listing})
            await output.send_response("twilio:+15551112222", {"custom": CARDS})
            return await platform.wait_for(2)

    requests = run(scenario())
    assert [r.form()["Body"] for r in requests] == [listing, "Evil Boot — €10.00"]


def test_images_become_links_and_other_custom_payloads_are_ignored() -> None:
    async def scenario() -> list[Any]:
        async with StubPlatform() as platform:
            output = channel(platform.url).get_output_channel()
            await output.send_response("+15551112222", {"custom": {"type": "order_summary"}})
            await output.send_response("+15551112222", {"image": "javascript:alert(1)"})
            await output.send_response(
                "+15551112222", {"text": "Look", "image": "https://cdn.example/1.jpg"}
            )
            return await platform.wait_for(1)

    [request] = run(scenario())
    assert request.form()["Body"] == "Look\n\nhttps://cdn.example/1.jpg"


def test_long_texts_are_split_at_twilios_limit() -> None:
    text = ("A sentence of the bot. " * 200).strip()
    _, requests = converse("+15551112222", {"text": text}, "hi")
    bodies = [r.form()["Body"] for r in requests]
    assert len(bodies) == 3
    assert all(len(body) <= MAX_BODY_CHARACTERS for body in bodies)
    assert " ".join(bodies) == text


def test_the_output_channel_sends_outside_a_request() -> None:
    """What Rasa's HTTP API does with ``output_channel=latest`` (a human agent's message)."""

    async def scenario() -> list[RecordedRequest]:
        async with StubPlatform() as platform:
            twilio = channel(platform.url)
            output = twilio.get_output_channel()
            assert output.name() == "twilio"
            await output.send_response("twilio:whatsapp:+15551112222", {"text": "Agent here."})
            return platform.requests

    [request] = run(scenario())
    assert request.form()["To"] == "whatsapp:+15551112222"
    assert request.form()["Body"] == "Agent here."


def test_a_failing_api_is_retried_once_and_never_raises() -> None:
    async def scenario(status: int) -> int:
        async with StubPlatform(status=status) as platform:
            output = channel(platform.url).get_output_channel()
            await output.send_response("+15551112222", {"text": "Hello"})
            return len(platform.requests)

    assert run(scenario(503)) == 2
    assert run(scenario(400)) == 1


# --- configuration --------------------------------------------------------------------


def test_from_credentials() -> None:
    twilio = TwilioInput.from_credentials(
        {
            "account_sid": SID,
            "auth_token": TOKEN,
            "number": NUMBER,
            "webhook_url": WEBHOOK_URL,
            "api_url": "http://127.0.0.1:8999/twilio/",
            "client_key_secret": CLIENT_KEY_SECRET,
        }
    )
    assert isinstance(twilio, TwilioInput)
    assert twilio.name() == "twilio"
    assert twilio.api_url == "http://127.0.0.1:8999/twilio"
    default = TwilioInput.from_credentials(
        {
            "account_sid": SID,
            "auth_token": TOKEN,
            "number": NUMBER,
            "webhook_url": WEBHOOK_URL,
            "client_key_secret": CLIENT_KEY_SECRET,
        }
    )
    assert isinstance(default, TwilioInput)
    assert default.api_url == "https://api.twilio.com"


@pytest.mark.parametrize(
    "credentials",
    [
        None,
        {},
        {"account_sid": SID, "auth_token": "", "number": NUMBER, "webhook_url": WEBHOOK_URL},
        {
            "account_sid": SID,
            "auth_token": TOKEN,
            "number": "5550000",
            "webhook_url": WEBHOOK_URL,
            "client_key_secret": CLIENT_KEY_SECRET,
        },
        {
            "account_sid": SID,
            "auth_token": TOKEN,
            "number": NUMBER,
            "webhook_url": "/webhook",
            "client_key_secret": CLIENT_KEY_SECRET,
        },
        {
            "account_sid": SID,
            "auth_token": TOKEN,
            "number": NUMBER,
            "webhook_url": WEBHOOK_URL,
            "api_url": "ftp://api.example",
            "client_key_secret": CLIENT_KEY_SECRET,
        },
    ],
    ids=["none", "empty", "blank-token", "bad-number", "relative-url", "bad-api-url"],
)
def test_bad_credentials_are_refused_without_echoing_secrets(
    credentials: dict[str, str] | None,
) -> None:
    with pytest.raises(RasaException) as error:
        TwilioInput.from_credentials(credentials)
    assert TOKEN not in str(error.value)


def _deliver(*forms: dict[str, str], **limits: int) -> tuple[list[int], list[UserMessage]]:
    async def scenario() -> tuple[list[int], list[UserMessage]]:
        async with ChannelServer(channel(**limits)) as server:
            statuses = [(await post(server, form, sign(form)))[0] for form in forms]
            return statuses, await server.wait_for(0)

    return run(scenario())


def test_a_replayed_request_does_nothing_twice() -> None:
    form = inbound("+15551112222", "cancel my order")
    later = inbound("+15551112222", "hi")
    statuses, messages = _deliver(form, form, later, form)
    assert statuses == [200] * 4  # answered as usual, so nothing tells the sender
    assert [message.text for message in messages] == ["cancel my order", "hi"]


def test_a_request_over_the_size_limit_is_refused_unread() -> None:
    statuses, messages = _deliver(inbound("+15551112222", "x" * 1_000_000))
    assert statuses == [413]
    assert messages == []


def test_messages_over_the_rate_limit_never_reach_the_bot() -> None:
    forms = [inbound("+15551112222", f"message {number}") for number in range(3)]
    forms.append(inbound("+15553334444", "another sender"))
    statuses, messages = _deliver(*forms, per_conversation=2)
    assert statuses == [200] * 4
    assert [message.text for message in messages] == ["message 0", "message 1", "another sender"]
