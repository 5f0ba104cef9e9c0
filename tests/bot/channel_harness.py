"""An in-process harness for testing the channels (the tests in ``tests/bot``).

- :class:`StubPlatform`: a stand-in for a platform's HTTP API on loopback (aiohttp) that
  records every request and answers 200 with a body every platform client accepts;
- :class:`ChannelServer`: a tiny Sanic app serving one input channel's blueprint under
  ``/webhooks/<name>``, recording the ``UserMessage`` values the channel hands to the bot
  (optionally answering each with ``reply`` through the message's output channel);
- :func:`admission`: a channel's client identity and limits with a test secret.

Both run in the caller's event loop::

    async with StubPlatform() as platform, ChannelServer(channel) as server:
        status, body = await server.post("/webhook", data=b"...", headers={...})
"""

from __future__ import annotations

import asyncio
import json
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from aiohttp import web
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Sanic

from bot.channels.admission import Admission
from bot.channels.clients import ClientIdentity, client_key
from bot.channels.limits import ChannelLimits

__all__ = [
    "CLIENT_KEY_SECRET",
    "STUB_REPLY",
    "ChannelServer",
    "RecordedRequest",
    "StubPlatform",
    "admission",
    "client_of",
]

CLIENT_KEY_SECRET = "test-client-key-secret-0123456789abcdef"
"""A secret that passes core.secret_rules (32+ characters, varied)."""


def client_of(channel: str, address: str) -> str:
    """The ``shopbot_client`` id a channel with :func:`admission` gives ``address``."""
    return client_key(CLIENT_KEY_SECRET.encode(), channel, address)


def admission(channel: str, trusted_proxies: str = "", **limits: int) -> Admission:
    """``channel``'s admission with :data:`CLIENT_KEY_SECRET` and ``limits``
    (``per_conversation``, ``per_client``, ``max_request_bytes``; defaults otherwise)."""
    return Admission(
        channel, ClientIdentity(CLIENT_KEY_SECRET, trusted_proxies), ChannelLimits(**limits)
    )


STUB_REPLY: dict[str, Any] = {
    "ok": True,
    "result": {"message_id": 1},
    "sid": "SM0000",
    "message_id": "m.1",
    "recipient_id": "1",
    "ts": "1",
}
"""One answer that every platform client takes for success."""


@dataclass(frozen=True)
class RecordedRequest:
    """One request that reached the stub platform."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        """The body as a form, one value per field."""
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}


@dataclass
class StubPlatform:
    """A platform API stand-in that records requests; ``status`` sets its answers."""

    status: int = 200
    reply: dict[str, Any] = field(default_factory=lambda: dict(STUB_REPLY))
    requests: list[RecordedRequest] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    url: str = ""

    async def _record(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.requests.append(
            RecordedRequest(
                request.method, request.path, dict(request.query), dict(request.headers), body
            )
        )
        return web.json_response(self.reply, status=self.status)

    async def __aenter__(self) -> StubPlatform:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._record)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[RecordedRequest]:
        """Waits until at least ``count`` requests arrived; all of them (may be fewer)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.requests) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        return list(self.requests)


Reply = Callable[[UserMessage], Awaitable[None]]


class ChannelServer:
    """Serves one input channel's blueprint on loopback and records what reaches the bot."""

    def __init__(self, channel: InputChannel, reply: Reply | None = None) -> None:
        """``reply``, if given, runs for each message (e.g. to send an answer)."""
        self.channel = channel
        self.reply = reply
        self.messages: list[UserMessage] = []
        self.url = ""
        self._server: Any = None

    async def _on_new_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if self.reply is not None:
            await self.reply(message)

    async def __aenter__(self) -> ChannelServer:
        # As sanic-testing does: several apps may start in one process only in test mode
        # (Sanic rewrites its protocol's methods at each start; test mode keeps the originals).
        Sanic.test_mode = True
        app = Sanic(f"channel_test_{uuid.uuid4().hex}")
        app.config.ACCESS_LOG = False
        app.blueprint(
            self.channel.blueprint(self._on_new_message),
            url_prefix=f"/webhooks/{self.channel.url_prefix()}",
        )
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        self._server = await app.create_server(
            sock=sock, return_asyncio_server=True, access_log=False
        )
        await self._server.startup()
        port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/webhooks/{self.channel.url_prefix()}"
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        runner = getattr(self.channel, "runner", None)
        if runner is not None:
            await runner.wait()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def request(
        self,
        method: str,
        path: str,
        *,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> tuple[int, str, dict[str, str]]:
        """Sends a request to the channel; its status, body and headers."""
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                method, self.url + path, data=data, headers=dict(headers or {}), params=params
            ) as answer,
        ):
            return answer.status, await answer.text(), dict(answer.headers)

    async def post(
        self, path: str, data: bytes, headers: Mapping[str, str] | None = None
    ) -> tuple[int, str, dict[str, str]]:
        """POSTs ``data`` to the channel."""
        return await self.request("POST", path, data=data, headers=headers)

    async def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[UserMessage]:
        """Waits until at least ``count`` messages reached the bot; all of them."""
        deadline = asyncio.get_running_loop().time() + timeout
        while len(self.messages) < count and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.02)
        runner = getattr(self.channel, "runner", None)
        if runner is not None:
            await runner.wait()
        return list(self.messages)
