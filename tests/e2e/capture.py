"""A stand-in for the messaging platforms' HTTP APIs: records every request, answers 200.

The channels under test send their replies here (each channel's ``api_url`` points at
``CaptureServer.url + "/<platform>"``), so tests see exactly what would have gone out and
nothing ever leaves the machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = ["CaptureServer", "CapturedRequest"]

#: One answer that satisfies every platform client: Telegram's ``ok``, Twilio's ``sid``,
#: Messenger's ``message_id``, Slack's ``ok`` and ``ts``.
REPLY = {"ok": True, "result": {"message_id": 1}, "sid": "SM0000", "message_id": "m.1", "ts": "1"}


@dataclass(frozen=True)
class CapturedRequest:
    """One request a channel sent to a platform."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def platform(self) -> str:
        """The first path segment: telegram, slack, twilio or messenger."""
        return self.path.lstrip("/").split("/", 1)[0]

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        """The body as a form (Twilio), one value per field."""
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}

    def text(self) -> str:
        """Everything readable in the body, for assertions that do not care about layout."""
        return self.body.decode("utf-8", errors="replace")


@dataclass
class CaptureServer:
    """A threaded HTTP server on loopback that keeps what it receives."""

    requests: list[CapturedRequest] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:43123``."""
        assert self._server is not None, "start() the capture server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> CaptureServer:
        """Listen on a free port in a background thread."""
        capture = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with capture._lock:
                    capture.requests.append(
                        CapturedRequest(self.command, self.path, dict(self.headers), body)
                    )
                payload = json.dumps(REPLY).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _record  # noqa: N815

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def taken(self, platform: str) -> list[CapturedRequest]:
        """The requests sent to ``platform`` so far."""
        with self._lock:
            return [request for request in self.requests if request.platform == platform]

    def wait_for(
        self,
        platform: str,
        predicate: Callable[[CapturedRequest], bool] = lambda request: True,
        count: int = 1,
        timeout: float = 30,
    ) -> list[CapturedRequest]:
        """Wait until ``count`` requests to ``platform`` match ``predicate``; return them.

        Raises AssertionError with what did arrive when they do not come in time.
        """
        deadline = time.monotonic() + timeout
        while True:
            matching = [request for request in self.taken(platform) if predicate(request)]
            if len(matching) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        if len(matching) < count:
            seen = [request.path for request in self.taken(platform)]
            raise AssertionError(f"{count} {platform} request(s) expected, got {seen}")
        return matching
