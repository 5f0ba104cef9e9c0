"""Helpers of the agent inbox's tests: a stand-in for the part of Rasa's HTTP API the
hand-over desk uses, and a real ``python -m shopbot.web`` pointed at it.

:class:`StandInRasa` answers ``GET /conversations/<id>/tracker`` and
``POST /conversations/<id>/tracker/events`` over HTTP on loopback, checks the API token,
keeps every conversation's events, records each append with its query (``output_channel``,
``execute_side_effects``) and, as Rasa's SQL event broker does, publishes every event to
the broker table the web server's event consumer folds into the conversation summaries.

:func:`inbox_console` starts the web server on a fresh database with users ada (admin), lee
(lead), sam and kim (agents), all with :data:`~tests.console.support.PASSWORD`.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import PROJECT_ROOT, Settings
from core.views import TicketView
from shop.accounts import Accounts
from shop.conversations import rebuild_summaries
from shop.handover import HandoverService
from shopbot.runtime import free_port, web_server
from tests.console.conftest import ConsoleServer
from tests.console.rasa_events import publish
from tests.console.support import PASSWORD, secret

__all__ = ["AGENTS", "Append", "InboxConsole", "StandInRasa", "inbox_console"]

#: The users of the inbox's server: name -> role.
AGENTS = {"ada": "admin", "lee": "lead", "sam": "agent", "kim": "agent"}


@dataclass(frozen=True)
class Append:
    """One ``POST .../tracker/events`` the stand-in received."""

    sender: str
    query: dict[str, str]
    events: list[dict[str, Any]]


class StandInRasa:
    """Rasa's tracker routes, with the events published to a broker table as Rasa does."""

    def __init__(self, token: str, broker: Path) -> None:
        self.token = token
        self.broker = broker
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.appends: list[Append] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Its base URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> StandInRasa:
        """Serve in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.shutdown()
        self._server.server_close()

    def add(self, sender: str, events: list[dict[str, Any]]) -> None:
        """Store ``events`` in the conversation and publish them to the broker."""
        with self._lock:
            self.events.setdefault(sender, []).extend(events)
        publish(self.broker, [(sender, event) for event in events])

    def shopper_says(
        self,
        sender: str,
        text: str,
        *,
        channel: str = "socketio",
        language: str = "en",
        sentiment: float | None = 0.0,
    ) -> None:
        """A shopper's message, as Rasa stores a parsed one."""
        parse_data: dict[str, Any] = {
            "text": text,
            "intent": {"name": "nlu_fallback", "confidence": 0.3},
            "intent_ranking": [],
            "entities": [],
            "language": {"language": language, "confidence": 0.99},
        }
        if sentiment is not None:
            label = "negative" if sentiment < -0.2 else "positive" if sentiment > 0.2 else "neutral"
            parse_data["sentiment"] = {"label": label, "score": sentiment, "confidence": 0.8}
        event = {
            "event": "user",
            "timestamp": time.time(),
            "text": text,
            "parse_data": parse_data,
            "input_channel": channel,
            "message_id": f"m-{time.monotonic_ns()}",
            "metadata": {},
        }
        self.add(sender, [event])

    def texts(self, sender: str, kind: str = "bot") -> list[str]:
        """The texts of the conversation's ``kind`` events."""
        with self._lock:
            events = list(self.events.get(sender, []))
        return [str(event.get("text") or "") for event in events if event.get("event") == kind]

    def _tracker(self, sender: str) -> dict[str, Any]:
        with self._lock:
            events = list(self.events.get(sender, []))
        paused = False
        for event in events:
            if event.get("event") in ("pause", "resume"):
                paused = event["event"] == "pause"
        return {
            "sender_id": sender,
            "events": events,
            "paused": paused,
            "slots": {"language": "en"},
            "latest_input_channel": "socketio",
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        rasa = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def _answer(self, status: int, body: object) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self) -> tuple[list[str], dict[str, str]] | None:
                parts = urlsplit(self.path)
                query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
                if query.get("token") != rasa.token:
                    self._answer(401, {"message": "token"})
                    return None
                return [unquote(part) for part in parts.path.strip("/").split("/")], query

            def do_GET(self) -> None:
                route = self._route()
                if route is None:
                    return
                path, _ = route
                if len(path) == 3 and path[0] == "conversations" and path[2] == "tracker":
                    self._answer(200, rasa._tracker(path[1]))
                else:
                    self._answer(404, {"message": "not found"})

            def do_POST(self) -> None:
                route = self._route()
                if route is None:
                    return
                path, query = route
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                if path[:1] != ["conversations"] or path[2:] != ["tracker", "events"]:
                    self._answer(404, {"message": "not found"})
                    return
                events = body if isinstance(body, list) else [body]
                rasa.appends.append(Append(path[1], query, events))
                rasa.add(path[1], events)
                self._answer(200, {"sender_id": path[1]})

        return Handler


@dataclass
class InboxConsole:
    """The running console and the stand-in Rasa server behind its desk."""

    console: ConsoleServer
    rasa: StandInRasa

    @property
    def url(self) -> str:
        """The console's base URL."""
        return self.console.url

    def open_ticket(
        self,
        conversation_id: str,
        *,
        reason: str = "requested",
        summary: str = "",
        channel: str = "socketio",
        language: str = "en",
    ) -> TicketView:
        """A hand-over ticket, as the action server opens one (the conversation paused)."""
        ticket = HandoverService(self.console.database).open_ticket(
            conversation_id, reason, summary, channel=channel, language=language
        )
        self.rasa.add(conversation_id, [{"event": "pause", "timestamp": time.time()}])
        return ticket


@contextmanager
def inbox_console(folder: Path) -> Iterator[InboxConsole]:
    """``python -m shopbot.web`` with its desk on a :class:`StandInRasa` and its event
    consumer on the stand-in's broker table."""
    url = f"sqlite:///{folder / 'shop.db'}"
    broker = folder / "events.db"
    publish(broker, [])  # the broker's table, as Rasa makes it
    token = secret()
    rasa = StandInRasa(token, broker).start()
    env = {
        "DATABASE_URL": url,
        "SHOPBOT_ENVIRONMENT": "test",
        "SHOPBOT_RASA_URL": rasa.url,
        "SHOPBOT_RASA_TOKEN": token,
        "SHOPBOT_ACTION_TOKEN": secret(),
        "SHOPBOT_CLIENT_KEY_SECRET": secret(),
        "SHOPBOT_TRACKER_DB": str(folder / "tracker.db"),
        "SHOPBOT_EVENTS_DB": str(broker),
        "SHOPBOT_CONSOLE_LOGIN_CLIENT_FAILURES": "60",
    }
    database = Database(url)
    upgrade(database)
    settings = Settings(
        database_url=url,
        rasa_url=rasa.url,
        rasa_token=token,
        client_key_secret=env["SHOPBOT_CLIENT_KEY_SECRET"],
        tracker_db=folder / "tracker.db",
    )
    users = Accounts.build(database, settings).users
    for name, role in AGENTS.items():
        users.create(name, role, PASSWORD)
    tracker = Database(f"sqlite:///{folder / 'tracker.db'}")
    try:  # the consumer's cursor: from now on it follows the broker from its start
        rebuild_summaries(database, tracker)
    finally:
        tracker.dispose()
    log = PROJECT_ROOT / "test-artifacts" / "console" / f"web-{folder.name}.log"
    try:
        with web_server(free_port(), env, log) as running:
            yield InboxConsole(ConsoleServer(running, database, settings, env), rasa)
    finally:
        rasa.stop()
        database.dispose()
