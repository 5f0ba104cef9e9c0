"""Signing in and out, the home page that sends each role to its start page, who am I, and
the console's static files.

    GET  /console/login            the sign-in form (public)
    POST /console/login            sign in (public; the form carries a sign-in CSRF token)
    POST /console/logout           sign out
    GET  /console                  to the role's start page (agents: the inbox; leads and
                                   admins: the conversations)
    GET  /console/api/me           {"username", "role", "expires_at"}
    GET  /console/static/<file>    web/console/<file> (console.css is public)

The sign-in form is protected against login CSRF by a random token in a short-lived
``SameSite=Strict`` cookie on ``/console/login`` that the form must repeat.
"""

from __future__ import annotations

import hmac
import secrets

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw, redirect

from shop.accounts import LoginOutcome, Role
from shopbot.console.auth import (
    LOGIN_PATH,
    SESSION_COOKIE,
    ConsoleState,
    clear_session_cookie,
    client_address,
    console_state,
    current_session,
    refusal_for,
    requires,
    safe_next,
    set_session_cookie,
)
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.navigation import START_PAGES, start_page
from shopbot.console.rendering import render_page
from shopbot.console.responses import in_thread, json_error, see_other
from shopbot.console.static_files import STATIC_TYPES, static_file

__all__ = ["LOGIN_COOKIE", "auth_blueprint"]

LOGIN_COOKIE = "shopbot_console_login"
_LOGIN_TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
_PUBLIC_FILES = frozenset({"console.css"})
_MESSAGES = {
    LoginOutcome.INVALID: "Wrong user name or password.",
    LoginOutcome.THROTTLED: "Too many failed sign-ins. Wait a few minutes, then try again.",
}
_STATUS = {LoginOutcome.INVALID: 401, LoginOutcome.THROTTLED: 429}


def _login_token(request: Request) -> str:
    token = request.cookies.get(LOGIN_COOKIE) or ""
    return token if len(token) == _LOGIN_TOKEN_LENGTH else secrets.token_urlsafe(32)


def _login_form(
    request: Request,
    *,
    status: int = 200,
    error: str = "",
    username: str = "",
    next_path: str | None = None,
) -> HTTPResponse:
    token = _login_token(request)
    response = render_page(
        request,
        "login.html",
        status=status,
        error=error,
        username=username,
        next_path=next_path or "",
        login_token=token,
    )
    response.add_cookie(
        LOGIN_COOKIE,
        token,
        path=LOGIN_PATH,
        httponly=True,
        samesite="Strict",
        secure=console_state(request).settings.console_secure_cookie or request.scheme == "https",
        max_age=3600,
    )
    return response


def _form_text(request: Request, name: str, limit: int) -> str:
    value = request.form.get(name) if request.form else None
    return value[:limit] if isinstance(value, str) else ""


def auth_blueprint(state: ConsoleState) -> Blueprint:
    """The sign-in, sign-out, home, who-am-I and static-file routes."""
    blueprint = Blueprint("console_auth")
    accounts = state.accounts

    @blueprint.get(LOGIN_PATH)
    async def login_page(request: Request) -> HTTPResponse:
        if await current_session(request) is not None:
            return redirect(f"{CONSOLE_PREFIX}/", status=302)
        return _login_form(request, next_path=safe_next(request.args.get("next")))

    @blueprint.post(LOGIN_PATH)
    async def login(request: Request) -> HTTPResponse:
        username = _form_text(request, "username", 200)
        password = _form_text(request, "password", 2000)
        next_path = safe_next(_form_text(request, "next", 2000))
        given = _form_text(request, "csrf_token", 200)
        expected = request.cookies.get(LOGIN_COOKIE) or ""
        if not given or not expected or not hmac.compare_digest(given, expected):
            return _login_form(
                request,
                status=400,
                error="The sign-in form had expired. Please try again.",
                username=username[:64],
                next_path=next_path,
            )
        result = await in_thread(accounts.login.log_in, username, password, client_address(request))
        if result.outcome is not LoginOutcome.SIGNED_IN or result.token is None:
            return _login_form(
                request,
                status=_STATUS.get(result.outcome, 401),
                error=_MESSAGES.get(result.outcome, _MESSAGES[LoginOutcome.INVALID]),
                username=username[:64],
                next_path=next_path,
            )
        response = see_other(next_path or f"{CONSOLE_PREFIX}/")
        set_session_cookie(response, request, result.token, state.settings)
        response.add_cookie(
            LOGIN_COOKIE,
            "",
            path=LOGIN_PATH,
            max_age=0,
            httponly=True,
            samesite="Strict",
            secure=request.scheme == "https",
        )
        return response

    @blueprint.post(f"{CONSOLE_PREFIX}/logout")
    @requires(Role.AGENT)
    async def logout(request: Request) -> HTTPResponse:
        await in_thread(accounts.login.log_out, request.cookies.get(SESSION_COOKIE))
        response = see_other(LOGIN_PATH)
        clear_session_cookie(response, request, state.settings)
        return response

    @blueprint.get(CONSOLE_PREFIX, strict_slashes=False)
    @requires(Role.AGENT)
    async def home(request: Request) -> HTTPResponse:
        user = request.ctx.user
        target = start_page(request, user)
        if target is not None:
            return redirect(target, status=302)
        return render_page(request, "home.html", start_path=START_PAGES[user.role])

    @blueprint.get(f"{CONSOLE_PREFIX}/api/me")
    @requires(Role.AGENT)
    async def me(request: Request) -> HTTPResponse:
        session = await current_session(request)
        assert session is not None  # requires() saw it
        return json(
            {
                "username": session.user.username,
                "role": session.user.role.value,
                "expires_at": session.expires_at.isoformat(),
            }
        )

    @blueprint.get(f"{CONSOLE_PREFIX}/static/<name:str>")
    async def static(request: Request, name: str) -> HTTPResponse:
        if name not in _PUBLIC_FILES:
            refusal = await refusal_for(request, Role.AGENT)
            if refusal is not None:
                return refusal
        path = static_file(name)
        if path is None:
            return json_error(404, "not_found", "no such file")
        try:
            body = path.read_bytes()
        except OSError:
            return json_error(404, "not_found", "no such file")
        return raw(body, content_type=STATIC_TYPES[path.suffix])

    return blueprint
