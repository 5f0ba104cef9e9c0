"""The website widget's channel: Rasa's socket.io channel with an origin allow-list,
server-signed conversation ids and product cards that reach the browser intact.

Configured in the credentials file (``credentials.yml`` is the template)::

    bot.channels.socketio.ShopSocketIOInput:
      allowed_origins: "https://shop.example.com https://www.shop.example.com"
      session_secret: "<at least 16 random characters>"

What it changes in Rasa's ``SocketIOInput``:

- **Origins.** The socket.io server gets exactly ``allowed_origins`` as
  ``cors_allowed_origins`` (engine.io checks the ``Origin`` header of polling requests and
  of the WebSocket handshake against it). ``*``, an empty list or anything that is not a
  ``scheme://host[:port]`` origin refuses to start.
- **Conversation ids come from the server** (docs/requirements.md, requirement 3). On
  ``session_request`` a ``session_id`` the client sends is accepted only if this server
  signed it (``web-<32 hex>.<HMAC-SHA256 hex>``); otherwise a new random id is issued.
  ``session_confirm`` returns the signed token; the conversation (tracker sender id and
  socket.io room) is the part before the dot. Messages with a missing, unsigned or
  forged ``session_id`` are dropped. Session persistence is always on.
- **Custom payloads** (``{"type": "product_cards", "cards": [...]}``) are sent as
  ``{"custom": payload}`` to the conversation's room (Rasa's output spreads the payload
  into ``emit``'s keyword arguments, so the browser never receives it).
- **Turn signals.** ``bot_typing`` (``{"typing": true}`` / ``{"typing": false}``) goes to
  the room when a message arrives and when the bot has answered it, so every open tab of
  the conversation can show a typing indicator for exactly as long as the bot works.
- **Bounds.** A message longer than ``max_message_characters`` (default 10,000) is
  refused with a ``shopbot_error`` event; engine.io refuses packets over
  ``max_http_buffer_size`` bytes. (``bot.guard.MessageLengthGuard`` separately cuts what
  the NLU pipeline reads to 1,000 characters; it keeps the full text in the tracker.)
  Client metadata is kept only when it is a small JSON object.

``get_output_channel()`` returns the same output, so Rasa's HTTP API with
``output_channel=latest`` (a support agent's message appended with
``execute_side_effects``) reaches the shopper's open widget.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

import engineio
import rasa.core.channels.channel
import rasa.shared.utils.io
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

__all__ = [
    "DEFAULT_MAX_HTTP_BUFFER_SIZE",
    "DEFAULT_MAX_MESSAGE_CHARACTERS",
    "MAX_METADATA_BYTES",
    "MIN_SECRET_CHARACTERS",
    "TYPING_EVENT",
    "ChannelConfigurationError",
    "SessionSigner",
    "ShopSocketIOInput",
    "ShopSocketIOOutput",
    "parse_allowed_origins",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_CHARACTERS = 10_000
#: Bytes engine.io accepts in one packet: room for 10,000 characters JSON-escaped.
DEFAULT_MAX_HTTP_BUFFER_SIZE = 128 * 1024
MAX_METADATA_BYTES = 2048
MIN_SECRET_CHARACTERS = 16
#: Event telling the room whether the bot is working on a message (``{"typing": bool}``).
TYPING_EVENT = "bot_typing"
#: Event telling one socket that its message was refused (``{"code": "..."}``).
ERROR_EVENT = "shopbot_error"

try:  # Rasa's app-wide CORS layer (Sanic-CORS) skips requests marked with this.
    from sanic_cors.core import SANIC_CORS_EVALUATED
except ImportError:  # pragma: no cover - Sanic-CORS comes with Rasa
    SANIC_CORS_EVALUATED = "_sanic_cors_e"

_CONVERSATION_PREFIX = "web-"
_TOKEN = re.compile(r"\A(web-[0-9a-f]{32})\.([0-9a-f]{64})\Z")
_ORIGIN_SEPARATORS = re.compile(r"[\s,]+")


class ChannelConfigurationError(ValueError):
    """The channel's credentials are missing or unsafe: the server refuses to start."""


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


class _EngineIOServer(engineio.AsyncServer):
    """engine.io answering CORS for its own path from the channel's allow-list.

    Rasa's server adds its own CORS headers (``--cors``) to every response; on top of
    engine.io's that sends ``Access-Control-Allow-Origin`` twice, which browsers refuse
    (HTTP long-polling then fails). Rasa's own channel avoids it by switching engine.io's
    CORS off, origin check included; here the request is marked as handled for Sanic-CORS
    instead, so the allow-list is checked and answered exactly once.
    """

    async def handle_request(self, *args: Any, **kwargs: Any) -> Any:
        """Marks the Sanic request as CORS-handled, then lets engine.io answer it."""
        context = getattr(args[0], "ctx", None) if args else None
        if context is not None:
            setattr(context, SANIC_CORS_EVALUATED, "1")
        # python-engineio has no type annotations.
        return await super().handle_request(*args, **kwargs)  # type: ignore[no-untyped-call]


class _SocketIOServer(AsyncServer):
    """python-socketio's server on :class:`_EngineIOServer`."""

    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return _EngineIOServer


class SessionSigner:
    """Issues random conversation ids and signs them; verifies tokens it signed."""

    def __init__(self, secret: str) -> None:
        """``secret``: the channel's ``session_secret`` (at least 16 characters)."""
        if not isinstance(secret, str) or len(secret.strip()) < MIN_SECRET_CHARACTERS:
            raise ChannelConfigurationError(
                "socketio channel: session_secret must be set, at least "
                f"{MIN_SECRET_CHARACTERS} characters (SHOPBOT_WIDGET_SESSION_SECRET)"
            )
        self._key = hashlib.sha256(b"shopbot-widget-session\x00" + secret.encode()).digest()

    def _mac(self, conversation_id: str) -> str:
        return hmac.new(self._key, conversation_id.encode(), hashlib.sha256).hexdigest()

    def issue(self) -> tuple[str, str]:
        """A new ``(conversation_id, token)``."""
        conversation_id = _CONVERSATION_PREFIX + secrets.token_hex(16)
        return conversation_id, self.sign(conversation_id)

    def sign(self, conversation_id: str) -> str:
        """The token of ``conversation_id``: ``<id>.<hmac>``."""
        return f"{conversation_id}.{self._mac(conversation_id)}"

    def verify(self, token: object) -> str | None:
        """The conversation id of ``token`` if this server signed it, else None."""
        if not isinstance(token, str) or len(token) > 200:
            return None
        match = _TOKEN.match(token)
        if match is None:
            return None
        conversation_id, mac = match.groups()
        if not hmac.compare_digest(mac, self._mac(conversation_id)):
            return None
        return conversation_id


class ShopSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output, with texts kept whole and custom payloads delivered."""

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
            await self._send_message(recipient_id, {"text": text.strip()})

    async def send_text_with_buttons(
        self,
        recipient_id: str,
        text: str,
        buttons: list[dict[str, Any]],
        **kwargs: Any,
    ) -> None:
        """The text with its buttons as ``quick_replies`` (title and payload)."""
        await self._send_message(
            recipient_id,
            {
                "text": (text or "").strip(),
                "quick_replies": [
                    {
                        "content_type": "text",
                        "title": str(button.get("title", "")),
                        "payload": str(button.get("payload", "")),
                    }
                    for button in buttons
                    if isinstance(button, dict)
                ],
            },
        )

    async def send_custom_json(
        self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any
    ) -> None:
        """The payload as ``{"custom": payload}`` to the conversation's room."""
        await self._send_message(recipient_id, {"custom": json_message})


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
        ``session_secret``; optional ``namespace``, ``socketio_path``,
        ``max_message_characters``, ``jwt_key``, ``jwt_method``)."""
        credentials = credentials or {}
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
            max_message_characters=int(
                credentials.get("max_message_characters", DEFAULT_MAX_MESSAGE_CHARACTERS)
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
        max_http_buffer_size: int = DEFAULT_MAX_HTTP_BUFFER_SIZE,
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
        self.signer = SessionSigner(session_secret)
        if max_message_characters < 1:
            raise ChannelConfigurationError("socketio channel: max_message_characters must be > 0")
        self.max_message_characters = max_message_characters
        self.max_http_buffer_size = max_http_buffer_size

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
        """The socket.io server with the origin allow-list and the packet bound."""
        # python-socketio has no type annotations.
        return _SocketIOServer(  # type: ignore[no-untyped-call]
            async_mode="sanic",
            cors_allowed_origins=list(self.allowed_origins),
            max_http_buffer_size=self.max_http_buffer_size,
        )

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
            if not self.jwt_key:
                return True
            token = auth.get("token") if isinstance(auth, dict) else None
            payload = (
                rasa.core.channels.channel.decode_bearer_token(
                    token, self.jwt_key, self.jwt_algorithm
                )
                if token
                else None
            )
            return bool(payload)

        @sio.on("session_request", namespace=namespace)  # type: ignore[untyped-decorator]
        async def session_request(sid: str, data: Any = None) -> None:
            await self.start_session(sid, data)

        @sio.on(self.user_message_evt, namespace=namespace)  # type: ignore[untyped-decorator]
        async def handle_message(sid: str, data: Any = None) -> None:
            await self.receive(sid, data, on_new_message)

        return socketio_webhook

    async def start_session(self, sid: str, data: Any) -> str:
        """Joins ``sid`` to its conversation's room; confirms the signed token. A token
        this server did not sign is replaced by a new conversation."""
        assert self.sio is not None
        offered = data.get("session_id") if isinstance(data, dict) else None
        conversation_id = self.signer.verify(offered)
        if conversation_id is None:
            if offered:
                logger.info("socketio: refused an unsigned session id; issued a new one")
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
        """Hands a shopper's message to Rasa, or drops it (unsigned session, not text,
        too long); tells the room when the bot starts and stops working on it."""
        assert self.sio is not None
        if not isinstance(data, dict):
            return None
        conversation_id = self.signer.verify(data.get("session_id"))
        if conversation_id is None:
            logger.warning("socketio: dropped a message without a server-signed session id")
            return None
        text = data.get("message")
        if not isinstance(text, str):
            return None
        if len(text) > self.max_message_characters:
            logger.info("socketio: refused a %d-character message", len(text))
            await self.sio.emit(
                ERROR_EVENT,
                {"code": "message_too_long", "limit": self.max_message_characters},
                room=sid,
                namespace=self.namespace,
            )
            return None
        await self.sio.enter_room(sid, conversation_id, namespace=self.namespace)
        message = UserMessage(
            text,
            ShopSocketIOOutput(self.sio, self.bot_message_evt, self.namespace),
            conversation_id,
            input_channel=self.name(),
            metadata=self._metadata(data.get(self.metadata_key or "metadata")),
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
