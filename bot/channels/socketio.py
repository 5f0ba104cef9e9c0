"""The website widget's channel: Rasa's socket.io channel with an origin allow-list,
server-signed conversation tokens that expire, limits, and product cards that reach the
browser intact.

Configured in the credentials file (``credentials.yml`` is the template)::

    bot.channels.socketio.ShopSocketIOInput:
      allowed_origins: "https://shop.example.com https://www.shop.example.com"
      session_secret: "<at least 16 random characters>"
      session_ttl_minutes: 1440
      client_key_secret: "<a real secret>"       # bot.channels.admission
      trusted_proxies: "10.0.0.0/8"               # optional

What it changes in Rasa's ``SocketIOInput``:

- **Origins.** The socket.io server gets exactly ``allowed_origins`` as
  ``cors_allowed_origins`` (engine.io checks the ``Origin`` header of polling requests and
  of the WebSocket handshake against it). ``*``, an empty list or anything that is not a
  ``scheme://host[:port]`` origin refuses to start. (A client that is not a browser sends
  whatever ``Origin`` it likes: the limits below are what hold it.)
- **Conversation tokens come from the server, and expire** (docs/requirements.md,
  requirement 3). A token is ``web-<32 hex>.<16 hex issue time><48 hex HMAC-SHA256>``;
  the conversation (tracker sender id and socket.io room) is the part before the dot. On
  ``session_request`` a ``session_id`` is accepted only if this server signed it less
  than ``session_ttl_minutes`` ago (default 24 hours); otherwise a new conversation is
  issued. ``session_confirm`` returns a fresh token, and every message accepted renews
  it (``session_renew``), so the expiry counts from the conversation's last use. A
  message with an expired token is refused with ``shopbot_error``
  (``session_expired``), one with a missing, unsigned or forged token is dropped. Session
  persistence is always on.
- **Who is writing.** Each connection's client id (:mod:`bot.channels.clients`: the peer
  address, or behind ``trusted_proxies`` the forwarded one) is taken at connect time and
  goes into every message's metadata as ``shopbot_client``.
- **Limits.** engine.io refuses nothing silently: a packet over ``max_request_bytes``
  (default 128 KB, engine.io's ``max_http_buffer_size``) is dropped before it is parsed,
  and the sender gets ``shopbot_error`` (``message_too_large``) instead of a closed
  connection. A message over ``max_message_characters`` (default 10,000) gets
  ``message_too_long``; more messages than the rate limits allow get ``rate_limited``
  (with ``retry_after`` seconds). The widget shows each in its interface language.
  (``bot.guard.MessageLengthGuard`` separately cuts what the NLU pipeline reads to 1,000
  characters; it keeps the full text in the tracker.) Client metadata is kept only when
  it is a small JSON object.
- **Custom payloads** (``{"type": "product_cards", "cards": [...]}``) are sent as
  ``{"custom": payload}`` to the conversation's room (Rasa's output spreads the payload
  into ``emit``'s keyword arguments, so the browser never receives it).
- **The reply's language.** A reply the response generator wrote carries its language
  (:mod:`bot.reply_language`) as ``"language"``, so the widget's own words follow the
  conversation.
- **Turn signals.** ``bot_typing`` (``{"typing": true}`` / ``{"typing": false}``) goes to
  the room when a message arrives and when the bot has answered it, so every open tab of
  the conversation can show a typing indicator for exactly as long as the bot works.

``get_output_channel()`` returns the same output, so Rasa's HTTP API with
``output_channel=latest`` (a support agent's message appended with
``execute_side_effects``) reaches the shopper's open widget.

**Several Rasa servers.** A socket.io server reaches only the browsers connected to it. With
``SHOPBOT_SOCKETIO_REDIS_URL`` set (:mod:`bot.settings`; e.g.
``redis://:<password>@127.0.0.1:6379/2``), every Rasa server's socket.io server shares its
rooms through python-socketio's Redis client manager: a message emitted to a conversation's
room on one server (an agent's reply through that server's HTTP API, a reminder it fires)
also reaches a browser connected to another. Unset, each server serves its own sockets, as
before. Redis being away costs only the other servers' deliveries (each server still
delivers to its own sockets; python-socketio logs the failed publication).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import engineio
import rasa.core.channels.channel
import rasa.shared.utils.io
from engineio.async_drivers.sanic import WebSocket as SanicWebSocket
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from bot.channels.admission import Admission
from bot.channels.config import ChannelConfigurationError, positive_int
from bot.reply_language import language_of
from bot.settings import read_settings

__all__ = [
    "CONVERSATION_PREFIX",
    "DEFAULT_MAX_MESSAGE_CHARACTERS",
    "DEFAULT_SESSION_TTL_MINUTES",
    "ERROR_EVENT",
    "MAX_METADATA_BYTES",
    "MIN_SECRET_CHARACTERS",
    "REDIS_CHANNEL",
    "SESSION_RENEW_EVENT",
    "TYPING_EVENT",
    "ChannelConfigurationError",
    "SessionSigner",
    "SessionToken",
    "ShopSocketIOInput",
    "ShopSocketIOOutput",
    "parse_allowed_origins",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARACTERS = 10_000
DEFAULT_SESSION_TTL_MINUTES = 24 * 60
MAX_METADATA_BYTES = 2048
MIN_SECRET_CHARACTERS = 16
#: Event telling the room whether the bot is working on a message (``{"typing": bool}``).
TYPING_EVENT = "bot_typing"
#: Event telling one socket that its message was refused (``{"code": "...", ...}``).
ERROR_EVENT = "shopbot_error"
#: Event handing one socket a fresh token of its conversation (a string).
SESSION_RENEW_EVENT = "session_renew"
#: The prefix of every conversation id this channel issues (the REST channel refuses it).
CONVERSATION_PREFIX = "web-"
#: How far in the future a token's issue time may be (clocks of several instances).
CLOCK_SKEW_SECONDS = 300
#: The Redis channel on which the Rasa servers' socket.io servers share their emits.
REDIS_CHANNEL = "shopbot_socketio"
#: What an over-long engine.io packet is replaced with: a pong, which changes nothing.
_HARMLESS_PACKET = "3"

try:  # Rasa's app-wide CORS layer (Sanic-CORS) skips requests marked with this.
    from sanic_cors.core import SANIC_CORS_EVALUATED
except ImportError:  # pragma: no cover - Sanic-CORS comes with Rasa
    SANIC_CORS_EVALUATED = "_sanic_cors_e"

_TOKEN = re.compile(r"\A(web-[0-9a-f]{32})\.([0-9a-f]{16})([0-9a-f]{48})\Z")
_ORIGIN_SEPARATORS = re.compile(r"[\s,]+")


def parse_allowed_origins(raw: str | Iterable[str] | None) -> list[str]:
    """The allowed origins of ``raw`` (a space- or comma-separated string, or a list).

    Each must be ``http(s)://host[:port]`` (no path, query or credentials); scheme and host
    are lower-cased and a trailing slash is dropped. Duplicates go, order stays.
    Raises :class:`ChannelConfigurationError` on ``*``, ``null``, an empty list or a
    malformed origin.
    """
    if raw is None:
        items: list[str] = []
    elif isinstance(raw, str):
        items = [item for item in _ORIGIN_SEPARATORS.split(raw) if item]
    else:
        items = [str(item).strip() for item in raw if str(item).strip()]
    if not items:
        raise ChannelConfigurationError(
            "socketio channel: allowed_origins is empty; list the shop's origins "
            "(e.g. SHOPBOT_WIDGET_ORIGINS='https://shop.example.com')"
        )
    origins: list[str] = []
    for item in items:
        origin = _normalise_origin(item)
        if origin not in origins:
            origins.append(origin)
    return origins


def _normalise_origin(item: str) -> str:
    if "*" in item or item.lower() == "null":
        raise ChannelConfigurationError(
            f"socketio channel: allowed origin {item!r} is refused; list each origin explicitly"
        )
    candidate = item[:-1] if item.endswith("/") else item
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError as error:
        raise ChannelConfigurationError(
            f"socketio channel: {item!r} is not an origin ({error})"
        ) from error
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username is not None
        or parts.password is not None
    ):
        raise ChannelConfigurationError(
            f"socketio channel: {item!r} is not an origin like https://shop.example.com[:port]"
        )
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port is not None else "")


OversizeHandler = Callable[[str], Awaitable[None]]


async def _ignore_oversized(eio_sid: str) -> None:
    return None


def _over(data: Any, limit: int) -> bool:
    """Whether an engine.io frame ``data`` (text or bytes) has more than ``limit`` bytes."""
    if isinstance(data, str):
        return len(data) > limit or (len(data) * 4 > limit and len(data.encode()) > limit)
    return isinstance(data, bytes | bytearray) and len(data) > limit


class _GuardedWebSocket(SanicWebSocket):
    """engine.io's WebSocket on Sanic, with frames over the packet limit replaced by a
    harmless pong and reported, instead of engine.io closing the connection without a word."""

    def __init__(self, handler: Any, server: Any) -> None:
        # python-engineio has no type annotations.
        super().__init__(handler, server)  # type: ignore[no-untyped-call]
        # The handler is a method of engine.io's socket: its sid says who is writing.
        self.eio_sid: str | None = getattr(getattr(handler, "__self__", None), "sid", None)

    async def wait(self) -> Any:
        """The next frame, or a pong in place of one that is too large."""
        data = await super().wait()  # type: ignore[no-untyped-call]
        if _over(data, self.server.max_http_buffer_size):
            if self.eio_sid is not None:
                await self.server.on_oversized(self.eio_sid)
            return _HARMLESS_PACKET
        return data


class _EngineIOServer(engineio.AsyncServer):
    """engine.io answering CORS for its own path from the channel's allow-list, and
    reporting packets over ``max_http_buffer_size`` to :attr:`on_oversized`.

    Rasa's server adds its own CORS headers (``--cors``) to every response; on top of
    engine.io's that sends ``Access-Control-Allow-Origin`` twice, which browsers refuse
    (HTTP long-polling then fails). Rasa's own channel avoids it by switching engine.io's
    CORS off, origin check included; here the request is marked as handled for Sanic-CORS
    instead, so the allow-list is checked and answered exactly once.

    engine.io refuses a long-polling POST or a WebSocket frame over its limit by closing
    the connection; here the packet is dropped unread (a pong takes its place) and the
    socket stays open, so the channel can tell the sender why.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # python-engineio has no type annotations.
        super().__init__(*args, **kwargs)  # type: ignore[no-untyped-call]
        self.on_oversized: OversizeHandler = _ignore_oversized
        drivers = self._async
        if isinstance(drivers, dict) and drivers.get("websocket") is not None:
            self._async = {**drivers, "websocket": _GuardedWebSocket}

    async def handle_request(self, *args: Any, **kwargs: Any) -> Any:
        """Marks the Sanic request as CORS-handled, drops an over-long polling POST's
        packets, then lets engine.io answer it."""
        request = args[0] if args else None
        context = getattr(request, "ctx", None)
        if context is not None:
            setattr(context, SANIC_CORS_EVALUATED, "1")
        if isinstance(request, Request):
            await self._drop_oversized_post(request)
        # python-engineio has no type annotations.
        return await super().handle_request(*args, **kwargs)  # type: ignore[no-untyped-call]

    async def _drop_oversized_post(self, request: Request) -> None:
        eio_sid = request.args.get("sid")
        if request.method != "POST" or not eio_sid:
            return
        if not _over(request.body or b"", self.max_http_buffer_size):
            return
        await self.on_oversized(str(eio_sid))
        request.body = _HARMLESS_PACKET.encode()
        request.headers["content-length"] = str(len(request.body))


class _SocketIOServer(AsyncServer):
    """python-socketio's server on :class:`_EngineIOServer`."""

    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return _EngineIOServer


@dataclass(frozen=True)
class SessionToken:
    """What a token this server signed says: whose conversation, issued when."""

    conversation_id: str
    issued_at: int
    """Seconds since the epoch."""


class SessionSigner:
    """Issues random conversation ids and signs tokens of them that expire; verifies
    tokens it signed.

    A token is ``<conversation id>.<issue time, 16 hex><HMAC-SHA256 of both, 48 hex>``;
    its HMAC key is derived from ``session_secret``.
    """

    def __init__(
        self,
        secret: str,
        ttl_seconds: float = DEFAULT_SESSION_TTL_MINUTES * 60,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """``secret``: the channel's ``session_secret`` (at least 16 characters); a token
        is valid for ``ttl_seconds`` after it was issued."""
        if not isinstance(secret, str) or len(secret.strip()) < MIN_SECRET_CHARACTERS:
            raise ChannelConfigurationError(
                "socketio channel: session_secret must be set, at least "
                f"{MIN_SECRET_CHARACTERS} characters (SHOPBOT_WIDGET_SESSION_SECRET)"
            )
        if ttl_seconds <= 0:
            raise ChannelConfigurationError("socketio channel: session_ttl_minutes must be > 0")
        self._key = hashlib.sha256(b"shopbot-widget-session\x00" + secret.encode()).digest()
        self.ttl_seconds = ttl_seconds
        self._clock = clock

    def _mac(self, conversation_id: str, issued: str) -> str:
        message = f"{conversation_id}.{issued}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:48]

    def issue(self) -> tuple[str, str]:
        """A new ``(conversation_id, token)``."""
        conversation_id = CONVERSATION_PREFIX + secrets.token_hex(16)
        return conversation_id, self.sign(conversation_id)

    def sign(self, conversation_id: str, issued_at: int | None = None) -> str:
        """A token of ``conversation_id`` issued at ``issued_at`` (default: now)."""
        issued = f"{int(self._clock()) if issued_at is None else issued_at:016x}"
        return f"{conversation_id}.{issued}{self._mac(conversation_id, issued)}"

    def decode(self, token: object) -> SessionToken | None:
        """What ``token`` says if this server signed it (expired or not), else None."""
        if not isinstance(token, str) or len(token) > 200:
            return None
        match = _TOKEN.match(token)
        if match is None:
            return None
        conversation_id, issued, mac = match.groups()
        if not hmac.compare_digest(mac, self._mac(conversation_id, issued)):
            return None
        return SessionToken(conversation_id, int(issued, 16))

    def is_current(self, session: SessionToken) -> bool:
        """Whether ``session`` was issued less than the lifetime ago (and not ahead)."""
        age = self._clock() - session.issued_at
        return -CLOCK_SKEW_SECONDS <= age < self.ttl_seconds

    def verify(self, token: object) -> str | None:
        """The conversation id of ``token`` if this server signed it and it has not
        expired, else None."""
        session = self.decode(token)
        return session.conversation_id if session and self.is_current(session) else None


def _tagged(payload: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """``payload`` with ``"language"``: the language the reply is written in, when the
    response generator named it among the message's other ``fields``."""
    language = language_of(fields)
    return {**payload, "language": language} if language else payload


class ShopSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with texts kept whole, custom payloads delivered, and the
    language of each generated reply (``"language"``) for the widget's own words."""

    def __init__(self, sio: AsyncServer, bot_message_evt: str, namespace: str | None = None):
        """Emits ``bot_message_evt`` on ``namespace`` to the conversation's room."""
        super().__init__(sio, bot_message_evt)
        self.namespace = namespace

    async def _send_message(self, socket_id: str, response: Any) -> None:
        """Sends ``response`` to the room ``socket_id`` (the conversation id)."""
        await self.sio.emit(
            self.bot_message_evt, response, room=socket_id, namespace=self.namespace
        )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        """One message per text (line breaks kept; the widget shows them)."""
        if text and text.strip():
            await self._send_message(recipient_id, _tagged({"text": text.strip()}, kwargs))

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """The text with its buttons as ``quick_replies`` (title and payload)."""
        replies = [
            {
                "content_type": "text",
                "title": str(button.get("title", "")),
                "payload": str(button.get("payload", "")),
            }
            for button in buttons
            if isinstance(button, dict)
        ]
        await self._send_message(
            recipient_id, _tagged({"text": (text or "").strip(), "quick_replies": replies}, kwargs)
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """The payload as ``{"custom": payload}`` to the conversation's room."""
        await self._send_message(recipient_id, _tagged({"custom": json_message}, kwargs))


class ShopSocketIOInput(SocketIOInput):
    """The widget's socket.io input channel (see the module docstring)."""

    # Rasa declares both optional, but the socket.io server and the JWT check need strings.
    socketio_path: str
    jwt_algorithm: str

    @classmethod
    def name(cls) -> str:
        """``socketio``: the name Rasa's ``output_channel=latest`` looks for."""
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """The channel from its credentials section (``allowed_origins``,
        ``session_secret``, ``client_key_secret``; optional ``session_ttl_minutes``,
        ``trusted_proxies``, the limits of :mod:`bot.channels.admission`, ``namespace``,
        ``socketio_path``, ``max_message_characters``, ``jwt_key``, ``jwt_method``)."""
        credentials = credentials or {}
        name = cls.name()
        return cls(
            allowed_origins=credentials.get("allowed_origins"),
            session_secret=credentials.get("session_secret") or "",
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            namespace=credentials.get("namespace"),
            socketio_path=credentials.get("socketio_path", "/socket.io"),
            jwt_key=credentials.get("jwt_key"),
            jwt_method=credentials.get("jwt_method", "HS256"),
            metadata_key=credentials.get("metadata_key", "metadata"),
            max_message_characters=positive_int(
                name, credentials, "max_message_characters", DEFAULT_MAX_MESSAGE_CHARACTERS
            ),
            admission=Admission.from_credentials(name, credentials),
            session_ttl_minutes=positive_int(
                name, credentials, "session_ttl_minutes", DEFAULT_SESSION_TTL_MINUTES
            ),
        )

    def __init__(
        self,
        allowed_origins: str | Iterable[str] | None,
        session_secret: str,
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        namespace: str | None = None,
        socketio_path: str = "/socket.io",
        jwt_key: str | None = None,
        jwt_method: str = "HS256",
        metadata_key: str | None = "metadata",
        max_message_characters: int = DEFAULT_MAX_MESSAGE_CHARACTERS,
        *,
        admission: Admission,
        session_ttl_minutes: int = DEFAULT_SESSION_TTL_MINUTES,
    ) -> None:
        """Validates the configuration: refuses ``*``, no origins and a short secret."""
        super().__init__(
            user_message_evt=user_message_evt,
            bot_message_evt=bot_message_evt,
            namespace=namespace,
            session_persistence=True,
            socketio_path=socketio_path,
            jwt_key=jwt_key,
            jwt_method=jwt_method,
            metadata_key=metadata_key,
        )
        self.allowed_origins = parse_allowed_origins(allowed_origins)
        if session_ttl_minutes < 1:
            raise ChannelConfigurationError("socketio channel: session_ttl_minutes must be > 0")
        self.signer = SessionSigner(session_secret, ttl_seconds=session_ttl_minutes * 60)
        if max_message_characters < 1:
            raise ChannelConfigurationError("socketio channel: max_message_characters must be > 0")
        self.max_message_characters = max_message_characters
        self.admission = admission
        self.max_http_buffer_size = admission.limits.max_request_bytes
        #: The client id of each connected socket, taken when it connected.
        self._clients: dict[str, str] = {}

    def get_output_channel(self) -> OutputChannel | None:
        """The output to the conversation's room (None before the blueprint exists)."""
        if self.sio is None:
            rasa.shared.utils.io.raise_warning(
                "The socketio output channel cannot be recreated before the server "
                "started it (several Sanic workers or Rasa instances?)."
            )
            return None
        return ShopSocketIOOutput(self.sio, self.bot_message_evt, self.namespace)

    def create_server(self) -> AsyncServer:
        """The socket.io server with the origin allow-list and the packet bound, sharing its
        rooms through Redis when ``SHOPBOT_SOCKETIO_REDIS_URL`` is set."""
        redis_url = read_settings(os.environ).socketio_redis_url
        options: dict[str, Any] = {}
        if redis_url:
            options["client_manager"] = AsyncRedisManager(redis_url, channel=REDIS_CHANNEL)
            logger.info("socketio: rooms shared with the other Rasa servers through Redis")
        # python-socketio has no type annotations.
        server = _SocketIOServer(  # type: ignore[no-untyped-call]
            async_mode="sanic",
            cors_allowed_origins=list(self.allowed_origins),
            max_http_buffer_size=self.max_http_buffer_size,
            **options,
        )
        server.eio.on_oversized = self.refuse_oversized_packet
        return server

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """The socket.io server attached to Rasa's Sanic app, and its event handlers."""
        sio = self.create_server()
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio
        namespace = self.namespace

        # sanic's Blueprint wraps its decorators in an untyped `lazy`, and python-socketio has
        # no type annotations: mypy sees these decorators as untyped.
        @socketio_webhook.route("/", methods=["GET"])  # type: ignore[untyped-decorator]
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @socketio_webhook.listener("before_server_stop")  # type: ignore[untyped-decorator]
        async def disconnect_everyone(*_: Any) -> None:
            # Closes the sockets and their ping tasks instead of leaving them pending.
            await sio.shutdown()

        @sio.on("connect", namespace=namespace)  # type: ignore[untyped-decorator]
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            return self.accept_connection(sid, environ, auth)

        @sio.on("disconnect", namespace=namespace)  # type: ignore[untyped-decorator]
        async def disconnect(sid: str, *_: Any) -> None:
            self._clients.pop(sid, None)

        @sio.on("session_request", namespace=namespace)  # type: ignore[untyped-decorator]
        async def session_request(sid: str, data: Any = None) -> None:
            await self.start_session(sid, data)

        @sio.on(self.user_message_evt, namespace=namespace)  # type: ignore[untyped-decorator]
        async def handle_message(sid: str, data: Any = None) -> None:
            await self.receive(sid, data, on_new_message)

        return socketio_webhook

    def accept_connection(self, sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
        """Records the socket's client id; checks the JWT when one is configured."""
        if self.jwt_key:
            token = auth.get("token") if isinstance(auth, dict) else None
            payload = (
                rasa.core.channels.channel.decode_bearer_token(
                    token, self.jwt_key, self.jwt_algorithm
                )
                if token
                else None
            )
            if not payload:
                return False
        self._clients[sid] = self.admission.identity.of_environ(self.name(), environ)
        return True

    def client_of(self, sid: str) -> str:
        """The client id of socket ``sid`` (one shared id if it never connected properly)."""
        return self._clients.get(sid) or self.admission.identity.key(self.name(), "unknown")

    async def _refuse(self, sid: str, code: str, **details: Any) -> None:
        assert self.sio is not None
        await self.sio.emit(
            ERROR_EVENT, {"code": code, **details}, room=sid, namespace=self.namespace
        )

    async def refuse_oversized_packet(self, eio_sid: str) -> None:
        """Tells the socket behind engine.io's ``eio_sid`` that its packet was too large."""
        logger.warning("socketio: refused a packet over %d bytes", self.max_http_buffer_size)
        if self.sio is None:
            return
        sid = self.sio.manager.sid_from_eio_sid(eio_sid, self.namespace or "/")
        if sid:
            await self._refuse(sid, "message_too_large", limit=self.max_http_buffer_size)

    async def start_session(self, sid: str, data: Any) -> str:
        """Joins ``sid`` to its conversation's room; confirms with a fresh token. A token
        this server did not sign, or signed too long ago, gets a new conversation."""
        assert self.sio is not None
        offered = data.get("session_id") if isinstance(data, dict) else None
        conversation_id = self.signer.verify(offered)
        if conversation_id is None:
            if offered:
                expired = self.signer.decode(offered) is not None
                logger.info(
                    "socketio: refused %s session token; issued a new conversation",
                    "an expired" if expired else "an unsigned",
                )
            conversation_id, token = self.signer.issue()
        else:
            token = self.signer.sign(conversation_id)
        await self.sio.enter_room(sid, conversation_id, namespace=self.namespace)
        await self.sio.emit("session_confirm", token, room=sid, namespace=self.namespace)
        return conversation_id

    async def receive(
        self,
        sid: str,
        data: Any,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> UserMessage | None:
        """Hands a shopper's message to Rasa, or refuses it (expired session, too long,
        over the rate limits) or drops it (unsigned session, not text); tells the room
        when the bot starts and stops working on it."""
        assert self.sio is not None
        if not isinstance(data, dict):
            return None
        offered = data.get("session_id")
        conversation_id = self.signer.verify(offered)
        if conversation_id is None:
            if self.signer.decode(offered) is not None:
                logger.info("socketio: refused a message with an expired session token")
                await self._refuse(sid, "session_expired")
            else:
                logger.warning("socketio: dropped a message without a server-signed session id")
            return None
        text = data.get("message")
        if not isinstance(text, str):
            return None
        if len(text) > self.max_message_characters:
            logger.info("socketio: refused a %d-character message", len(text))
            await self._refuse(sid, "message_too_long", limit=self.max_message_characters)
            return None
        client = self.client_of(sid)
        refusal = self.admission.check(conversation_id, client)
        if refusal is not None:
            await self._refuse(sid, "rate_limited", retry_after=refusal.retry_after)
            return None
        await self.sio.enter_room(sid, conversation_id, namespace=self.namespace)
        await self.sio.emit(
            SESSION_RENEW_EVENT,
            self.signer.sign(conversation_id),
            room=sid,
            namespace=self.namespace,
        )
        message = UserMessage(
            text,
            ShopSocketIOOutput(self.sio, self.bot_message_evt, self.namespace),
            conversation_id,
            input_channel=self.name(),
            metadata=self.admission.stamp(
                self._metadata(data.get(self.metadata_key or "metadata")), client
            ),
        )
        room = {"room": conversation_id, "namespace": self.namespace}
        await self.sio.emit(TYPING_EVENT, {"typing": True}, **room)
        try:
            await on_new_message(message)
        finally:
            await self.sio.emit(TYPING_EVENT, {"typing": False}, **room)
        return message

    @staticmethod
    def _metadata(raw: Any) -> dict[str, Any]:
        """Client metadata if it is a small JSON object, else nothing."""
        if isinstance(raw, str):
            if len(raw) > MAX_METADATA_BYTES:
                return {}
            try:
                raw = json.loads(raw)
            except ValueError:
                return {}
        if not isinstance(raw, dict):
            return {}
        try:
            size = len(json.dumps(raw))
        except (TypeError, ValueError):
            return {}
        return raw if size <= MAX_METADATA_BYTES else {}
