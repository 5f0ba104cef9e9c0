"""Tests of ``bot.channels.socketio``: origin parsing, session signing, what reaches Rasa
and what reaches the browser; then the real socket.io server on a Sanic app, spoken to
by python-socketio's client with allowed and refused origins.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot/test_socketio_channel.py --confcutdir tests/bot
-p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
import time
from typing import Any

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.clients import CLIENT_METADATA_KEY
from bot.channels.socketio import (
    DEFAULT_MAX_MESSAGE_CHARACTERS,
    ERROR_EVENT,
    SESSION_RENEW_EVENT,
    TYPING_EVENT,
    ChannelConfigurationError,
    SessionSigner,
    ShopSocketIOInput,
    ShopSocketIOOutput,
    parse_allowed_origins,
)
from tests.bot.channel_harness import CLIENT_KEY_SECRET, client_of

SECRET = "a-test-secret-of-enough-length"
ORIGINS = "http://localhost:8000 https://shop.example.com"
NOW = 1_800_000_000


class FakeServer:
    """Records what the channel asks the socket.io server to do."""

    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, dict[str, Any]]] = []
        self.rooms: list[tuple[str, str]] = []

    async def emit(self, event: str, data: Any = None, **kwargs: Any) -> None:
        self.emitted.append((event, data, kwargs))

    async def enter_room(self, sid: str, room: str, namespace: str | None = None) -> None:
        self.rooms.append((sid, room))


def _channel(**overrides: Any) -> ShopSocketIOInput:
    credentials = {
        "allowed_origins": ORIGINS,
        "session_secret": SECRET,
        "client_key_secret": CLIENT_KEY_SECRET,
        **overrides,
    }
    channel = ShopSocketIOInput.from_credentials(credentials)
    assert isinstance(channel, ShopSocketIOInput)
    return channel


def _with_fake_server(channel: ShopSocketIOInput) -> FakeServer:
    fake = FakeServer()
    channel.sio = fake  # type: ignore[assignment]
    return fake


# --- origins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://localhost:8000", ["http://localhost:8000"]),
        (
            "http://127.0.0.1:8000  http://localhost:8000",
            ["http://127.0.0.1:8000", "http://localhost:8000"],
        ),
        ("https://Shop.Example.com/, https://shop.example.com", ["https://shop.example.com"]),
        (
            ["https://a.example", " https://b.example:8443 "],
            ["https://a.example", "https://b.example:8443"],
        ),
        ("http://[::1]:8000", ["http://[::1]:8000"]),
    ],
)
def test_origins_are_parsed_and_normalised(raw: Any, expected: list[str]) -> None:
    assert parse_allowed_origins(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "*",
        "http://localhost:8000 *",
        "https://*.example.com",
        "null",
        "",
        "   ",
        None,
        [],
        "localhost:8000",
        "ftp://shop.example.com",
        "https://shop.example.com/path",
        "https://shop.example.com?x=1",
        "https://user:pw@shop.example.com",
        "https://shop.example.com:99999",
    ],
)
def test_unsafe_or_malformed_origins_are_refused(raw: Any) -> None:
    with pytest.raises(ChannelConfigurationError):
        parse_allowed_origins(raw)


def test_the_channel_refuses_to_start_with_a_wildcard_or_no_origins() -> None:
    with pytest.raises(ChannelConfigurationError, match="refused"):
        _channel(allowed_origins="*")
    with pytest.raises(ChannelConfigurationError, match="empty"):
        _channel(allowed_origins="")
    with pytest.raises(ChannelConfigurationError, match="empty"):
        ShopSocketIOInput.from_credentials(
            {"session_secret": SECRET, "client_key_secret": CLIENT_KEY_SECRET}
        )


@pytest.mark.parametrize("client_key_secret", [None, "", "k3y-9", "changeme" * 4])
def test_the_channel_refuses_to_start_without_a_real_client_key_secret(
    client_key_secret: Any,
) -> None:
    with pytest.raises(ChannelConfigurationError, match="SHOPBOT_CLIENT_KEY_SECRET") as error:
        _channel(client_key_secret=client_key_secret)
    if client_key_secret:
        assert client_key_secret not in str(error.value)


def test_the_server_gets_exactly_the_allowed_origins() -> None:
    channel = _channel()
    server = channel.create_server()
    assert server.eio.cors_allowed_origins == ["http://localhost:8000", "https://shop.example.com"]
    assert server.eio.max_http_buffer_size >= 4 * DEFAULT_MAX_MESSAGE_CHARACTERS


def test_name_events_and_persistence_are_rasa_defaults() -> None:
    channel = _channel()
    assert ShopSocketIOInput.name() == "socketio"
    assert channel.user_message_evt == "user_uttered"
    assert channel.bot_message_evt == "bot_uttered"
    assert channel.session_persistence is True
    # Even when a credentials file tries to switch persistence off.
    assert _channel(session_persistence=False).session_persistence is True


# --- signing ---------------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["", "short", "               x", None])
def test_a_missing_or_short_secret_is_refused(secret: Any) -> None:
    with pytest.raises(ChannelConfigurationError, match="session_secret"):
        _channel(session_secret=secret)


def test_issued_tokens_verify_and_are_random() -> None:
    signer = SessionSigner(SECRET, clock=lambda: NOW)
    conversation_id, token = signer.issue()
    assert conversation_id.startswith("web-") and len(conversation_id) == 36
    assert token.startswith(conversation_id + ".")
    assert len(token.split(".")[1]) == 64  # the issue time and the MAC
    assert signer.verify(token) == conversation_id
    assert signer.sign(conversation_id) == token
    assert signer.issue()[0] != conversation_id
    decoded = signer.decode(token)
    assert decoded is not None and decoded.issued_at == NOW


def test_tokens_expire_after_their_lifetime_and_cannot_come_from_the_future() -> None:
    clock = [float(NOW)]
    signer = SessionSigner(SECRET, ttl_seconds=3600, clock=lambda: clock[0])
    conversation_id, token = signer.issue()
    clock[0] = NOW + 3599
    assert signer.verify(token) == conversation_id
    clock[0] = NOW + 3600
    assert signer.verify(token) is None
    assert signer.decode(token) is not None  # signed by us, only too old
    # A token claiming to be issued later than now (beyond clock skew) is not accepted.
    clock[0] = NOW
    assert signer.verify(signer.sign(conversation_id, issued_at=NOW + 3600)) is None
    assert signer.verify(signer.sign(conversation_id, issued_at=NOW + 60)) == conversation_id


def test_the_issue_time_cannot_be_changed_without_the_secret() -> None:
    signer = SessionSigner(SECRET, ttl_seconds=3600, clock=lambda: NOW)
    conversation_id, _ = signer.issue()
    old = signer.sign(conversation_id, issued_at=NOW - 7200)
    issued, mac = old.split(".")[1][:16], old.split(".")[1][16:]
    fresh = f"{NOW:016x}"
    assert issued != fresh
    assert signer.verify(f"{conversation_id}.{fresh}{mac}") is None
    assert signer.decode(f"{conversation_id}.{fresh}{mac}") is None


def test_tokens_of_the_old_format_are_not_accepted() -> None:
    signer = SessionSigner(SECRET)
    conversation_id = signer.issue()[0]
    key = hashlib.sha256(b"shopbot-widget-session\x00" + SECRET.encode()).digest()
    old_mac = hmac.new(key, conversation_id.encode(), hashlib.sha256).hexdigest()
    assert signer.verify(f"{conversation_id}.{old_mac}") is None


def test_forged_and_foreign_tokens_do_not_verify() -> None:
    signer = SessionSigner(SECRET)
    conversation_id, token = signer.issue()
    other = SessionSigner(SECRET + "-other")
    mac = token.split(".")[1]
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    for forged in (
        conversation_id,  # unsigned
        f"{conversation_id}.{flipped}",  # wrong MAC
        other.sign(conversation_id),  # signed with another secret
        f"web-{'0' * 32}.{mac}",  # another id with this MAC
        token.upper(),
        token + "0",
        " " + token,
        "",
        None,
        42,
        {"session_id": token},
        "x" * 10_000,
    ):
        assert signer.verify(forged) is None, forged


# --- sessions and messages -------------------------------------------------------------


def test_session_request_without_a_token_issues_a_signed_one() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id = asyncio.run(channel.start_session("sid-1", {}))
    event, token, kwargs = fake.emitted[-1]
    assert event == "session_confirm" and kwargs["room"] == "sid-1"
    assert channel.signer.verify(token) == conversation_id
    assert fake.rooms == [("sid-1", conversation_id)]


def test_session_request_with_a_signed_token_resumes_the_conversation() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id = channel.signer.issue()[0]
    token = channel.signer.sign(conversation_id, issued_at=int(time.time()) - 3600)
    assert asyncio.run(channel.start_session("sid-2", {"session_id": token})) == conversation_id
    event, renewed, _ = fake.emitted[-1]
    assert event == "session_confirm"
    # A fresh token of the same conversation: the expiry counts from now.
    assert renewed != token and channel.signer.verify(renewed) == conversation_id
    decoded = channel.signer.decode(renewed)
    assert decoded is not None and decoded.issued_at >= int(time.time()) - 5
    assert fake.rooms == [("sid-2", conversation_id)]


def test_session_request_with_an_expired_token_starts_a_new_conversation() -> None:
    channel = _channel(session_ttl_minutes="60")
    fake = _with_fake_server(channel)
    conversation_id = channel.signer.issue()[0]
    expired = channel.signer.sign(conversation_id, issued_at=int(time.time()) - 3601)
    new_id = asyncio.run(channel.start_session("sid-9", {"session_id": expired}))
    assert new_id != conversation_id
    assert channel.signer.verify(fake.emitted[-1][1]) == new_id
    assert fake.rooms == [("sid-9", new_id)]


@pytest.mark.parametrize(
    "offered", ["my-own-id", "web-" + "a" * 32, "web-" + "a" * 32 + "." + "b" * 64, None, 7]
)
def test_session_request_with_a_client_made_id_gets_a_new_conversation(offered: Any) -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id = asyncio.run(channel.start_session("sid-3", {"session_id": offered}))
    token = fake.emitted[-1][1]
    assert conversation_id != offered and token != offered
    assert channel.signer.verify(token) == conversation_id


def test_session_request_with_junk_data_still_gets_a_session() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id = asyncio.run(channel.start_session("sid-4", "not a dict"))
    assert channel.signer.verify(fake.emitted[-1][1]) == conversation_id


def _receive(channel: ShopSocketIOInput, data: Any) -> tuple[list[UserMessage], UserMessage | None]:
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    result = asyncio.run(channel.receive("sid-5", data, on_new_message))
    return received, result


def test_a_message_with_a_signed_session_reaches_rasa_under_the_conversation_id() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id, token = channel.signer.issue()
    received, _ = _receive(
        channel, {"message": "where is my order?", "session_id": token, "metadata": {"a": 1}}
    )
    assert len(received) == 1
    message = received[0]
    assert message.sender_id == conversation_id
    assert message.text == "where is my order?"
    assert message.input_channel == "socketio"
    assert message.metadata == {"a": 1, CLIENT_METADATA_KEY: client_of("socketio", "unknown")}
    assert isinstance(message.output_channel, ShopSocketIOOutput)
    typing = [
        (data, kwargs["room"]) for event, data, kwargs in fake.emitted if event == TYPING_EVENT
    ]
    assert typing == [({"typing": True}, conversation_id), ({"typing": False}, conversation_id)]


@pytest.mark.parametrize(
    "session_id",
    [None, "", "web-" + "1" * 32, "web-" + "1" * 32 + "." + "2" * 64, "someone-elses-id"],
)
def test_messages_with_unsigned_or_forged_sessions_are_dropped(session_id: Any) -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    received, result = _receive(channel, {"message": "hello", "session_id": session_id})
    assert received == [] and result is None and fake.emitted == []


@pytest.mark.parametrize("data", [None, "hello", ["hello"], {"session_id": "x"}])
def test_malformed_messages_are_dropped(data: Any) -> None:
    channel = _channel()
    _with_fake_server(channel)
    assert _receive(channel, data)[0] == []


def test_a_signed_message_without_text_is_dropped() -> None:
    channel = _channel()
    _with_fake_server(channel)
    token = channel.signer.issue()[1]
    assert _receive(channel, {"session_id": token, "message": {"text": "hi"}})[0] == []


def test_over_long_messages_are_refused_with_an_error_event() -> None:
    channel = _channel(max_message_characters=50)
    fake = _with_fake_server(channel)
    token = channel.signer.issue()[1]
    received, _ = _receive(channel, {"session_id": token, "message": "x" * 51})
    assert received == []
    assert fake.emitted == [
        (
            "shopbot_error",
            {"code": "message_too_long", "limit": 50},
            {"room": "sid-5", "namespace": None},
        )
    ]
    assert len(_receive(channel, {"session_id": token, "message": "x" * 50})[0]) == 1


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('{"page": "/boots"}', {"page": "/boots"}),
        ("not json", {}),
        ("[1, 2]", {}),
        ({"big": "x" * 5000}, {}),
        (None, {}),
    ],
)
def test_client_metadata_is_kept_only_when_small_json(metadata: Any, expected: Any) -> None:
    channel = _channel()
    _with_fake_server(channel)
    token = channel.signer.issue()[1]
    received, _ = _receive(channel, {"session_id": token, "message": "hi", "metadata": metadata})
    assert received[0].metadata == {
        **expected,
        CLIENT_METADATA_KEY: client_of("socketio", "unknown"),
    }


def test_a_message_with_an_expired_token_is_refused_with_an_error_event() -> None:
    channel = _channel(session_ttl_minutes="60")
    fake = _with_fake_server(channel)
    conversation_id = channel.signer.issue()[0]
    expired = channel.signer.sign(conversation_id, issued_at=int(time.time()) - 3601)
    received, result = _receive(channel, {"session_id": expired, "message": "hello"})
    assert received == [] and result is None
    assert fake.emitted == [
        (ERROR_EVENT, {"code": "session_expired"}, {"room": "sid-5", "namespace": None})
    ]


def test_every_accepted_message_renews_the_token() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    conversation_id = channel.signer.issue()[0]
    old = channel.signer.sign(conversation_id, issued_at=int(time.time()) - 600)
    _receive(channel, {"session_id": old, "message": "hello"})
    [(_, renewed, kwargs)] = [e for e in fake.emitted if e[0] == SESSION_RENEW_EVENT]
    assert kwargs == {"room": "sid-5", "namespace": None}  # this socket only
    assert renewed != old and channel.signer.verify(renewed) == conversation_id


def _environ(peer: str, forwarded: str | None = None) -> dict[str, Any]:
    environ: dict[str, Any] = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        environ["HTTP_X_FORWARDED_FOR"] = forwarded
    return environ


def test_the_client_id_is_the_connections_address_whatever_the_metadata_says() -> None:
    channel = _channel()
    _with_fake_server(channel)
    assert channel.accept_connection("sid-5", _environ("198.51.100.7", "203.0.113.9"))
    token = channel.signer.issue()[1]
    forged = {CLIENT_METADATA_KEY: "0" * 32, "page": "/"}
    [message], _ = _receive(channel, {"session_id": token, "message": "hi", "metadata": forged})
    # Not a trusted proxy: its X-Forwarded-For is ignored; the sender's key is replaced.
    assert message.metadata == {
        "page": "/",
        CLIENT_METADATA_KEY: client_of("socketio", "198.51.100.7"),
    }


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client() -> None:
    channel = _channel(trusted_proxies="127.0.0.1/32 10.0.0.0/8")
    _with_fake_server(channel)
    channel.accept_connection("sid-5", _environ("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3"))
    token = channel.signer.issue()[1]
    [message], _ = _receive(channel, {"session_id": token, "message": "hi"})
    assert message.metadata is not None
    assert message.metadata[CLIENT_METADATA_KEY] == client_of("socketio", "203.0.113.9")


def test_messages_over_the_rate_limits_are_refused_with_an_error_event() -> None:
    channel = _channel(rate_per_conversation="2", rate_per_client="4")
    fake = _with_fake_server(channel)
    channel.accept_connection("sid-5", _environ("198.51.100.7"))
    first, second = channel.signer.issue()[1], channel.signer.issue()[1]
    accepted = [
        len(_receive(channel, {"session_id": token, "message": "hi"})[0])
        for token in (first, first, first, second, second)
    ]
    # Two a conversation (the refused third counts for the client too), then the client's
    # fourth in another conversation, then the client is out.
    assert accepted == [1, 1, 0, 1, 0]
    errors = [data for event, data, _ in fake.emitted if event == ERROR_EVENT]
    assert [error["code"] for error in errors] == ["rate_limited", "rate_limited"]
    assert all(error["retry_after"] >= 1 for error in errors)
    # Another client is not affected.
    channel.accept_connection("sid-6", _environ("198.51.100.8"))
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)

    third = channel.signer.issue()[1]
    asyncio.run(channel.receive("sid-6", {"session_id": third, "message": "hi"}, on_new_message))
    assert len(received) == 1


def test_the_typing_signal_stops_even_when_rasa_fails() -> None:
    channel = _channel()
    fake = _with_fake_server(channel)
    token = channel.signer.issue()[1]

    async def failing(message: UserMessage) -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        asyncio.run(channel.receive("sid", {"session_id": token, "message": "hi"}, failing))
    assert fake.emitted[-1][:2] == (TYPING_EVENT, {"typing": False})


# --- output ----------------------------------------------------------------------------


def _output() -> tuple[ShopSocketIOOutput, FakeServer]:
    fake = FakeServer()
    return ShopSocketIOOutput(fake, "bot_uttered"), fake  # type: ignore[arg-type]


def test_custom_payloads_reach_the_room_intact() -> None:
    output, fake = _output()
    cards = {
        "type": "product_cards",
        "cards": [{"id": "P1", "title": "Rain jacket", "price_text": "€99.00", "url": None}],
    }
    asyncio.run(output.send_response("web-room", {"custom": cards}))
    assert fake.emitted == [
        ("bot_uttered", {"custom": cards}, {"room": "web-room", "namespace": None})
    ]


def test_text_is_kept_whole_and_buttons_become_quick_replies() -> None:
    output, fake = _output()
    asyncio.run(output.send_response("r", {"text": "1. A\n2. B\n\nMore?"}))
    asyncio.run(
        output.send_response(
            "r",
            {"text": "Pick one", "buttons": [{"title": "Track", "payload": "/order_status"}]},
        )
    )
    assert fake.emitted[0][1] == {"text": "1. A\n2. B\n\nMore?"}
    assert fake.emitted[1][1] == {
        "text": "Pick one",
        "quick_replies": [{"content_type": "text", "title": "Track", "payload": "/order_status"}],
    }
    assert all(kwargs["room"] == "r" for _, _, kwargs in fake.emitted)


def test_text_and_custom_in_one_response_send_both() -> None:
    output, fake = _output()
    asyncio.run(
        output.send_response(
            "r", {"text": "Here:", "custom": {"type": "product_cards", "cards": []}}
        )
    )
    assert [data for _, data, _ in fake.emitted] == [
        {"text": "Here:"},
        {"custom": {"type": "product_cards", "cards": []}},
    ]


def test_a_generated_reply_names_its_language_for_the_widget() -> None:
    output, fake = _output()
    cards = {"type": "product_cards", "cards": []}
    # What Rasa hands the channel for a generated response: the event's metadata as well.
    generated = {"text": "Hola", "utter_action": "utter_greet", "reply_language": "es"}
    asyncio.run(output.send_response("r", generated))
    buttons = [{"title": "Sí", "payload": "/affirm"}]
    asyncio.run(output.send_response("r", {"text": "¿Seguro?", "buttons": buttons,
                                           "reply_language": "es"}))  # fmt: skip
    asyncio.run(output.send_response("r", {"custom": cards, "reply_language": "fr"}))
    # A message without one (a support agent's, a custom action's own) names none; a value
    # that is not a language code is not passed on.
    asyncio.run(output.send_response("r", {"text": "Agent here"}))
    asyncio.run(output.send_response("r", {"text": "x", "reply_language": "<b>es</b>"}))
    sent = [data for _, data, _ in fake.emitted]
    assert sent[0] == {"text": "Hola", "language": "es"}
    assert sent[1]["language"] == "es" and sent[1]["quick_replies"][0]["title"] == "Sí"
    assert sent[2] == {"custom": cards, "language": "fr"}
    assert sent[3] == {"text": "Agent here"} and sent[4] == {"text": "x"}


def test_the_output_channel_for_the_http_api() -> None:
    channel = _channel()
    assert channel.get_output_channel() is None  # no server yet (warned)
    channel.blueprint(lambda message: asyncio.sleep(0))
    output = channel.get_output_channel()
    assert isinstance(output, ShopSocketIOOutput)
    assert output.sio is channel.sio
    assert not isinstance(output, CollectingOutputChannel)


# --- the real server -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_real_server_talks_to_an_allowed_origin_and_refuses_others() -> None:
    socketio = pytest.importorskip("socketio")
    aiohttp = pytest.importorskip("aiohttp")
    from rasa.server import configure_cors
    from sanic import Sanic

    channel = _channel(allowed_origins="http://localhost:8000")
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        await message.output_channel.send_response(
            message.sender_id,
            {"text": "hi!", "custom": {"type": "product_cards", "cards": [{"id": "P1"}]}},
        )

    Sanic.test_mode = True  # a second app in one process needs it (Sanic 21.12)
    app = Sanic(f"socketio_test_{_free_port()}")
    configure_cors(app, ["http://localhost:8000"])  # as `rasa run --cors ...` does
    app.blueprint(channel.blueprint(on_new_message))
    port = _free_port()
    polling = f"http://127.0.0.1:{port}/socket.io/?EIO=4&transport=polling"

    async def scenario() -> tuple[str, list[Any], bool]:
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert server is not None
        await server.startup()
        await server.before_start()  # listeners: Sanic-CORS installs itself here
        try:
            client = socketio.AsyncClient()
            got: list[Any] = []
            confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            done = asyncio.Event()
            client.on("session_confirm", lambda token: confirmed.set_result(token))
            client.on("bot_uttered", lambda data: got.append(data))
            client.on(TYPING_EVENT, lambda data: done.set() if not data["typing"] else None)
            await client.connect(
                f"http://127.0.0.1:{port}",
                headers={"Origin": "http://localhost:8000"},
                transports=["polling"],
            )
            await client.emit("session_request", {"session_id": "forged"})
            token = await asyncio.wait_for(confirmed, 10)
            await client.emit("user_uttered", {"message": "hello", "session_id": token})
            await asyncio.wait_for(done.wait(), 10)
            # (A polite disconnect waits for the long poll to end: tens of seconds.)
            await client.eio.disconnect(abort=True)

            refused = socketio.AsyncClient()
            try:
                await refused.connect(
                    f"http://127.0.0.1:{port}",
                    headers={"Origin": "http://evil.example"},
                    transports=["polling"],
                    wait_timeout=3,
                )
                connected = True
                await refused.eio.disconnect(abort=True)
            except socketio.exceptions.ConnectionError:
                connected = False
            async with aiohttp.ClientSession() as http:
                async with http.get(polling, headers={"Origin": "http://localhost:8000"}) as ok:
                    allowed = (ok.status, ok.headers.getall("Access-Control-Allow-Origin", []))
                async with http.get(polling, headers={"Origin": "http://evil.example"}) as bad:
                    refused = (bad.status, bad.headers.getall("Access-Control-Allow-Origin", []))
            assert allowed == (200, ["http://localhost:8000"])  # once, not twice
            assert refused == (400, [])
            return token, got, connected
        finally:
            server.close()
            await server.wait_closed()

    token, got, evil_connected = asyncio.run(scenario())
    assert channel.signer.verify(token) is not None and token != "forged"
    assert received and received[0].sender_id == token.split(".")[0]
    assert got == [{"text": "hi!"}, {"custom": {"type": "product_cards", "cards": [{"id": "P1"}]}}]
    assert evil_connected is False


def _size_limited_app(name: str) -> tuple[Any, ShopSocketIOInput, list[UserMessage], int]:
    """A Sanic app with a channel whose packets may have 4096 bytes; what reached the bot;
    the port to serve it on."""
    from rasa.server import configure_cors
    from sanic import Sanic

    channel = _channel(
        allowed_origins="http://localhost:8000",
        max_request_bytes="4096",
        max_message_characters="100000",
    )
    received: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        await message.output_channel.send_response(message.sender_id, {"text": "ok"})

    Sanic.test_mode = True
    app = Sanic(f"{name}_{_free_port()}")
    configure_cors(app, ["http://localhost:8000"])
    app.blueprint(channel.blueprint(on_new_message))
    return app, channel, received, _free_port()


def test_a_polling_packet_over_the_limit_is_refused_with_an_error_and_the_socket_stays() -> None:
    """engine.io would close the connection without a word; the channel drops the packet
    unread, tells the sender, and the next message goes through."""
    socketio = pytest.importorskip("socketio")
    app, _, received, port = _size_limited_app("socketio_polling_size")

    async def scenario() -> tuple[list[Any], list[Any]]:
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert server is not None
        await server.startup()
        await server.before_start()
        try:
            client = socketio.AsyncClient()
            errors: list[Any] = []
            answers: list[Any] = []
            confirmed: asyncio.Future[str] = asyncio.get_running_loop().create_future()
            refused = asyncio.Event()
            answered = asyncio.Event()
            client.on("session_confirm", lambda token: confirmed.set_result(token))
            client.on(ERROR_EVENT, lambda data: (errors.append(data), refused.set()))
            client.on("bot_uttered", lambda data: (answers.append(data), answered.set()))
            await client.connect(
                f"http://127.0.0.1:{port}",
                headers={"Origin": "http://localhost:8000"},
                transports=["polling"],
            )
            await client.emit("session_request", {"session_id": None})
            token = await asyncio.wait_for(confirmed, 10)
            await client.emit("user_uttered", {"message": "x" * 10_000, "session_id": token})
            await asyncio.wait_for(refused.wait(), 10)
            assert client.connected
            await client.emit("user_uttered", {"message": "hello", "session_id": token})
            await asyncio.wait_for(answered.wait(), 10)
            await client.eio.disconnect(abort=True)
            return errors, answers
        finally:
            server.close()
            await server.wait_closed()

    errors, answers = asyncio.run(scenario())
    assert errors == [{"code": "message_too_large", "limit": 4096}]
    assert answers == [{"text": "ok"}]
    assert [message.text for message in received] == ["hello"]


class _WireClient:
    """socket.io over a bare WebSocket (engine.io v4 framing), enough to send oversized
    frames that a socket.io client library would not."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket

    async def event(self) -> tuple[str, Any]:
        """The next socket.io event (name, data), answering pings on the way."""
        while True:
            frame = await asyncio.wait_for(self.socket.recv(), 10)
            if frame == "2":
                await self.socket.send("3")
            elif frame.startswith("42"):
                name, *data = json.loads(frame[2:])
                return name, data[0] if data else None

    async def emit(self, name: str, data: Any) -> None:
        await self.socket.send("42" + json.dumps([name, data]))


def test_a_websocket_frame_over_the_limit_is_refused_with_an_error_and_the_socket_stays() -> None:
    websockets = pytest.importorskip("websockets")
    app, _, received, port = _size_limited_app("socketio_websocket_size")

    async def scenario() -> list[tuple[str, Any]]:
        server = await app.create_server(
            host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
        )
        assert server is not None
        await server.startup()
        await server.before_start()
        events: list[tuple[str, Any]] = []
        try:
            async with websockets.connect(
                f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                extra_headers={"Origin": "http://localhost:8000"},
                max_size=None,
            ) as socket:
                assert (await socket.recv()).startswith("0")  # engine.io open
                await socket.send("40")
                assert (await socket.recv()).startswith("40")  # socket.io connect
                client = _WireClient(socket)
                await client.emit("session_request", {"session_id": None})
                name, token = await client.event()
                assert name == "session_confirm"
                await client.emit("user_uttered", {"message": "x" * 10_000, "session_id": token})
                events.append(await client.event())
                await client.emit("user_uttered", {"message": "hello", "session_id": token})
                while len(events) < 4:  # renewal, typing, the answer
                    event = await client.event()
                    if event[0] in (SESSION_RENEW_EVENT, "bot_uttered"):
                        events.append(event)
                    if event[0] == "bot_uttered":
                        break
        finally:
            server.close()
            await server.wait_closed()
        return events

    events = asyncio.run(scenario())
    assert events[0] == (ERROR_EVENT, {"code": "message_too_large", "limit": 4096})
    assert [name for name, _ in events[1:]] == [SESSION_RENEW_EVENT, "bot_uttered"]
    assert events[-1][1] == {"text": "ok"}
    assert [message.text for message in received] == ["hello"]


# --- several Rasa servers -----------------------------------------------------------------


def test_without_a_redis_url_each_server_keeps_its_own_rooms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import socketio

    monkeypatch.delenv("SHOPBOT_SOCKETIO_REDIS_URL", raising=False)
    server = _channel().create_server()
    assert type(server.manager) is socketio.AsyncManager


def test_with_a_redis_url_the_rooms_are_shared_through_redis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """python-socketio's Redis manager on redis.asyncio (Rasa 3.6 pins redis 4.x, which has
    it): every emit is published on the shared channel, and heard from it."""
    import socketio

    from bot.channels.socketio import REDIS_CHANNEL

    monkeypatch.setenv("SHOPBOT_SOCKETIO_REDIS_URL", "redis://:secret@127.0.0.1:6379/14")
    server = _channel().create_server()
    manager = server.manager
    assert isinstance(manager, socketio.AsyncRedisManager)
    assert manager.channel == REDIS_CHANNEL and not manager.write_only
    assert manager.redis_url == "redis://:secret@127.0.0.1:6379/14"
    assert manager._get_redis_module().__name__ == "redis.asyncio"


def test_a_malformed_redis_url_stops_the_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.errors import ConfigurationError

    monkeypatch.setenv("SHOPBOT_SOCKETIO_REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ConfigurationError, match="SHOPBOT_SOCKETIO_REDIS_URL"):
        _channel().create_server()
