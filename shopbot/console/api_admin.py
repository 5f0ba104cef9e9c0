"""The admin's JSON API: reveal one conversation unredacted, erase a shopper's data.

    POST /console/api/conversations/<id>/reveal   the conversation's transcript, unredacted
                                                  (shop.conversations.transcript); the audit
                                                  log records who, when, which conversation
    POST /console/api/privacy/erase               {"email": ...} or {"conversation_id": ...}:
                                                  shopbot privacy erase (shop.privacy); the
                                                  answer and the audit log say how many
                                                  conversations and rows, never who

Both need an admin's session and the CSRF header.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json

import shop.opening  # noqa: F401 - registers the eraser of the known channel ids
from core.errors import DatabaseError, NotFoundError, ShopbotError
from core.settings import Settings
from shop.accounts import AuditAction, Role
from shop.conversations import transcript
from shop.privacy import ErasureReport, PrivacyService
from shopbot.console.auth import ConsoleState, requires
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.responses import in_thread, json_error

__all__ = ["MAX_CONVERSATION_ID", "MAX_EMAIL", "admin_api_blueprint", "erase_subject"]

MAX_CONVERSATION_ID = 128
MAX_EMAIL = 254
API = f"{CONSOLE_PREFIX}/api"


def _json_body(request: Request) -> Any:
    try:
        return request.json
    except Exception:
        return None


def erase_subject(body: Any) -> tuple[str, str] | None:
    """``("email" | "conversation_id", value)`` of an erase request, or None when it does
    not name exactly one non-empty subject of a sane length."""
    if not isinstance(body, dict):
        return None
    given = [(key, body[key]) for key in ("email", "conversation_id") if key in body]
    if len(given) != 1:
        return None
    kind, value = given[0]
    limit = MAX_EMAIL if kind == "email" else MAX_CONVERSATION_ID
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return kind, value.strip()


def _erase(settings: Settings, kind: str, value: str) -> ErasureReport:
    service = PrivacyService.from_settings(settings)
    try:
        if kind == "email":
            return service.erase_email(value)
        return service.erase_conversation(value)
    finally:
        service.close()


def admin_api_blueprint(state: ConsoleState) -> Blueprint:
    """Reveal and erase (admins only)."""
    blueprint = Blueprint("console_admin_api")
    audit, database, settings = state.accounts.audit, state.database, state.settings

    @blueprint.post(f"{API}/conversations/<conversation_id:str>/reveal", unquote=True)
    @requires(Role.ADMIN)
    async def reveal(request: Request, conversation_id: str) -> HTTPResponse:
        if not conversation_id or len(conversation_id) > MAX_CONVERSATION_ID:
            return json_error(400, "bad_request", "not a conversation id")
        try:
            found = await in_thread(partial(transcript, database, conversation_id, redacted=False))
        except NotFoundError:
            return json_error(404, "not_found", "no conversation has this id")
        except DatabaseError:
            return json_error(503, "database_unavailable", "the database does not answer")
        entry = await in_thread(
            partial(
                audit.record,
                request.ctx.user.username,
                AuditAction.REVEAL,
                conversation_id=conversation_id,
            )
        )
        return json(
            {
                "conversation_id": conversation_id,
                "revealed_by": entry.actor,
                "revealed_at": entry.at.isoformat(),
                "transcript": found.to_dict(),
            }
        )

    @blueprint.post(f"{API}/privacy/erase")
    @requires(Role.ADMIN)
    async def erase(request: Request) -> HTTPResponse:
        subject = erase_subject(_json_body(request))
        if subject is None:
            return json_error(400, "bad_request", 'send {"email": ...} or {"conversation_id": ...}')
        kind, value = subject
        try:
            report = await in_thread(_erase, settings, kind, value)
        except DatabaseError:
            return json_error(503, "database_unavailable", "a database does not answer")
        except ShopbotError as error:  # e.g. the key secret is not set
            return json_error(500, "erase_failed", str(error))
        rows = sum(report.removed.values())
        by = "email" if kind == "email" else "conversation id"
        await in_thread(
            partial(
                audit.record,
                request.ctx.user.username,
                AuditAction.ERASE,
                detail=f"by {by}: {report.conversations} conversation(s), {rows} row(s)",
            )
        )
        return json(
            {**report.to_dict(), "message": f"Erased {report.conversations} conversation(s)."}
        )

    return blueprint
