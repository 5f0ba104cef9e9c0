"""What a stored conversation event is: the one test of a shopper's own message.

Rasa stores two kinds of ``user`` events. Most are what the shopper wrote or tapped; the
others are *external*: a reminder that fired or a ``trigger_intent`` call adds a ``user``
event the shopper never sent (text ``"EXTERNAL: <intent>"``, metadata ``is_external``), so
that the bot can speak first (the rating question after a pause, actions/feedback.py).
Transcripts, summaries, counts, sentiment and the readings of a message look at shopper
messages only; they ask :func:`is_shopper_message`.

Pure Python (the standard library only): the Rasa server imports it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["EXTERNAL_INTENT_PREFIX", "is_external_message", "is_shopper_message"]

#: Rasa's convention for intents that only external events carry.
EXTERNAL_INTENT_PREFIX = "EXTERNAL_"
#: The text Rasa gives an external event (rasa.shared.core.constants.EXTERNAL_MESSAGE_PREFIX).
_EXTERNAL_TEXT_PREFIX = "EXTERNAL: "


def _intent_name(message: Mapping[str, Any]) -> str:
    intent = message.get("intent") or (message.get("parse_data") or {}).get("intent") or {}
    return str(intent.get("name") or "") if isinstance(intent, Mapping) else ""


def is_external_message(message: Mapping[str, Any] | None) -> bool:
    """True for a ``user`` event, or a tracker's ``latest_message``, that no shopper sent."""
    if not message:
        return False
    metadata = message.get("metadata")
    if isinstance(metadata, Mapping) and metadata.get("is_external"):
        return True
    if str(message.get("text") or "").startswith(_EXTERNAL_TEXT_PREFIX):
        return True
    return _intent_name(message).startswith(EXTERNAL_INTENT_PREFIX)


def is_shopper_message(event: Mapping[str, Any]) -> bool:
    """True for a stored ``user`` event that the shopper sent (not an external one)."""
    return event.get("event") == "user" and not is_external_message(event)
