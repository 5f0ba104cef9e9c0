"""A bare socket.io client over one WebSocket (engine.io v4 framing), for the attack tests:
it sends what a socket.io library (or the widget) would not, such as a 1 MB frame or a
forged ``X-Forwarded-For``, and reads the events the channel answers with.

    with WireClient.connect(stack, client="203.0.113.5") as wire:
        token = wire.session(None)
        texts = wire.say(token, "hi")
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from websockets.sync.client import connect
from websockets.sync.connection import Connection

if TYPE_CHECKING:
    from tests.e2e.conftest import Stack

__all__ = ["WireClient"]

ENGINEIO_OPEN, ENGINEIO_PING, ENGINEIO_PONG = "0", "2", "3"
SOCKETIO_CONNECT, SOCKETIO_EVENT = "40", "42"


class WireClient:
    """One socket.io connection to the Rasa server's website channel."""

    def __init__(self, socket: Connection) -> None:
        self.socket = socket
        #: Every event received so far, in order: (name, data).
        self.events: list[tuple[str, Any]] = []

    @classmethod
    @contextmanager
    def connect(cls, stack: Stack, client: str | None = None) -> Iterator[WireClient]:
        """Connect from the widget's origin; ``client``: the X-Forwarded-For address."""
        headers = {"Origin": f"http://127.0.0.1:{stack.web_port}"}
        if client:
            headers["X-Forwarded-For"] = client
        url = stack.rasa_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        with connect(url, additional_headers=headers, max_size=None, open_timeout=30) as socket:
            assert str(socket.recv(timeout=30)).startswith(ENGINEIO_OPEN)
            socket.send(SOCKETIO_CONNECT)
            assert str(socket.recv(timeout=30)).startswith(SOCKETIO_CONNECT)
            yield cls(socket)

    def emit(self, name: str, data: Any) -> None:
        """Send the event ``name`` with ``data``."""
        self.socket.send(SOCKETIO_EVENT + json.dumps([name, data]))

    def send_raw(self, frame: str) -> None:
        """Send a frame as it is (for frames no client library would send)."""
        self.socket.send(frame)

    def _next(self, deadline: float) -> tuple[str, Any]:
        while True:
            frame = str(self.socket.recv(timeout=max(0.1, deadline - time.monotonic())))
            if frame == ENGINEIO_PING:
                self.socket.send(ENGINEIO_PONG)
            elif frame.startswith(SOCKETIO_EVENT):
                name, *data = json.loads(frame[len(SOCKETIO_EVENT) :])
                event = (str(name), data[0] if data else None)
                self.events.append(event)
                return event

    def event(self, *names: str, timeout: float = 60) -> tuple[str, Any]:
        """The next event called one of ``names`` (others are kept in :attr:`events`)."""
        deadline = time.monotonic() + timeout
        while True:
            name, data = self._next(deadline)
            if name in names:
                return name, data

    def session(self, token: str | None) -> str:
        """Ask for a session with ``token``; the token the server confirms."""
        self.emit("session_request", {"session_id": token})
        return str(self.event("session_confirm")[1])

    def say(self, token: str, text: str) -> list[str]:
        """Send ``text``; the texts of the bot's answers, once its turn is over (the room's
        ``bot_typing`` false)."""
        self.emit("user_uttered", {"message": text, "session_id": token})
        texts: list[str] = []
        while True:
            name, data = self.event("bot_uttered", "bot_typing", "shopbot_error")
            if name == "shopbot_error":
                raise AssertionError(f"the channel refused the message: {data}")
            if name == "bot_uttered":
                texts.append(str(data.get("text") or ""))
            elif not data.get("typing"):
                return texts
