"""The admin's pages: console users, and the privacy page (reveal, erase, audit log).

    GET  /console/users                         every user, the create form
    POST /console/users                         create (username, role, password, password_confirm)
    POST /console/users/<name>/role             another role (role)
    POST /console/users/<name>/deactivate       sessions end, sign-in refused
    POST /console/users/<name>/activate
    POST /console/users/<name>/password         a new password (password, password_confirm)
    GET  /console/privacy                       reveal a conversation, erase a shopper, audit log

Forms post back and redirect (303) to the list with a fixed notice; a refused change shows
the list again with the reason (400, 404). Every change is written to the audit log. An
admin cannot demote or deactivate themselves, and the last active admin stays one.
"""

from __future__ import annotations

from functools import partial

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from core.errors import AccountError, NotFoundError
from shop.accounts import AuditAction, Role, UserView
from shop.accounts.users import USERNAME_PATTERN
from shopbot.console.auth import ConsoleState, requires
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.rendering import render_page
from shopbot.console.responses import in_thread, see_other

__all__ = ["admin_blueprint"]

USERS_PATH = f"{CONSOLE_PREFIX}/users"
_NOTICES = {
    "created": "User {user} created.",
    "role": "{user} has a new role; their sessions have ended.",
    "deactivated": "{user} is deactivated; their sessions have ended.",
    "activated": "{user} can sign in again.",
    "password": "{user} has a new password; their sessions have ended.",
}


def _field(request: Request, name: str, limit: int = 2000) -> str:
    value = request.form.get(name) if request.form else None
    return value[:limit] if isinstance(value, str) else ""


def _notice(request: Request) -> str:
    template = _NOTICES.get(request.args.get("done", ""))
    user = request.args.get("user", "")
    if template is None or not USERNAME_PATTERN.fullmatch(user):
        return ""
    return template.format(user=user)


def _done(code: str, username: str) -> HTTPResponse:
    return see_other(f"{USERS_PATH}?done={code}&user={username}")


def _new_password(request: Request) -> str:
    password = _field(request, "password")
    if password != _field(request, "password_confirm"):
        raise AccountError("the two passwords differ")
    return password


def _not_yourself(request: Request, username: str, what: str) -> None:
    me: UserView = request.ctx.user
    if username.strip().lower() == me.username:
        raise AccountError(f"you cannot {what} yourself: ask another admin")


def admin_blueprint(state: ConsoleState) -> Blueprint:
    """User management and the privacy page (admins only)."""
    blueprint = Blueprint("console_admin")
    users, audit = state.accounts.users, state.accounts.audit

    async def users_page(
        request: Request, *, status: int = 200, error: str = "", form: dict[str, str] | None = None
    ) -> HTTPResponse:
        return render_page(
            request,
            "users.html",
            status=status,
            users=await in_thread(users.list),
            roles=[role.value for role in Role],
            min_password_length=users.min_password_length,
            notice=_notice(request) if status == 200 else "",
            error=error,
            form=form or {"username": "", "role": Role.AGENT.value},
        )

    async def record(request: Request, action: AuditAction, target: str, detail: str = "") -> None:
        actor = request.ctx.user.username
        await in_thread(partial(audit.record, actor, action, target=target, detail=detail))

    @blueprint.get(USERS_PATH)
    @requires(Role.ADMIN)
    async def list_users(request: Request) -> HTTPResponse:
        return await users_page(request)

    @blueprint.post(USERS_PATH)
    @requires(Role.ADMIN)
    async def create_user(request: Request) -> HTTPResponse:
        username, role = _field(request, "username", 200), _field(request, "role", 20)
        try:
            created = await in_thread(users.create, username, role, _new_password(request))
        except AccountError as error:
            form = {"username": username[:64], "role": role}
            return await users_page(request, status=400, error=str(error), form=form)
        await record(
            request, AuditAction.USER_CREATE, created.username, f"role {created.role.value}"
        )
        return _done("created", created.username)

    @blueprint.post(f"{USERS_PATH}/<username:str>/role")
    @requires(Role.ADMIN)
    async def set_role(request: Request, username: str) -> HTTPResponse:
        try:
            _not_yourself(request, username, "change the role of")
            before = await in_thread(users.get, username)
            after = await in_thread(users.set_role, username, _field(request, "role", 20))
        except NotFoundError as error:
            return await users_page(request, status=404, error=str(error))
        except AccountError as error:
            return await users_page(request, status=400, error=str(error))
        detail = f"role {before.role.value} -> {after.role.value}"
        await record(request, AuditAction.USER_ROLE, after.username, detail)
        return _done("role", after.username)

    async def set_active(request: Request, username: str, active: bool) -> HTTPResponse:
        try:
            if not active:
                _not_yourself(request, username, "deactivate")
            changed = await in_thread(users.set_active, username, active)
        except NotFoundError as error:
            return await users_page(request, status=404, error=str(error))
        except AccountError as error:
            return await users_page(request, status=400, error=str(error))
        action = AuditAction.USER_ACTIVATE if active else AuditAction.USER_DEACTIVATE
        await record(request, action, changed.username)
        return _done("activated" if active else "deactivated", changed.username)

    @blueprint.post(f"{USERS_PATH}/<username:str>/deactivate")
    @requires(Role.ADMIN)
    async def deactivate(request: Request, username: str) -> HTTPResponse:
        return await set_active(request, username, False)

    @blueprint.post(f"{USERS_PATH}/<username:str>/activate")
    @requires(Role.ADMIN)
    async def activate(request: Request, username: str) -> HTTPResponse:
        return await set_active(request, username, True)

    @blueprint.post(f"{USERS_PATH}/<username:str>/password")
    @requires(Role.ADMIN)
    async def reset_password(request: Request, username: str) -> HTTPResponse:
        try:
            changed = await in_thread(users.set_password, username, _new_password(request))
        except NotFoundError as error:
            return await users_page(request, status=404, error=str(error))
        except AccountError as error:
            return await users_page(request, status=400, error=str(error))
        await record(request, AuditAction.USER_PASSWORD, changed.username)
        return _done("password", changed.username)

    @blueprint.get(f"{CONSOLE_PREFIX}/privacy")
    @requires(Role.ADMIN)
    async def privacy(request: Request) -> HTTPResponse:
        return render_page(request, "privacy.html", entries=await in_thread(audit.recent, 50))

    return blueprint
