"""The conversation's language, decided after every shopper message.

:func:`decide_language` fills three slots; it is one of the readings of
``action_read_message`` (:mod:`actions.message_reading`), their custom mapping, which Rasa's
``action_extract_slots`` calls once per user message, before the next action is predicted,
so every response of the turn is already in the new language:

- ``detected_language``: the language the shopper writes, any code the detector knows
  (``ru`` included); the prior for the next message (knowledge.language);
- ``language``: the language the bot answers in: ``detected_language`` when the bot writes
  it (``Settings.reply_languages``), else English;
- ``language_notice``: ``not_spoken`` the first time the shopper writes a language the bot
  understands but does not write; the NLG renderer then says so once, in English.

The detection itself comes from the NLU pipeline (``bot.language``: the message's
``parse_data["language"]``, made without the conversation); here the conversation's prior
is applied (a two-word "ok gracias" keeps the language, "can we speak French?" switches).
Button payloads ("/order_status") and messages without letters keep the language as is,
except the payload ``/switch_language{"language": "es"}`` (the web widget's language menu),
which switches to that language when the bot writes it.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk.events import SlotSet

from core.settings import get_settings
from knowledge.language import UNDETERMINED, conversation_language
from knowledge.responses import NOT_SPOKEN, NOTICE_SLOT

if TYPE_CHECKING:
    from rasa_sdk import Tracker

__all__ = [
    "DETECTED_SLOT",
    "LANGUAGE_SLOT",
    "decide_language",
    "language_from_payload",
    "reply_language",
]

logger = logging.getLogger(__name__)
LANGUAGE_SLOT = "language"
DETECTED_SLOT = "detected_language"
DEFAULT_LANGUAGE = "en"


def reply_language(detected: str, reply_languages: tuple[str, ...]) -> str:
    """The language to answer in for a detected one."""
    return detected if detected in reply_languages else DEFAULT_LANGUAGE


_SWITCH_PAYLOAD = "/switch_language"


def language_from_payload(text: str, reply_languages: tuple[str, ...]) -> str | None:
    """The language a ``/switch_language{"language": "xx"}`` payload asks for, if spoken."""
    if not text.startswith(_SWITCH_PAYLOAD + "{"):
        return None
    try:
        values = json.loads(text[len(_SWITCH_PAYLOAD) :])
    except ValueError:
        return None
    language = values.get("language") if isinstance(values, dict) else None
    return language if isinstance(language, str) and language in reply_languages else None


def _noticed_before(tracker: Tracker) -> bool:
    return any(
        event.get("event") == "slot"
        and event.get("name") == NOTICE_SLOT
        and event.get("value") == NOT_SPOKEN
        for event in tracker.events
    )


def decide_language(tracker: Tracker) -> list[dict[str, Any]]:
    """Apply the conversation's prior to the message's detection: the events that set
    ``detected_language``, ``language`` and, once, ``language_notice``."""
    message = tracker.latest_message or {}
    text = str(message.get("text") or "")
    previous = tracker.get_slot(DETECTED_SLOT)
    chosen = language_from_payload(text, get_settings().reply_languages)
    if chosen is not None:
        return [SlotSet(DETECTED_SLOT, chosen), SlotSet(LANGUAGE_SLOT, chosen)]
    if text.startswith("/") or not any(char.isalpha() for char in text):
        return []
    detected, decision = conversation_language(message.get(LANGUAGE_SLOT), text, previous)
    if detected == UNDETERMINED:
        return []
    settings = get_settings()
    reply = reply_language(detected, settings.reply_languages)
    events: list[dict[str, Any]] = []
    if detected != previous:
        events.append(SlotSet(DETECTED_SLOT, detected))
    if reply != tracker.get_slot(LANGUAGE_SLOT):
        events.append(SlotSet(LANGUAGE_SLOT, reply))
    if detected != reply and not _noticed_before(tracker):
        events.append(SlotSet(NOTICE_SLOT, NOT_SPOKEN))
    logger.debug("language %s (%s, %.2f)", detected, decision.method, decision.confidence)
    return events
