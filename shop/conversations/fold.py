"""The fold: Rasa events in, a conversation's summary and its turns out.

One function, :func:`fold_event`, serves the consumer of the event broker, the rebuild from
the tracker store and the benchmark's seeding alike; it works on plain state objects
(:class:`ConversationState`, :class:`TurnState`) and touches no database.

A **turn** starts with a shopper message (a ``user`` event) and holds everything up to the
next one: the actions run, the slot changes, the bot's and agents' messages, product
searches, hand-over and resume. Events before the first shopper message count for the
conversation only.

**Idempotency.** Each conversation keeps a watermark: the timestamp of the latest event
folded in and the fingerprints (:func:`~shop.conversations.events.event_key`) of the events
of the last :data:`DUPLICATE_WINDOW_SECONDS` before it. An event whose fingerprint is there,
or that is older than the window, was seen already and changes nothing; events of one
conversation arrive in order, so this is exact.

**Derived fields.**

- hand-over reason, as the ticket's (``actions/handoff.py``): ``not_understood`` after
  ``action_fallback``, ``verification_failed`` after ``action_order_task``, else the
  ``handover_due`` slot set in the turn (``human_only``), else ``requested``;
- a product search is ``action_search_products``; its result count is the number of
  products it listed (``shown_products``), 0 when it answered with a no-match response,
  ``None`` when the catalog could not answer; a search that only asked what to look for
  is not one;
- a fallback turn: the intent ``nlu_fallback`` or a fallback action ran;
- the language: the latest ``language`` slot (the reply language), else the first
  language detected;
- rating and comment: the latest ``satisfaction_rating`` (1-5) and
  ``satisfaction_comment`` slots, as ``shopbot feedback`` reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.conversation_events import is_shopper_message
from shop.conversations.events import (
    bot_reply,
    event_key,
    event_time,
    intent_of,
    language_of,
    runner_up_of,
    sentiment_of,
    short_value,
)
from shop.conversations.state import ConversationState, TurnState

__all__ = [
    "DUPLICATE_WINDOW_SECONDS",
    "FALLBACK_ACTIONS",
    "FALLBACK_INTENT",
    "HANDOVER_REASON_BY_ACTION",
    "NO_MATCH_RESPONSES",
    "SEARCH_ACTION",
    "ConversationState",
    "TurnState",
    "fold_event",
    "fold_events",
]

#: Events this much older than a conversation's latest are duplicates.
DUPLICATE_WINDOW_SECONDS = 2.0
FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"action_fallback", "action_default_fallback"})
HANDOVER_REASON_BY_ACTION: Mapping[str, str] = {
    "action_fallback": "not_understood",
    "action_order_task": "verification_failed",
}
DEFAULT_HANDOVER_REASON = "requested"
HANDOVER_DUE_SLOT = "handover_due"
SEARCH_ACTION = "action_search_products"
SHOWN_SLOT = "shown_products"
NO_MATCH_RESPONSES = frozenset(
    {"utter_search_no_match", "utter_search_no_match_filters", "utter_search_no_match_with_filters"}
)
SEARCH_NOT_A_QUERY = "utter_search_ask_what"
SEARCH_UNAVAILABLE = "utter_products_unavailable"
OFFER_RESPONSE = "utter_offer_human"
AGENT_JOINED_RESPONSE = "utter_agent_joined"
SKIPPED_ACTIONS = frozenset({"action_listen"})
TURN_EVENTS = frozenset({"pause", "resume", "restart"})
MAX_TEXT_CHARACTERS = 4000
MAX_COMMENT_CHARACTERS = 2000
#: Shopper text kept per conversation for full-text search (the rest is not searchable).
MAX_SEARCH_CHARACTERS = 20_000
PAYLOAD_PREFIX = "/"


def _seen(state: ConversationState, at: float, key: str) -> bool:
    if at < state.last_event_at - DUPLICATE_WINDOW_SECONDS:
        return True
    return any(entry[1] == key for entry in state.last_event_keys)


def _remember(state: ConversationState, at: float, key: str) -> None:
    latest = max(state.last_event_at, at)
    horizon = latest - DUPLICATE_WINDOW_SECONDS
    keys = state.last_event_keys
    if keys and float(keys[0][0]) < horizon:
        state.last_event_keys = keys = [entry for entry in keys if float(entry[0]) >= horizon]
    keys.append([at, key])
    state.last_event_at = latest


def _rating(value: Any) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 5 else None


def _entities(parse_data: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = parse_data.get("entities")
    if not isinstance(found, list):
        return []
    entities = []
    for entity in found:
        if not isinstance(entity, Mapping) or not entity.get("entity"):
            continue
        entities.append(
            {
                "entity": str(entity.get("entity")),
                "value": short_value(entity.get("value")),
                "start": entity.get("start"),
                "end": entity.get("end"),
                "extractor": entity.get("extractor"),
            }
        )
    return entities


def _mark_fallback(state: ConversationState, turn: TurnState) -> None:
    if not turn.fallback:
        turn.fallback = True
        state.fallback_count += 1


def _fold_user(state: ConversationState, event: Mapping[str, Any], at: float) -> None:
    parse_data = event.get("parse_data") if isinstance(event.get("parse_data"), Mapping) else {}
    parse_data = parse_data or {}
    intent, confidence = intent_of(parse_data)
    runner_up, runner_up_confidence = runner_up_of(parse_data)
    language = language_of(parse_data)
    sentiment = sentiment_of(parse_data)
    message_id = event.get("message_id") or parse_data.get("message_id")
    turn = TurnState(
        position=state.turn_count,
        at=at,
        text=str(event.get("text") or "")[:MAX_TEXT_CHARACTERS],
        message_id=str(message_id)[:64] if message_id else None,
        intent=intent,
        confidence=confidence,
        runner_up=runner_up,
        runner_up_confidence=runner_up_confidence,
        entities=_entities(parse_data),
        language=language,
        sentiment_label=sentiment.label if sentiment else None,
        sentiment=sentiment.score if sentiment else None,
    )
    state.turns.append(turn)
    state.turn_count += 1
    _add_search_text(state, turn.text)
    channel = event.get("input_channel")
    if channel:
        state.channel = str(channel)[:32]
    if intent and intent not in state.intents:
        state.intents.append(intent)
    if language:
        if language not in state.languages:
            state.languages.append(language)
        if state.language is None:
            state.language = language
    if sentiment is not None:
        state.sentiment_sum += sentiment.score
        state.sentiment_count += 1
        if state.sentiment_min is None or sentiment.score < state.sentiment_min:
            state.sentiment_min = sentiment.score
    if intent == FALLBACK_INTENT:
        _mark_fallback(state, turn)


def _add_search_text(state: ConversationState, text: str) -> None:
    """The shopper's words (not a button's payload) for full-text search."""
    words = " ".join(text.split())
    if not words or words.startswith(PAYLOAD_PREFIX):
        return
    joined = f"{state.search_text}\n{words}" if state.search_text else words
    if len(joined) <= MAX_SEARCH_CHARACTERS:
        state.search_text = joined


def _open_search(turn: TurnState) -> dict[str, Any] | None:
    """The turn's search whose answer is still being folded (the latest action searched)."""
    if turn.actions and turn.actions[-1] == SEARCH_ACTION and turn.searches:
        return turn.searches[-1]
    return None


def _set_search_results(
    state: ConversationState, turn: TurnState, search: dict[str, Any], results: int | None
) -> None:
    was_failed = search.get("results") == 0
    search["results"] = results
    failed = results == 0
    if failed and not was_failed:
        turn.failed_searches += 1
        state.failed_searches += 1
    elif was_failed and not failed:
        turn.failed_searches -= 1
        state.failed_searches -= 1


def _fold_action(state: ConversationState, turn: TurnState, event: Mapping[str, Any]) -> None:
    name = str(event.get("name") or "")
    if not name or name in SKIPPED_ACTIONS:
        return
    turn.actions.append(name)
    if name in FALLBACK_ACTIONS:
        _mark_fallback(state, turn)
    if name == SEARCH_ACTION:
        turn.searches.append({"query": turn.text, "results": None})
        state.searches += 1


def _fold_bot(
    state: ConversationState, turn: TurnState | None, event: Mapping[str, Any], at: float
) -> None:
    reply = bot_reply(event, at)
    response = reply["response"]
    if reply["agent"]:
        state.agent_messages += 1
        if state.first_agent_reply_at is None:
            state.first_agent_reply_at = at
    if response == AGENT_JOINED_RESPONSE and state.agent_joined_at is None:
        state.agent_joined_at = at
    if response == OFFER_RESPONSE:
        state.human_offered = True
    if turn is None:
        return
    turn.replies.append(reply)
    search = _open_search(turn)
    if search is None:
        return
    if response in NO_MATCH_RESPONSES:
        _set_search_results(state, turn, search, 0)
    elif response == SEARCH_NOT_A_QUERY:
        _set_search_results(state, turn, search, None)
        turn.searches.pop()
        state.searches -= 1
    elif response == SEARCH_UNAVAILABLE:
        _set_search_results(state, turn, search, None)
        search["unavailable"] = True


def _fold_slot(state: ConversationState, turn: TurnState | None, event: Mapping[str, Any]) -> None:
    name = str(event.get("name") or "")
    value = event.get("value")
    if not name:
        return
    if name == "language" and value:
        state.language = str(value)[:16]
    elif name == "satisfaction_rating":
        state.rating = _rating(value)
    elif name == "satisfaction_comment":
        state.comment = str(value)[:MAX_COMMENT_CHARACTERS] if value else None
    elif name == "human_offered" and value:
        state.human_offered = True
    elif name == "verified_order" and value:
        number = str(value)[:32]
        state.verified_order = number
        if number not in state.verified_orders:
            state.verified_orders.append(number)
    if turn is None:
        return
    turn.slots.append([name, short_value(value)])
    search = _open_search(turn)
    if search is not None and name == SHOWN_SLOT and isinstance(value, list):
        _set_search_results(state, turn, search, len(value))


def _handover_reason(turn: TurnState) -> str:
    latest = turn.actions[-1] if turn.actions else ""
    if latest in HANDOVER_REASON_BY_ACTION:
        return HANDOVER_REASON_BY_ACTION[latest]
    due = [value for name, value in turn.slots if name == HANDOVER_DUE_SLOT and value]
    return str(due[-1])[:64] if due else DEFAULT_HANDOVER_REASON


def _fold_turn_event(
    state: ConversationState, turn: TurnState | None, kind: str, at: float
) -> None:
    entry: dict[str, Any] = {"event": kind, "at": at}
    if kind == "pause":
        reason = _handover_reason(turn) if turn is not None else DEFAULT_HANDOVER_REASON
        entry["reason"] = reason
        state.handed_over = True
        state.handover_reason = reason
        if state.handed_over_at is None:
            state.handed_over_at = at
        if turn is not None:
            turn.handed_over = True
            turn.handover_reason = reason
    if turn is not None:
        turn.events.append(entry)


def fold_event(state: ConversationState, event: Mapping[str, Any]) -> bool:
    """Fold one event into ``state``; False when it was seen already (or is unreadable)."""
    at = event_time(event)
    kind = event.get("event")
    if at is None or not isinstance(kind, str):
        return False
    key = event_key(event)
    if _seen(state, at, key):
        return False
    _remember(state, at, key)
    state.changed = True
    state.event_count += 1
    if state.started_at is None or at < state.started_at:
        state.started_at = at
    if state.last_activity_at is None or at > state.last_activity_at:
        state.last_activity_at = at
    if kind == "user" and not is_shopper_message(event):
        return True  # a reminder or trigger_intent: the bot speaks next, in this turn
    if kind == "user":
        _fold_user(state, event, at)
        return True
    turn = state.current_turn
    if turn is not None:
        turn.changed = True
    if kind == "action" and turn is not None:
        _fold_action(state, turn, event)
    elif kind == "bot":
        _fold_bot(state, turn, event, at)
    elif kind == "slot":
        _fold_slot(state, turn, event)
    elif kind in TURN_EVENTS:
        _fold_turn_event(state, turn, kind, at)
    return True


def fold_events(state: ConversationState, events: list[Mapping[str, Any]]) -> int:
    """Fold events in order; how many were new."""
    return sum(fold_event(state, event) for event in events)
