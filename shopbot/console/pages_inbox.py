"""The agent inbox (agents and up): hand-over tickets, live, with the conversation beside
the reply box.

    GET /console/inbox[?ticket=T-000123]    the page (its script opens the ticket named)

:func:`inbox_blueprint` also carries the page's JSON API
(:mod:`shopbot.console.api_inbox`: list, detail, take, reply, hand back, all through the
hand-over desk) and its live updates (:mod:`shopbot.console.inbox_stream`: server-sent
events). docs/console.md, "The agent inbox", describes it.
"""

from __future__ import annotations

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from shop.accounts import Role
from shop.support.desk import AGENT_MESSAGE_CHARACTERS
from shopbot.console.api_inbox import INBOX_API, add_inbox_api
from shopbot.console.auth import ConsoleState, requires
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.inbox_data import InboxState, viewer_of
from shopbot.console.inbox_stream import EVENTS_PATH, ActivityWatch, add_inbox_stream
from shopbot.console.rendering import render_page

__all__ = ["INBOX_PATH", "inbox_blueprint"]

INBOX_PATH = f"{CONSOLE_PREFIX}/inbox"


def inbox_blueprint(state: ConsoleState) -> Blueprint:
    """The inbox page, its JSON API and its event stream."""
    blueprint = Blueprint("console_inbox")
    inbox = InboxState.of(state)

    @blueprint.get(INBOX_PATH)
    @requires(Role.AGENT)
    async def inbox_page(request: Request) -> HTTPResponse:
        return render_page(
            request,
            "inbox.html",
            api=INBOX_API,
            events=EVENTS_PATH,
            everyone=viewer_of(request.ctx.user) is None,
            max_characters=AGENT_MESSAGE_CHARACTERS,
        )

    add_inbox_api(blueprint, inbox)
    add_inbox_stream(blueprint, ActivityWatch(state.database), state.accounts)
    return blueprint
