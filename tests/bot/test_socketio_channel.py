"""Tests of ``bot.channels.socketio``: origin parsing, session signing, what reaches Rasa
and what reaches the browser; then the real socket.io server on a Sanic app, spoken to
by python-socketio's client with allowed and refused origins.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot/test_socketio_channel.py --confcutdir tests/bot
-p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.socketio import (
    DEFAULT_MAX_MESSAGE_CHARACTERS,
    TYPING_EVENT,
    ChannelConfigurationError,
    SessionSigner,
    ShopSocketIOInput,
    ShopSocketIOOutput,
    parse_allowed_origins,
)

SECRET = "a-test-secret-of-enough-length"
ORIGINS = "http://localhost:8000 https://shop.example.com"


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
    credentials = {"allowed_origins": ORIGINS, "session_secret": SECRET, **overrides}
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
        ShopSocketIOInput.from_credentials({"session_secret": SECRET})


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
    signer = SessionSigner(SECRET)
    conversation_id, token = signer.issue()
    assert conversation_id.startswith("web-") and len(conversation_id) == 36
    assert token.startswith(conversation_id + ".")
    assert signer.verify(token) == conversation_id
    assert signer.sign(conversation_id) == token
    assert signer.issue()[0] != conversation_id


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
    conversation_id, token = channel.signer.issue()
    assert asyncio.run(channel.start_session("sid-2", {"session_id": token})) == conversation_id
    assert fake.emitted[-1][1] == token
    assert fake.rooms == [("sid-2", conversation_id)]


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
    assert message.metadata == {"a": 1}
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
    assert received[0].metadata == expected


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
