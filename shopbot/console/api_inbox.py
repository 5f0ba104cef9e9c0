"""The agent inbox's JSON API (agents and up), used by ``web/console/inbox.js``.

    GET  /console/api/inbox/tickets?status=active|open|assigned&limit=50&cursor=...
                                              a page of tickets, newest activity first,
                                              each with its conversation's language,
                                              channel, sentiment trend and verified order
    GET  /console/api/inbox/tickets/<number>  the ticket, its transcript, whether the bot
                                              is paused, what the user may do with it
    POST /console/api/inbox/tickets/<number>/take      the ticket is the user's; the
                                                       shopper hears a person joined
    POST /console/api/inbox/tickets/<number>/messages  {"text"}: to the shopper on their
                                                       channel (201)
    POST /console/api/inbox/tickets/<number>/handback  the ticket closes, the bot resumes

Everything goes through the hand-over desk (:class:`shop.support.HandoverDesk`), as
``shopbot handover`` and ``/api/handover`` do; the console user's name is the agent's.
An agent sees only the tickets assigned to them or to nobody: another agent's ticket is
unknown to them (404) for every route. Leads and admins see every ticket and act as
themselves (another agent's ticket: 409). The transcript is redacted unless the user holds
the ticket and it is open (they are answering the shopper). State-changing calls need the
session's CSRF token (``requires``). Errors are ``{"error", "message"}``: 400 refused
input, 404 no such ticket, 409 closed or another's, 502 Rasa, 503 the database.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from core.errors import DatabaseError, HandoverError, NotFoundError, RasaUnavailable
from core.redaction import redact
from core.views import TicketView
from shop.accounts import Role, UserView
from shop.handover import OPEN_STATUSES, Cursor, page_request
from shop.support import TicketDetail
from shop.support.desk import AGENT_MESSAGE_CHARACTERS
from shopbot.console.auth import requires
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.inbox_data import InboxState, conversation_facts, ticket_json, viewer_of
from shopbot.console.responses import in_thread, json_error

__all__ = ["INBOX_API", "STATUSES", "add_inbox_api", "may_read_unredacted"]

INBOX_API = f"{CONSOLE_PREFIX}/api/inbox"
TICKET = f"{INBOX_API}/tickets/<number:str>"
#: ``?status=`` of the list: the statuses each stands for.
STATUSES: dict[str, tuple[str, ...]] = {
    "active": OPEN_STATUSES,
    "open": ("open",),
    "assigned": ("assigned",),
}
#: A ticket number as the desk makes them (``T-000123``); anything else is unknown.
_TICKET_NUMBER = re.compile(r"T-[0-9]{6,12}")
#: A reply's request body (a message of 4,000 characters fits many times).
MAX_BODY_BYTES = 64 * 1024
Handler = Callable[..., Awaitable[HTTPResponse]]


def may_read_unredacted(ticket: TicketView, user: UserView) -> bool:
    """Whether ``user`` reads the ticket's conversation unredacted: only while they hold
    it and it is open, i.e. while they answer the shopper."""
    return ticket.status == "assigned" and ticket.assigned_agent == user.username


def _detail_json(detail: TicketDetail, user: UserView, row: dict[str, Any]) -> dict[str, Any]:
    ticket = detail.ticket
    plain = may_read_unredacted(ticket, user)
    lines = []
    for line in detail.transcript:
        data = line.to_dict()
        if not plain:
            data["text"] = redact(str(data["text"]))
        lines.append(data)
    open_ticket = ticket.status != "closed"
    holder = ticket.assigned_agent
    return {
        "ticket": row,
        "paused": detail.paused,
        "transcript": lines,
        "redacted": not plain,
        "can_take": open_ticket and holder is None,
        "can_reply": open_ticket and holder == user.username,
        "can_hand_back": open_ticket and holder == user.username,
    }


def _reply_text(request: Request) -> str:
    """The reply's text; :class:`ValueError` when the body is no ``{"text": "..."}``."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        raise ValueError("the request is too big")
    try:
        body = request.json
    except Exception as error:  # Sanic raises its own BadRequest on malformed JSON
        raise ValueError('send {"text": "..."}') from error
    text = body.get("text") if isinstance(body, dict) else None
    if not isinstance(text, str):
        raise ValueError('send {"text": "..."}')
    text = text.strip()
    if not text:
        raise ValueError("the message is empty")
    if len(text) > AGENT_MESSAGE_CHARACTERS:
        raise ValueError(f"a message has at most {AGENT_MESSAGE_CHARACTERS} characters")
    return text


def _page_arguments(request: Request) -> tuple[tuple[str, ...], int, Cursor | None]:
    """The list's statuses, ``limit`` and ``cursor``; ValueError when one is not understood."""
    status = request.args.get("status", "active")
    if status not in STATUSES:
        raise ValueError(f"status is one of {', '.join(STATUSES)}")
    limit, cursor = page_request(request.args.get("limit"), request.args.get("cursor"))
    return STATUSES[status], limit, cursor


def answers_errors(handler: Handler) -> Handler:
    """Unknown ticket numbers are 404 before anything runs; the desk's refusals become
    JSON errors."""

    @wraps(handler)
    async def answering(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        number = kwargs.get("number")
        if isinstance(number, str) and not _TICKET_NUMBER.fullmatch(number):
            return json_error(404, "not_found", "no ticket has this number")
        try:
            return await handler(request, *args, **kwargs)
        except ValueError as error:
            return json_error(400, "bad_request", str(error))
        except NotFoundError:
            return json_error(404, "not_found", "no ticket has this number")
        except HandoverError as error:
            return json_error(409, "conflict", str(error))
        except RasaUnavailable:
            return json_error(502, "rasa_unavailable", "the Rasa server does not answer")
        except DatabaseError:
            return json_error(503, "database_unavailable", "the database does not answer")

    return answering


def add_inbox_api(blueprint: Blueprint, inbox: InboxState) -> None:
    """Add the inbox's JSON routes to ``blueprint``."""
    desk, tickets, database = inbox.desk, inbox.tickets, inbox.database

    async def row(ticket: TicketView, user: UserView) -> dict[str, Any]:
        facts = await in_thread(conversation_facts, database, [ticket.conversation_id])
        return ticket_json(ticket, facts.get(ticket.conversation_id), user.username)

    async def visible(request: Request, number: str) -> UserView:
        """The user, once the ticket is known to be theirs to see (else NotFoundError)."""
        user: UserView = request.ctx.user
        await in_thread(tickets.get, number, viewer_of(user))
        return user

    @blueprint.get(f"{INBOX_API}/tickets")
    @requires(Role.AGENT)
    @answers_errors
    async def list_tickets(request: Request) -> HTTPResponse:
        user: UserView = request.ctx.user
        statuses, limit, after = _page_arguments(request)
        page = await in_thread(
            partial(desk.tickets, statuses, agent=viewer_of(user), limit=limit, after=after)
        )
        ids = [ticket.conversation_id for ticket in page.tickets]
        facts = await in_thread(conversation_facts, database, ids)
        return json(
            {
                "tickets": [
                    ticket_json(ticket, facts.get(ticket.conversation_id), user.username)
                    for ticket in page.tickets
                ],
                "next_cursor": page.next_cursor,
                "me": user.username,
                "everyone": viewer_of(user) is None,
            }
        )

    @blueprint.get(TICKET)
    @requires(Role.AGENT)
    @answers_errors
    async def ticket_detail(request: Request, number: str) -> HTTPResponse:
        user: UserView = request.ctx.user
        detail = await in_thread(desk.detail, number, viewer_of(user))
        return json(_detail_json(detail, user, await row(detail.ticket, user)))

    @blueprint.post(f"{TICKET}/take")
    @requires(Role.AGENT)
    @answers_errors
    async def take(request: Request, number: str) -> HTTPResponse:
        user = await visible(request, number)
        taken = await in_thread(desk.take, number, user.username)
        return json({"ticket": await row(taken, user)})

    @blueprint.post(f"{TICKET}/messages")
    @requires(Role.AGENT)
    @answers_errors
    async def message(request: Request, number: str) -> HTTPResponse:
        user = await visible(request, number)
        text = _reply_text(request)
        sent = await in_thread(desk.say, number, user.username, text)
        return json({"ticket_number": sent.ticket_number, "agent": sent.agent}, status=201)

    @blueprint.post(f"{TICKET}/handback")
    @requires(Role.AGENT)
    @answers_errors
    async def hand_back(request: Request, number: str) -> HTTPResponse:
        user = await visible(request, number)
        closed = await in_thread(desk.hand_back, number, user.username)
        return json({"ticket": await row(closed, user)})
