"""Exports of the filtered conversations (leads and admins), streamed as they are read.

    GET /console/api/exports/conversations.csv     one row per conversation
    GET /console/api/exports/conversations.jsonl   one line per conversation, every turn

Both take the list page's query parameters (:mod:`shopbot.console.conversation_query`;
page and size are ignored: every match is exported, in the list's order) and answer 400
to one not understood. The body is sent in chunks (:mod:`shop.conversation_exports`): the
server never holds the whole export. Redacted, with keyed pseudonyms of the conversations.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import cast

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from core.db.database import Database
from core.errors import DatabaseError
from shop.accounts import Role
from shop.conversation_exports import csv_chunks, jsonl_chunks
from shop.conversations import ConversationFilters, Sort
from shopbot.console.auth import requires
from shopbot.console.conversation_query import args_of, parse_list_query
from shopbot.console.conversation_state import ConversationsState
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.responses import in_thread, json_error

__all__ = ["EXPORTS", "add_export_routes"]

logger = logging.getLogger(__name__)

Chunks = Callable[[Database, ConversationFilters, Sort, str], Iterator[str]]
#: file name -> (content type, the chunks' maker).
EXPORTS: dict[str, tuple[str, Chunks]] = {
    "conversations.csv": ("text/csv; charset=utf-8", csv_chunks),
    "conversations.jsonl": ("application/x-ndjson; charset=utf-8", jsonl_chunks),
}
_DONE = object()


def _next(chunks: Iterator[str]) -> object:
    return next(chunks, _DONE)


def add_export_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    """Add the export routes to ``blueprint``."""
    database, settings = state.database, state.settings

    async def stream(request: Request, name: str) -> HTTPResponse | None:
        """The export, or an error; None once streamed (Sanic sends nothing more; the
        routes cast it for ``requires``, whose handlers answer a response)."""
        query = parse_list_query(args_of(request))
        bad = [problem for problem in query.problems if problem not in ("page", "size")]
        if bad:
            return json_error(400, "bad_request", f"not understood: {', '.join(bad)}")
        content_type, make = EXPORTS[name]
        secret = settings.require_secret("client_key_secret")
        chunks = make(database, query.filters, query.sort, secret)
        try:  # the first chunk before the headers: a database that is down gets a 503
            first = await in_thread(_next, chunks)
        except DatabaseError:
            return json_error(503, "database_unavailable", "the database does not answer")
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
        stem, suffix = name.rsplit(".", 1)
        response = await request.respond(
            content_type=content_type,
            headers={"Content-Disposition": f'attachment; filename="{stem}-{stamp}.{suffix}"'},
        )
        piece = first
        try:
            while isinstance(piece, str):
                await response.send(piece)
                piece = await in_thread(_next, chunks)
        except DatabaseError:  # headers are gone: end the body early, the log says why
            logger.warning("a conversation export stopped: the database failed")
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        await response.eof()
        return None

    @blueprint.get(f"{CONSOLE_PREFIX}/api/exports/conversations.csv")
    @requires(Role.LEAD)
    async def export_csv(request: Request) -> HTTPResponse:
        return cast(HTTPResponse, await stream(request, "conversations.csv"))

    @blueprint.get(f"{CONSOLE_PREFIX}/api/exports/conversations.jsonl")
    @requires(Role.LEAD)
    async def export_jsonl(request: Request) -> HTTPResponse:
        return cast(HTTPResponse, await stream(request, "conversations.jsonl"))
