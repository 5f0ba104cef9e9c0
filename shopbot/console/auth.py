"""Access to the console: the session cookie, CSRF checks, and ``@requires(role)``.

Every console handler is wrapped by :func:`requires`::

    @blueprint.get("/conversations")
    @requires("lead")            # lead and admin; an agent gets 403
    async def conversations(request: Request) -> HTTPResponse:
        request.ctx.user         # UserView(username, role)
        request.ctx.csrf_token   # for forms (field csrf_token) and fetch (X-CSRF-Token)

Without a live session a page redirects to the sign-in page and the JSON API
(``/console/api/...``, or ``Accept: application/json``) answers 401. A state-changing
request (POST, PUT, PATCH, DELETE) also needs the session's CSRF token, in the form field
``csrf_token`` or the ``X-CSRF-Token`` header, and no foreign ``Origin``. On top of the
decorator, :func:`console_gate` runs before every route of every console blueprint and
refuses the same requests, so a handler that forgot the decorator still serves nobody
without a session.

The cookie holds a random token (its SHA-256 is stored, :mod:`shop.accounts.sessions`):
``HttpOnly``, ``SameSite=Strict``, path ``/console``, ``Secure`` over https.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import quote, urlsplit

from sanic import Request
from sanic.response import HTTPResponse, redirect

from core.db.database import Database
from core.settings import Settings
from shop.accounts import Accounts, Role, SessionView
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.rendering import error_page
from shopbot.console.responses import in_thread, json_error, wants_json

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "LOGIN_PATH",
    "SESSION_COOKIE",
    "ConsoleState",
    "clear_session_cookie",
    "client_address",
    "console_gate",
    "console_state",
    "csrf_valid",
    "current_session",
    "refusal_for",
    "requires",
    "safe_next",
    "set_session_cookie",
]

SESSION_COOKIE = "shopbot_console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PATH = f"{CONSOLE_PREFIX}/login"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: What anyone may open without a session: the sign-in page and its stylesheet.
PUBLIC: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", LOGIN_PATH),
        ("HEAD", LOGIN_PATH),
        ("POST", LOGIN_PATH),
        ("GET", f"{CONSOLE_PREFIX}/static/console.css"),
        ("HEAD", f"{CONSOLE_PREFIX}/static/console.css"),
    }
)
Handler = Callable[..., Awaitable[HTTPResponse]]
_UNRESOLVED = object()


@dataclass(frozen=True)
class ConsoleState:
    """What the console's handlers share: the settings, the database, the accounts."""

    settings: Settings
    database: Database
    accounts: Accounts


def console_state(request: Request) -> ConsoleState:
    """The console's state, put on the request by :func:`console_gate`."""
    state = getattr(request.ctx, "console", None)
    if not isinstance(state, ConsoleState):
        raise RuntimeError("console routes must be registered through console_blueprints()")
    return state


def client_address(request: Request) -> str:
    """The client's address: a forwarded one only if Sanic is configured to trust proxies."""
    return str(request.remote_addr or request.ip or "unknown")


async def current_session(request: Request) -> SessionView | None:
    """The live session of the request's cookie, or None (resolved once per request)."""
    cached = getattr(request.ctx, "console_session", _UNRESOLVED)
    if cached is not _UNRESOLVED:
        return cached if isinstance(cached, SessionView) else None
    token = request.cookies.get(SESSION_COOKIE)
    session = None
    if token:
        session = await in_thread(console_state(request).accounts.sessions.resolve, token)
    request.ctx.console_session = session
    if session is not None:
        request.ctx.user = session.user
        request.ctx.csrf_token = session.csrf_token
    return session


def safe_next(value: str | None) -> str | None:
    """``value`` when it is a console path to come back to after signing in, else None."""
    if not value or len(value) > 2000 or "\\" in value or "//" in value or "/." in value:
        return None
    if any(ord(character) < 0x20 or character == "\x7f" for character in value):
        return None
    path = value.split("?", 1)[0]
    if not (path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")):
        return None
    if path.startswith((LOGIN_PATH, f"{CONSOLE_PREFIX}/logout", f"{CONSOLE_PREFIX}/api/")):
        return None
    return value


def _unauthenticated(request: Request) -> HTTPResponse:
    if wants_json(request):
        return json_error(401, "unauthorized", "sign in to the console first")
    if request.method in ("GET", "HEAD"):
        here = request.path + (f"?{request.query_string}" if request.query_string else "")
        if safe_next(here) and here not in (CONSOLE_PREFIX, f"{CONSOLE_PREFIX}/"):
            return redirect(f"{LOGIN_PATH}?next={quote(here, safe='/')}", status=302)
    return redirect(LOGIN_PATH, status=302)


def _forbidden(request: Request) -> HTTPResponse:
    if wants_json(request):
        return json_error(403, "forbidden", "your role may not open this")
    return error_page(request, 403, "Not for your role", "Your role may not open this page.")


def _csrf_refused(request: Request) -> HTTPResponse:
    if wants_json(request):
        return json_error(403, "csrf", "the request lacks this session's CSRF token")
    return error_page(
        request,
        403,
        "The form has expired",
        "This form belongs to an older session. Go back, reload the page and try again.",
    )


def _same_origin(request: Request) -> bool:
    """False when the browser names another origin; an absent or opaque ("null") origin
    proves nothing either way and leaves the decision to the token."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    try:
        return bool(urlsplit(origin).netloc == request.host)
    except ValueError:
        return False


def csrf_valid(request: Request, expected: str) -> bool:
    """True when the request carries ``expected`` (header or form field) from our origin."""
    if not _same_origin(request):
        return False
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = request.form
            given = form.get(CSRF_FIELD) if form is not None else None
    if not isinstance(given, str) or not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


async def refusal_for(request: Request, role: Role | None) -> HTTPResponse | None:
    """The refusal for this request, or None when it may go on."""
    session = await current_session(request)
    if session is None:
        return _unauthenticated(request)
    if role is not None and not session.user.role.admits(role):
        return _forbidden(request)
    if request.method in UNSAFE_METHODS and not csrf_valid(request, session.csrf_token):
        return _csrf_refused(request)
    return None


def requires(role: Role | str) -> Callable[[Handler], Handler]:
    """Admit only signed-in users whose role is ``role`` or above (agent < lead < admin);
    state-changing requests also need the session's CSRF token."""
    needed = Role.parse(role)

    def decorate(handler: Handler) -> Handler:
        @wraps(handler)
        async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
            refusal = await refusal_for(request, needed)
            if refusal is not None:
                return refusal
            return await handler(request, *args, **kwargs)

        guarded.console_role = needed  # type: ignore[attr-defined]
        return guarded

    return decorate


def console_gate(state: ConsoleState) -> Callable[[Request], Awaitable[HTTPResponse | None]]:
    """Request middleware of every console blueprint: hands the handlers the console's
    state and refuses any request without a session (but the public sign-in page)."""

    async def gate(request: Request) -> HTTPResponse | None:
        request.ctx.console = state
        if (request.method, request.path) in PUBLIC:
            return None
        return await refusal_for(request, None)

    return gate


def _cookie(
    response: HTTPResponse, request: Request, settings: Settings, value: str, max_age: int
) -> None:
    response.add_cookie(
        SESSION_COOKIE,
        value,
        path=CONSOLE_PREFIX,
        httponly=True,
        samesite="Strict",
        secure=settings.console_secure_cookie or request.scheme == "https",
        max_age=max_age,
    )


def set_session_cookie(
    response: HTTPResponse, request: Request, token: str, settings: Settings
) -> None:
    """Put the session's token in the cookie (HttpOnly, SameSite=Strict, path /console)."""
    _cookie(response, request, settings, token, settings.console_session_hours * 3600)


def clear_session_cookie(response: HTTPResponse, request: Request, settings: Settings) -> None:
    """Tell the browser to forget the session cookie (same attributes, expired)."""
    _cookie(response, request, settings, "", 0)
