"""The inbox's live updates: server-sent events (``text/event-stream``).

    GET /console/api/inbox/events     agents and up, with the console's session cookie

Every :data:`POLL_SECONDS` the stream compares the open tickets the user sees (and their
conversations' latest activity in the summaries, which the web server's event consumer
keeps current) with what it last saw, and tells the page what changed; the page then
fetches the JSON it needs (:mod:`shopbot.console.api_inbox`). Events:

    retry: 3000                           how long the browser waits before reconnecting
    event: ready     {"poll_seconds"}     the stream watches from now on (fetch the list)
    event: tickets   {"tickets": [...]}   tickets appeared, changed status or owner, or left
    event: messages  {"tickets": [...],   these tickets' conversations have news (messages,
                      "shopper": [...]}   a first summary); of these, new shopper messages
    event: signed-out {}                  the session ended: sign in again
    : keep-alive                          a comment every :data:`HEARTBEAT_SECONDS`

One read of the database serves every open stream (:class:`ActivityWatch`: at most one
query per poll, however many agents watch). A stream ends when the client goes away (Sanic
cancels the handler), when the server stops, when the session ends (checked before every
event, and every :data:`SESSION_CHECK_SECONDS`), and after :data:`MAX_STREAM_SECONDS` (the
browser reconnects, and the gate checks the session again); at most :data:`MAX_STREAMS`
streams are open at once (then 503).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from core.db.database import Database
from core.errors import DatabaseError
from shop.accounts import Accounts, Role, UserView
from shopbot.console.api_inbox import INBOX_API
from shopbot.console.auth import SESSION_COOKIE, current_session, requires
from shopbot.console.inbox_data import TicketActivity, activity_snapshot, viewer_of
from shopbot.console.responses import in_thread, json_error

__all__ = [
    "EVENTS_PATH",
    "HEARTBEAT_SECONDS",
    "MAX_STREAMS",
    "MAX_STREAM_SECONDS",
    "POLL_SECONDS",
    "ActivityWatch",
    "Changes",
    "SeenTickets",
    "add_inbox_stream",
    "sse",
]

logger = logging.getLogger(__name__)

EVENTS_PATH = f"{INBOX_API}/events"
POLL_SECONDS = 1.5
HEARTBEAT_SECONDS = 15.0
SESSION_CHECK_SECONDS = 30.0
MAX_STREAM_SECONDS = 600.0
MAX_STREAMS = 100
RETRY_MILLISECONDS = 3000
Snapshot = tuple[TicketActivity, ...]


def sse(event: str, data: Mapping[str, object]) -> str:
    """One server-sent event (its data is one line of JSON)."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@dataclass
class ActivityWatch:
    """The open tickets' activity, read at most once per ``seconds`` for every stream."""

    database: Database
    seconds: float = POLL_SECONDS
    clock: Callable[[], float] = time.monotonic
    read: Callable[[Database], Snapshot] = activity_snapshot
    streams: int = 0
    #: Set when the server stops: every stream ends at its next poll.
    stopping: bool = False
    _value: Snapshot | None = field(default=None, init=False)
    _read_at: float = field(default=0.0, init=False)
    _lock: asyncio.Lock | None = field(default=None, init=False)
    _failing: bool = field(default=False, init=False)

    async def snapshot(self, read_since: float | None = None) -> Snapshot | None:
        """The latest snapshot (read again when older than most of ``seconds``, or begun
        before ``read_since`` on :attr:`clock`); None while the database does not answer
        (logged once)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            now = self.clock()
            stale = self._value is None or now - self._read_at >= self.seconds * 0.8
            if stale or (read_since is not None and self._read_at < read_since):
                try:
                    self._value = await in_thread(self.read, self.database)
                except DatabaseError as error:
                    if not self._failing:
                        logger.warning("the inbox's live updates cannot read tickets: %s", error)
                    self._failing = True
                    return None
                self._failing = False
                self._read_at = now
            return self._value


@dataclass(frozen=True)
class Changes:
    """What changed for one stream between two snapshots (ticket numbers, sorted)."""

    #: Tickets that appeared, changed status or owner, or left the user's view.
    tickets: list[str]
    #: Tickets whose conversation has new activity (a message, the summary's first fold).
    conversations: list[str]
    #: Of those, the ones with new messages from the shopper.
    shopper: list[str]


@dataclass
class SeenTickets:
    """What one stream last told its page about: the tickets its user sees."""

    viewer: str | None
    tickets: dict[str, tuple[str, str | None, datetime | None]] = field(default_factory=dict)
    conversations: dict[str, tuple[datetime | None, int]] = field(default_factory=dict)

    def update(self, snapshot: Snapshot) -> Changes:
        """Take in ``snapshot`` and say what changed since the last one."""
        tickets: dict[str, tuple[str, str | None, datetime | None]] = {}
        conversations: dict[str, tuple[datetime | None, int]] = {}
        for item in snapshot:
            if item.visible_to(self.viewer):
                number = item.ticket_number
                tickets[number] = (item.status, item.assigned_agent, item.ticket_activity)
                conversations[number] = (item.conversation_activity, item.shopper_messages)
        changed = [
            number
            for number in sorted(tickets.keys() | self.tickets.keys())
            if tickets.get(number) != self.tickets.get(number)
        ]
        known = {
            number: now for number, now in conversations.items() if number in self.conversations
        }
        active = [n for n, now in sorted(known.items()) if _later(now[0], self.conversations[n][0])]
        shopper = [n for n in active if known[n][1] > self.conversations[n][1]]
        self.tickets, self.conversations = tickets, conversations
        return Changes(changed, active, shopper)


def _later(moment: datetime | None, before: datetime | None) -> bool:
    return moment is not None and (before is None or moment > before)


@dataclass
class _Stream:
    """One open stream: its user, session token and when it must end."""

    user: UserView
    token: str
    ends_at: float
    send: Callable[[str], Awaitable[None]]


async def _session_lives(accounts: Accounts, stream: _Stream) -> bool:
    """Whether the stream's session still lives (a database hiccup does not end it)."""
    try:
        session = await in_thread(accounts.sessions.resolve, stream.token)
    except DatabaseError:
        return True
    return (
        session is not None
        and session.user.username == stream.user.username
        and session.user.role is stream.user.role
    )


async def _follow(watch: ActivityWatch, accounts: Accounts, stream: _Stream) -> None:
    """Send the page what changes until the stream must end (or the session does)."""
    seen = SeenTickets(viewer_of(stream.user))
    # Read now, not the shared snapshot of up to a poll ago: a ticket opened since would
    # be missing from it, and if it were taken before the next poll, this page would
    # never hear of it leaving (the list the page fetches after "ready" is read now too).
    first = await watch.snapshot(read_since=watch.clock())
    if first is not None:
        seen.update(first)
    await stream.send(f"retry: {RETRY_MILLISECONDS}\n\n")
    await stream.send(sse("ready", {"poll_seconds": watch.seconds}))
    last_sent = last_check = time.monotonic()
    while True:
        await asyncio.sleep(watch.seconds)
        now = time.monotonic()
        if now >= stream.ends_at or watch.stopping:
            return
        snapshot = await watch.snapshot()
        changes = seen.update(snapshot) if snapshot is not None else Changes([], [], [])
        # The session is checked before anything is told, and every so often anyway.
        if changes.tickets or changes.conversations or now - last_check >= SESSION_CHECK_SECONDS:
            last_check = now
            if not await _session_lives(accounts, stream):
                await stream.send(sse("signed-out", {}))
                return
        if changes.tickets:
            await stream.send(sse("tickets", {"tickets": changes.tickets}))
            last_sent = now
        if changes.conversations:
            news = {"tickets": changes.conversations, "shopper": changes.shopper}
            await stream.send(sse("messages", news))
            last_sent = now
        if now - last_sent >= HEARTBEAT_SECONDS:
            await stream.send(": keep-alive\n\n")
            last_sent = now


def add_inbox_stream(blueprint: Blueprint, watch: ActivityWatch, accounts: Accounts) -> None:
    """Add the event stream's route to ``blueprint`` (and end the streams when the server
    stops, so that it need not wait for them)."""

    @blueprint.before_server_stop
    async def stop_streams(app: object) -> None:
        watch.stopping = True

    @blueprint.get(EVENTS_PATH)
    @requires(Role.AGENT)
    async def events(request: Request) -> HTTPResponse:
        session = await current_session(request)
        token = request.cookies.get(SESSION_COOKIE) or ""
        if session is None:  # requires() saw it; it cannot be gone
            return json_error(401, "unauthorized", "sign in to the console first")
        if watch.streams >= MAX_STREAMS:
            return json_error(503, "busy", "too many live updates are open; try again soon")
        remaining = session.expires_at.timestamp() - time.time()
        response = await request.respond(
            content_type="text/event-stream; charset=utf-8",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )
        stream = _Stream(
            user=session.user,
            token=token,
            ends_at=time.monotonic() + max(0.0, min(MAX_STREAM_SECONDS, remaining)),
            send=response.send,
        )
        watch.streams += 1
        try:
            await _follow(watch, accounts, stream)
            await response.eof()
        finally:  # also when the client went away (Sanic cancels this task)
            watch.streams -= 1
        return cast(HTTPResponse, None)  # streamed: Sanic sends nothing more
