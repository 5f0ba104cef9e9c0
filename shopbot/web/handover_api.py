"""The hand-over HTTP API for support agents (the support-lead console builds on it).

Every route needs ``Authorization: Bearer <agent token>`` (``shopbot handover agent add``
prints one). Routes, under ``/api/handover``:

    GET  /me                              the agent the token belongs to
    GET  /tickets?status=active|open|assigned|closed&limit=50&cursor=...
                                          a page, newest activity first: the agent's tickets
                                          and unassigned ones; ``next_cursor`` for the next
    GET  /tickets/<number>                the ticket, its transcript, whether the bot is paused
                                          (another agent's ticket is unknown: 404; a closed
                                          one's transcript ends at its closing)
    POST /tickets/<number>/take           the agent owns the ticket; the shopper is told
    POST /tickets/<number>/messages       {"text": "..."}: to the shopper, on their channel
    POST /tickets/<number>/handback       the ticket closes, the bot resumes with context

Errors are JSON ``{"error": code, "message": text}``: 400 bad request, 401 no or bad token
(a malformed ``Authorization`` header too: non-ASCII, another scheme, not a token),
404 unknown ticket, 409 the ticket is closed or another agent's, 502 the Rasa server does
not answer, 503 the database does not. Request bodies are never echoed back.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import Any, TypeVar

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

from core.db.database import Database
from core.errors import (
    DatabaseUnavailable,
    HandoverError,
    NotFoundError,
    RasaUnavailable,
    ShopbotError,
)
from core.settings import Settings
from core.views import AgentView
from knowledge.responses import ResponseCatalog
from shop.handover import (
    OPEN_STATUSES,
    AgentDirectory,
    Cursor,
    HandoverService,
    page_request,
)
from shop.rasa_api import RasaClient
from shop.support import HandoverDesk, TicketDetail

__all__ = ["bearer_token", "handover_blueprint"]

T = TypeVar("T")
Handler = Callable[..., Awaitable[HTTPResponse]]
_STATUSES = {"active": OPEN_STATUSES, "open": ("open",), "assigned": ("assigned",)}
_STATUSES["closed"] = ("closed",)
_ERRORS: tuple[tuple[type[ShopbotError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (HandoverError, 409, "conflict"),
    (RasaUnavailable, 502, "rasa_unavailable"),
    (DatabaseUnavailable, 503, "database_unavailable"),
)


def _detail_json(detail: TicketDetail) -> dict[str, Any]:
    return {
        "ticket": detail.ticket.to_dict(),
        "paused": detail.paused,
        "transcript": [line.to_dict() for line in detail.transcript],
    }


def _error(status: int, code: str, message: str) -> HTTPResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="shopbot"'} if status == 401 else None
    return json({"error": code, "message": message}, status=status, headers=headers)


#: RFC 6750's b64token, at most 256 characters (agent tokens are 43).
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]{1,256}=*")


def bearer_token(header: str) -> str:
    """The token of ``Bearer <token>``; empty for anything else (another scheme, non-ASCII
    or control characters, a token of characters no token has), so it is refused with 401."""
    if not header.isascii() or not header.isprintable():
        return ""
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not _TOKEN.fullmatch(token):
        return ""
    return token


def _page_arguments(request: Request) -> tuple[int, Cursor | None]:
    """``limit`` and ``cursor`` of the list (:func:`shop.handover.page_request`)."""
    return page_request(request.args.get("limit"), request.args.get("cursor"))


def handover_blueprint(settings: Settings) -> Blueprint:
    """Routes under ``/api/handover`` (authenticated with an agent's bearer token)."""
    database = Database(settings.database_url)
    agents = AgentDirectory(database)
    responses = ResponseCatalog.load(
        settings.domain_file,
        settings.responses_dir,
        settings.reply_languages,
        settings.response_registers,
    )
    desk = HandoverDesk(
        HandoverService(database),
        partial(RasaClient, settings.rasa_url, settings.rasa_token, 10),
        responses,
    )
    api = Blueprint("handover_api", url_prefix="/api/handover")

    async def run(function: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(function, *args)

    def agent_only(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            try:
                agent = await run(
                    agents.authenticate, bearer_token(request.headers.get("authorization", ""))
                )
            except DatabaseUnavailable:
                return _error(503, "database_unavailable", "the database does not answer")
            if agent is None:
                return _error(401, "unauthorized", "an agent token is needed")
            try:
                return await handler(request, agent, *args, **kwargs)
            except ShopbotError as error:
                for kind, status, code in _ERRORS:
                    if isinstance(error, kind):
                        return _error(status, code, str(error))
                return _error(400, "bad_request", str(error))

        return guarded

    @api.get("/me")
    @agent_only
    async def me(request: Request, agent: AgentView) -> HTTPResponse:
        return json({"name": agent.name})

    @api.get("/tickets")
    @agent_only
    async def tickets(request: Request, agent: AgentView) -> HTTPResponse:
        status = request.args.get("status", "active")
        if status not in _STATUSES:
            return _error(400, "bad_request", f"status is one of {', '.join(_STATUSES)}")
        try:
            limit, after = _page_arguments(request)
        except ValueError as error:
            return _error(400, "bad_request", str(error))
        page = await run(
            partial(desk.tickets, _STATUSES[status], agent=agent.name, limit=limit, after=after)
        )
        return json(
            {
                "tickets": [ticket.to_dict() for ticket in page.tickets],
                "next_cursor": page.next_cursor,
            }
        )

    @api.get("/tickets/<number:str>")
    @agent_only
    async def ticket(request: Request, agent: AgentView, number: str) -> HTTPResponse:
        return json(_detail_json(await run(desk.detail, number, agent.name)))

    @api.post("/tickets/<number:str>/take")
    @agent_only
    async def take(request: Request, agent: AgentView, number: str) -> HTTPResponse:
        return json({"ticket": (await run(desk.take, number, agent.name)).to_dict()})

    @api.post("/tickets/<number:str>/messages")
    @agent_only
    async def message(request: Request, agent: AgentView, number: str) -> HTTPResponse:
        try:
            body = request.json
        except Exception:
            body = None
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            return _error(400, "bad_request", 'send {"text": "..."}')
        sent = await run(desk.say, number, agent.name, text)
        return json({"ticket_number": sent.ticket_number, "agent": sent.agent}, status=201)

    @api.post("/tickets/<number:str>/handback")
    @agent_only
    async def handback(request: Request, agent: AgentView, number: str) -> HTTPResponse:
        return json({"ticket": (await run(desk.hand_back, number, agent.name)).to_dict()})

    return api
