"""The conversation pages' JSON API (leads and admins), used by their scripts.

    GET    /console/api/conversations                         the list (the page's query
                                                              parameters; 400 on one not
                                                              understood)
    GET    /console/api/conversations/<id>                    transcript, notes, corrections
    POST   /console/api/conversations/<id>/tags               {"tag"}: the tags afterwards
    DELETE /console/api/conversations/<id>/tags/<tag>         the tags afterwards
    GET    /console/api/conversations/<id>/notes              the notes
    POST   /console/api/conversations/<id>/notes              {"body"}: the note (201)
    POST   /console/api/conversations/<id>/turns/<n>/correction
                                                              {"intent", "entities",
                                                              "kind", "language"}: the
                                                              correction (201)
    GET    /console/api/corrections                           ?status&language&intent&page
    POST   /console/api/corrections/<n>/status                {"status"}: open, done,
                                                              dismissed
    GET    /console/api/nlu-export?language=de[&status=open]  Rasa NLU YAML, redacted

Everything is redacted; state-changing calls need the CSRF header (``requires``). Errors
are ``{"error", "message"}`` with 400 (refused input), 404, 503 (the database).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial, wraps
from typing import Any

from sanic import Blueprint, Request
from sanic.response import HTTPResponse, json, raw

from core.db.annotation_models import CORRECTION_STATUSES
from core.db.base import utc_now
from core.errors import AnnotationError, DatabaseError, NotFoundError
from shop.accounts import Role
from shop.annotations import nlu_yaml
from shop.annotations.corrections import LANGUAGE_PATTERN
from shop.conversations import list_conversations, transcript
from shopbot.console.auth import requires
from shopbot.console.conversation_query import args_of, parse_list_query
from shopbot.console.conversation_state import ConversationsState
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.responses import in_thread, json_error

__all__ = ["MAX_BODY_BYTES", "MAX_CONVERSATION_ID", "add_conversation_api", "json_body"]

API = f"{CONSOLE_PREFIX}/api"
CONVERSATION = f"{API}/conversations/<conversation_id:str>"
MAX_CONVERSATION_ID = 255
#: A request body of the annotation API (a note of 4,000 characters fits many times).
MAX_BODY_BYTES = 64 * 1024
Handler = Callable[..., Awaitable[HTTPResponse]]


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object; :class:`AnnotationError` when it is none (or too big)."""
    if len(request.body or b"") > MAX_BODY_BYTES:
        raise AnnotationError("the request is too big")
    try:
        body = request.json
    except Exception as error:  # Sanic raises its own BadRequest on malformed JSON
        raise AnnotationError("send a JSON object") from error
    if not isinstance(body, dict):
        raise AnnotationError("send a JSON object")
    return body


def answers_errors(handler: Handler) -> Handler:
    """Turn the services' refusals into JSON errors (400, 404, 503)."""

    @wraps(handler)
    async def answering(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        conversation_id = kwargs.get("conversation_id")
        if isinstance(conversation_id, str) and not 0 < len(conversation_id) <= (
            MAX_CONVERSATION_ID
        ):
            return json_error(400, "bad_request", "not a conversation id")
        try:
            return await handler(request, *args, **kwargs)
        except AnnotationError as error:
            return json_error(400, "refused", str(error))
        except NotFoundError as error:
            return json_error(404, "not_found", str(error))
        except DatabaseError:
            return json_error(503, "database_unavailable", "the database does not answer")

    return answering


def _conversation_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    database, annotations = state.database, state.annotations

    @blueprint.get(f"{API}/conversations")
    @requires(Role.LEAD)
    @answers_errors
    async def conversations(request: Request) -> HTTPResponse:
        query = parse_list_query(args_of(request))
        if query.problems:
            return json_error(400, "bad_request", f"not understood: {', '.join(query.problems)}")
        page = await in_thread(
            partial(list_conversations, database, query.filters, query.sort, query.page)
        )
        return json(page.to_dict())

    @blueprint.get(CONVERSATION, unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def conversation(request: Request, conversation_id: str) -> HTTPResponse:
        found = await in_thread(transcript, database, conversation_id)
        notes = await in_thread(annotations.notes.of, conversation_id)
        corrections = await in_thread(annotations.corrections.of_conversation, conversation_id)
        return json(
            {
                "transcript": found.to_dict(),
                "notes": [note.to_dict() for note in notes],
                "corrections": [correction.to_dict() for correction in corrections],
            }
        )


def _tag_and_note_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    tags, notes = state.annotations.tags, state.annotations.notes

    @blueprint.post(f"{CONVERSATION}/tags", unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def add_tag(request: Request, conversation_id: str) -> HTTPResponse:
        tag = json_body(request).get("tag")
        author = request.ctx.user.username
        return json({"tags": list(await in_thread(tags.add, conversation_id, tag, author))})

    @blueprint.delete(f"{CONVERSATION}/tags/<tag:str>", unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def remove_tag(request: Request, conversation_id: str, tag: str) -> HTTPResponse:
        return json({"tags": list(await in_thread(tags.remove, conversation_id, tag))})

    @blueprint.get(f"{CONVERSATION}/notes", unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def list_notes(request: Request, conversation_id: str) -> HTTPResponse:
        found = await in_thread(notes.of, conversation_id)
        return json({"notes": [note.to_dict() for note in found]})

    @blueprint.post(f"{CONVERSATION}/notes", unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def add_note(request: Request, conversation_id: str) -> HTTPResponse:
        body = json_body(request).get("body")
        note = await in_thread(notes.add, conversation_id, body, request.ctx.user.username)
        return json(note.to_dict(), status=201)


def _correction_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    corrections = state.annotations.corrections

    @blueprint.post(f"{CONVERSATION}/turns/<position:int>/correction", unquote=True)
    @requires(Role.LEAD)
    @answers_errors
    async def correct(request: Request, conversation_id: str, position: int) -> HTTPResponse:
        body = json_body(request)
        recorded = await in_thread(
            partial(
                corrections.record,
                conversation_id,
                position,
                intent=body.get("intent"),
                entities=body.get("entities") or (),
                kind=body.get("kind", "correction"),
                author=request.ctx.user.username,
                language=body.get("language"),
            )
        )
        return json(recorded.to_dict(), status=201)

    @blueprint.get(f"{API}/corrections")
    @requires(Role.LEAD)
    @answers_errors
    async def list_corrections(request: Request) -> HTTPResponse:
        status = request.args.get("status", "open")
        number, size = request.args.get("page", "1"), request.args.get("size", "50")
        if not (number.isdigit() and size.isdigit()):
            raise AnnotationError("page and size are numbers")
        language = request.args.get("language") or None
        page = await in_thread(
            partial(
                corrections.list,
                status=None if status == "all" else status,
                language=language,
                intent=request.args.get("intent") or None,
                page=int(number),
                size=int(size),
            )
        )
        counts = await in_thread(corrections.open_by_intent, language)
        return json({**page.to_dict(), "open_by_intent": [count.to_dict() for count in counts]})

    @blueprint.post(f"{API}/corrections/<correction_id:int>/status")
    @requires(Role.LEAD)
    @answers_errors
    async def set_status(request: Request, correction_id: int) -> HTTPResponse:
        status = json_body(request).get("status")
        if status not in CORRECTION_STATUSES:
            raise AnnotationError(f"a status is one of {', '.join(CORRECTION_STATUSES)}")
        changed = await in_thread(
            corrections.set_status, correction_id, status, request.ctx.user.username
        )
        return json(changed.to_dict())

    @blueprint.get(f"{API}/nlu-export")
    @requires(Role.LEAD)
    @answers_errors
    async def nlu_export(request: Request) -> HTTPResponse:
        language = request.args.get("language", "")
        if not LANGUAGE_PATTERN.fullmatch(language):
            raise AnnotationError("name the language: ?language=de")
        status = request.args.get("status", "open")
        chosen = None if status == "all" else status

        def export() -> str:
            found = corrections.for_export(language, chosen)
            return nlu_yaml(found, language, utc_now())

        document = await in_thread(export)
        return raw(
            document.encode("utf-8"),
            content_type="application/x-yaml; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="nlu-corrections-{language}.yml"'
            },
        )


def add_conversation_api(blueprint: Blueprint, state: ConversationsState) -> None:
    """Add the JSON API's routes to ``blueprint``."""
    _conversation_routes(blueprint, state)
    _tag_and_note_routes(blueprint, state)
    _correction_routes(blueprint, state)
