"""The conversation pages (leads and admins): the list, a transcript, the corrections.

    GET /console/conversations              the list: filters, full-text search, sort and
                                            pages, all in the URL (conversation_query)
    GET /console/conversations/<id>         the transcript: every turn with what the bot
                                            understood and what followed, tags, notes,
                                            corrections, the verified orders; admins may
                                            reveal it unredacted (api_admin's reveal)
    GET /console/corrections                open (done, dismissed) corrections, counts per
                                            intent, the NLU export per language

:func:`conversations_blueprint` also carries the pages' JSON API
(:mod:`shopbot.console.api_conversations`) and the exports
(:mod:`shopbot.console.api_exports`). Personal data is redacted on every page.
"""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import parse_qs, urlencode

from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from core.db.annotation_models import CORRECTION_STATUSES
from core.errors import DatabaseError, NotFoundError
from shop.accounts import Role
from shop.annotations import MAX_NOTE_CHARACTERS, CorrectionView
from shop.annotations.corrections import LANGUAGE_PATTERN
from shop.annotations.spans import pieces
from shop.conversations import SortKey, list_conversations, transcript
from shop.conversations.fold import FALLBACK_INTENT
from shop.proactive.notice import is_notice_response
from shopbot.console.api_conversations import add_conversation_api
from shopbot.console.api_exports import add_export_routes
from shopbot.console.auth import ConsoleState, requires
from shopbot.console.conversation_format import (
    CONVERSATIONS_PATH,
    conversation_api,
    conversation_url,
    entity_json,
    percent,
    score,
    sentiment_class,
    slot_value,
)
from shopbot.console.conversation_query import PAGE_SIZES, ListQuery, args_of, parse_list_query
from shopbot.console.conversation_state import ConversationsState
from shopbot.console.headers import CONSOLE_PREFIX
from shopbot.console.rendering import error_page, render_page
from shopbot.console.responses import in_thread

__all__ = ["CORRECTIONS_PATH", "conversations_blueprint"]

CORRECTIONS_PATH = f"{CONSOLE_PREFIX}/corrections"
FLAG_LABELS: tuple[tuple[str, str], ...] = (
    ("handed_over", "Handed over to a person"),
    ("fallback", "Fallback happened"),
    ("failed_search", "A search found nothing"),
    ("rated", "Rating given"),
    ("verified", "Verified an order"),
)
SORT_LABELS: tuple[tuple[str, str], ...] = (
    (SortKey.LAST_ACTIVITY.value, "last activity"),
    (SortKey.STARTED.value, "start"),
    (SortKey.LOWEST_SENTIMENT.value, "lowest sentiment"),
    (SortKey.MEAN_SENTIMENT.value, "mean sentiment"),
    (SortKey.TURNS.value, "turns"),
    (SortKey.RATING.value, "rating"),
)
STATUS_ACTIONS: tuple[tuple[str, str], ...] = (
    ("done", "Done"),
    ("dismissed", "Dismiss"),
    ("open", "Reopen"),
)
_FORMAT: dict[str, Any] = {
    "conversation_url": conversation_url,
    "percent": percent,
    "score": score,
    "sentiment_class": sentiment_class,
    "slot_value": slot_value,
    # A bot message the shop wrote first (shopbot proactive scan), marked in the transcript.
    "is_notice": is_notice_response,
}


def _unavailable(request: Request) -> HTTPResponse:
    return error_page(request, 503, "The database does not answer", "Try again in a moment.")


def _back_url(request: Request) -> str:
    """The list the reader came from (its filters re-read, nothing else kept)."""
    given = request.args.get("back", "")
    if not isinstance(given, str) or not given.startswith("?"):
        return CONVERSATIONS_PATH
    query = parse_list_query(parse_qs(given[1:], keep_blank_values=False))
    return CONVERSATIONS_PATH + query.query_string()


def _list_context(query: ListQuery) -> dict[str, Any]:
    return {
        "query": query,
        "export_query": query.query_string(without=("page", "size")),
        "flags": FLAG_LABELS,
        "sort_keys": SORT_LABELS,
        "page_sizes": PAGE_SIZES,
        **_FORMAT,
    }


def _page_rows(number: int, size: int, shown: int) -> tuple[int, int]:
    first = (number - 1) * size + 1
    return first, first + shown - 1


def _list_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    database, annotations = state.database, state.annotations
    intents = (*annotations.vocabulary.intents, FALLBACK_INTENT)

    @blueprint.get(CONVERSATIONS_PATH)
    @requires(Role.LEAD)
    async def conversation_list(request: Request) -> HTTPResponse:
        query = parse_list_query(args_of(request))
        try:
            page = await in_thread(
                partial(list_conversations, database, query.filters, query.sort, query.page)
            )
            found_facets = await state.facets.get()
            tags = await in_thread(annotations.tags.counts)
        except DatabaseError:
            return _unavailable(request)
        first, last = _page_rows(page.page, page.size, len(page.items))
        back = query.query_string()

        def item_url(conversation_id: str) -> str:
            link = conversation_url(conversation_id)
            return f"{link}?{urlencode({'back': back})}" if back else link

        return render_page(
            request,
            "conversations.html",
            page=page,
            facets=found_facets,
            tags=tags,
            intents=intents,
            unavailable=False,
            first_row=first,
            last_row=last,
            item_url=item_url,
            **_list_context(query),
        )


def _turn_entities(
    corrections: dict[int, CorrectionView], suggested: dict[int, Any]
) -> dict[int, str]:
    positions = set(corrections) | set(suggested)
    return {
        position: entity_json(
            corrections[position].entities if position in corrections else suggested[position]
        )
        for position in positions
    }


def _transcript_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    database, annotations = state.database, state.annotations

    @blueprint.get(f"{CONVERSATIONS_PATH}/<conversation_id:str>", unquote=True)
    @requires(Role.LEAD)
    async def conversation_page(request: Request, conversation_id: str) -> HTTPResponse:
        try:
            found = await in_thread(transcript, database, conversation_id)
            notes = await in_thread(annotations.notes.of, conversation_id)
            corrections = {
                correction.turn_position: correction
                for correction in await in_thread(
                    annotations.corrections.of_conversation, conversation_id
                )
            }
            suggested = await in_thread(annotations.corrections.suggested_entities, conversation_id)
            known_tags = await in_thread(annotations.tags.counts)
        except NotFoundError:
            return error_page(
                request,
                404,
                "No such conversation",
                "No conversation has this id (or it was erased).",
            )
        except DatabaseError:
            return _unavailable(request)
        return render_page(
            request,
            "conversation.html",
            transcript=found,
            notes=notes,
            corrections=corrections,
            turn_entities=_turn_entities(corrections, suggested),
            known_tags=known_tags,
            vocabulary=annotations.vocabulary,
            can_reveal=request.ctx.user.role.admits(Role.ADMIN),
            api_base=conversation_api(conversation_id),
            back_url=_back_url(request),
            max_note=MAX_NOTE_CHARACTERS,
            **_FORMAT,
        )


def _corrections_routes(blueprint: Blueprint, state: ConversationsState) -> None:
    corrections = state.annotations.corrections

    @blueprint.get(CORRECTIONS_PATH)
    @requires(Role.LEAD)
    async def corrections_page(request: Request) -> HTTPResponse:
        status = request.args.get("status") or "open"
        language = request.args.get("language") or None
        intent = request.args.get("intent") or None
        number = request.args.get("page", "1")
        problem = ""
        if status not in (*CORRECTION_STATUSES, "all"):
            status, problem = "open", "Unknown status: showing the open corrections."
        if language is not None and not LANGUAGE_PATTERN.fullmatch(language):
            language, problem = None, "Unknown language: showing every language."
        if intent is not None and intent not in corrections.vocabulary.intents:
            intent, problem = None, "Unknown intent: showing every intent."
        page_number = int(number) if number.isdigit() and 0 < int(number) < 100_000 else 1
        try:
            page = await in_thread(
                partial(
                    corrections.list,
                    status=None if status == "all" else status,
                    language=language,
                    intent=intent,
                    page=page_number,
                    size=50,
                )
            )
            intent_counts = await in_thread(corrections.open_by_intent, language)
            open_languages = await in_thread(corrections.by_language, "open")
            all_languages = await in_thread(corrections.by_language, None)
        except DatabaseError:
            return _unavailable(request)
        filters = {"status": status, "language": language or "", "intent": intent or ""}
        kept = {name: value for name, value in filters.items() if value}

        def page_url(target: int) -> str:
            return f"{CORRECTIONS_PATH}?{urlencode({**kept, 'page': target})}"

        return render_page(
            request,
            "corrections.html",
            page=page,
            current_status=status,
            language=language or "",
            intent=intent or "",
            problem=problem,
            statuses=(*CORRECTION_STATUSES, "all"),
            status_actions=STATUS_ACTIONS,
            intent_counts=intent_counts,
            open_languages=open_languages,
            all_languages=all_languages,
            vocabulary=corrections.vocabulary,
            pieces=pieces,
            page_url=page_url,
            **_FORMAT,
        )


def conversations_blueprint(console: ConsoleState) -> Blueprint:
    """The conversation pages, their JSON API and the exports (leads and admins)."""
    blueprint = Blueprint("console_conversations")
    state = ConversationsState.of(console)
    _list_routes(blueprint, state)
    _transcript_routes(blueprint, state)
    _corrections_routes(blueprint, state)
    add_conversation_api(blueprint, state)
    add_export_routes(blueprint, state)
    return blueprint
