"""The action server does not answer: the shopper hears so at once, and the turn is undone.

Every shopper message runs ``action_read_message`` on the action server, and most answers
run more actions there. Rasa 3.6 meets an action server that is down (connection refused
or dropped), hangs (no answer within ``SHOPBOT_ACTION_TIMEOUT_SECONDS``, default 30; Rasa's
own limit is 5 minutes) or fails (a 5xx status, as a proxy gives for a dead upstream) by
logging the error and carrying on without the action's events: the message reading is
skipped, a form step is logged as run with nothing done, and the policies go on predicting
from that half-state, often in silence. Here such a call raises
:class:`core.errors.ActionServerUnavailable` instead, and the turn ends at once:

- the shopper gets ``utter_temporarily_unavailable`` ("temporarily unavailable, please try
  again in a moment"), rendered inside the Rasa server (:mod:`bot.nlg`), in the
  conversation's language, or the message's own when it shows one (a first message);
- the turn is undone: what it did after the shopper's message (the message reading's
  slots, a form step logged as run) is dropped, except the bot messages already sent in it
  (the shopper read them: "I've found order ..." before an action that timed out); after
  the message, those and that answer come ``UserUtteranceReverted`` and ``action_listen``,
  so the conversation's state (slots, active form, the history the policies read:
  ``tracker.applied_events()``) is exactly what it was before the message, while the
  tracker store keeps the message and every answer the shopper got, for the record and the
  transcripts. The shopper's next message, once the action server is back, continues from
  there: an order form asks its question again rather than skipping it.

A turn that no shopper wrote (a reminder, an agent's ``trigger_intent`` or ``execute``
through the HTTP API) is not answered: the error goes to its caller (the HTTP API answers
500, the scheduler logs it) and nothing of the turn is saved.

Other failures (a 4xx status, a malformed answer, a rejected action) keep Rasa's handling.
:mod:`bot.processor_hooks` puts these functions in place.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import TypeVar

import aiohttp
from rasa.core.actions.action import create_bot_utterance
from rasa.core.channels.channel import OutputChannel
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SlotSet,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

from core.conversation_events import is_external_message
from core.errors import ActionServerUnavailable
from knowledge.language import UNDETERMINED, conversation_language

__all__ = [
    "OUTAGE_RESPONSE",
    "call_action_server",
    "end_turn",
    "is_shoppers_turn",
    "noting_outages",
    "outage_reason",
    "turn_ended",
]

logger = logging.getLogger(__name__)

#: The answer when the action server cannot be reached (domain.yml, responses/*.yml).
OUTAGE_RESPONSE = "utter_temporarily_unavailable"
POLICY_NAME = "bot.action_outage"
LANGUAGE_SLOT = "language"
DETECTED_SLOT = "detected_language"

T = TypeVar("T")
#: The outages met while one action runs (Rasa's ``_run_action`` swallows every error).
_OUTAGES: ContextVar[list[ActionServerUnavailable] | None] = ContextVar(
    "shopbot_action_outages", default=None
)
#: Set on a tracker whose turn was ended here: the event the turn ended with.
_ENDED_AT = "_shopbot_outage_ended_at"


def outage_reason(error: BaseException) -> str | None:
    """Why ``error``, or an error it was raised from, means the action server could not
    be reached ("no connection", "timed out", "status 503"); None for other failures."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ActionServerUnavailable):
            return current.reason
        if isinstance(current, (asyncio.TimeoutError, TimeoutError)):
            return "timed out"
        if isinstance(current, aiohttp.ClientConnectionError):
            return "no connection"
        status = getattr(current, "status", None)
        if isinstance(current, aiohttp.ClientError) and isinstance(status, int) and status >= 500:
            return f"status {status}"
        current = current.__cause__ or current.__context__
    return None


async def call_action_server(call: Awaitable[T], action_name: str, timeout: float) -> T:
    """``call`` (one request to the action server) within ``timeout`` seconds; an outage
    is raised as :class:`ActionServerUnavailable` and noted for :func:`noting_outages`."""
    try:
        return await asyncio.wait_for(call, timeout)
    except Exception as error:
        reason = outage_reason(error)
        if reason is None:
            raise
        outage = ActionServerUnavailable(action_name, reason)
        noted = _OUTAGES.get()
        if noted is not None:
            noted.append(outage)
        raise outage from error


async def noting_outages(run: Awaitable[T]) -> T:
    """``run`` (Rasa's ``_run_action``, which logs and swallows whatever an action raises),
    then the first outage met while it ran is raised again."""
    noted: list[ActionServerUnavailable] = []
    token = _OUTAGES.set(noted)
    try:
        result = await run
    finally:
        _OUTAGES.reset(token)
    if noted:
        raise noted[0]
    return result


def is_shoppers_turn(tracker: DialogueStateTracker) -> bool:
    """Whether the turn answers a message a shopper wrote (not a reminder or an API call)."""
    message = tracker.latest_message
    if message is None:
        return False
    return not is_external_message(
        {"text": message.text, "metadata": message.metadata, "intent": message.intent}
    )


def turn_ended(tracker: DialogueStateTracker) -> bool:
    """Whether :func:`end_turn` ended this tracker's turn (nothing may follow in it)."""
    ended = tracker.__dict__.get(_ENDED_AT)
    return ended is not None and bool(tracker.events) and tracker.events[-1] is ended


def outage_language(tracker: DialogueStateTracker) -> str | None:
    """The language of the answer: the message's own when it shows one (the action server
    could not read it), else the conversation's."""
    current = tracker.get_slot(LANGUAGE_SLOT)
    message = tracker.latest_message
    text = (message.text or "") if message else ""
    if not message or text.startswith("/") or not any(char.isalpha() for char in text):
        return current if isinstance(current, str) else None
    previous = tracker.get_slot(DETECTED_SLOT)
    detected, _ = conversation_language(
        message.parse_data.get("language"),  # type: ignore[arg-type]
        text,
        previous if isinstance(previous, str) else None,
    )
    if detected == UNDETERMINED:
        return current if isinstance(current, str) else None
    return detected


async def end_turn(
    processor: MessageProcessor,
    output_channel: OutputChannel,
    tracker: DialogueStateTracker,
    outage: ActionServerUnavailable,
) -> None:
    """Answer ``utter_temporarily_unavailable`` and undo the turn (see the module's
    docstring); a turn no shopper wrote gets ``outage`` raised again instead."""
    if not is_shoppers_turn(tracker):
        raise outage
    logger.warning(
        "action server unavailable (%s, running %s): conversation %s told to try again, "
        "its turn undone",
        outage.reason,
        outage.action_name,
        tracker.sender_id,
    )
    language = outage_language(tracker)
    view = DialogueStateTracker.from_events(
        tracker.sender_id, [SlotSet(LANGUAGE_SLOT, language)], processor.domain.slots
    )
    message = await processor.nlg.generate(OUTAGE_RESPONSE, view, output_channel.name())
    _back_to_the_message(tracker)
    events: list[Event] = [ActionExecuted(OUTAGE_RESPONSE, policy=POLICY_NAME, confidence=1.0)]
    reply = create_bot_utterance(dict(message)) if message else None
    if reply is not None:
        events.append(reply)
    events += [
        UserUtteranceReverted(),
        ActionExecuted(ACTION_LISTEN_NAME, policy=POLICY_NAME, confidence=1.0),
    ]
    for event in events:
        tracker.update(event)
    tracker.__dict__[_ENDED_AT] = tracker.events[-1]
    if reply is not None:
        await output_channel.send_response(tracker.sender_id, reply.message())


def _back_to_the_message(tracker: DialogueStateTracker) -> None:
    """Drop the events logged after the turn's message, but for the bot messages sent
    (kept in order), and recompute the state from the rest (a half-run action, the slots
    the reading set)."""
    message = tracker.latest_message
    if not any(event is message for event in tracker.events):
        return
    sent: list[Event] = []
    while tracker.events[-1] is not message:
        event = tracker.events.pop()
        if isinstance(event, BotUttered):
            sent.append(event)
    tracker.events.extend(reversed(sent))
    tracker._reset()
    tracker.replay_events()
