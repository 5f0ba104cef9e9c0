"""Reading Rasa's serialised events (``Event.as_dict()``): the few fields the fold needs.

Events come from the SQL event broker (with a ``sender_id`` key) or from the tracker store
(without one); both are the same dictionaries otherwise. Everything here tolerates
missing or malformed fields: an event the fold cannot read is skipped, never fatal.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from knowledge.sentiment import Sentiment
from shop.support.transcript import AGENT_METADATA_KEY

__all__ = [
    "AGENT_METADATA_KEY",
    "bot_reply",
    "event_key",
    "event_time",
    "intent_of",
    "language_of",
    "runner_up_of",
    "sentiment_of",
    "short_value",
]

#: A slot value whose JSON is longer than this is kept as a short description instead.
MAX_SLOT_VALUE_CHARACTERS = 200


def event_time(event: Mapping[str, Any]) -> float | None:
    """The event's timestamp (seconds since the epoch), or None when it has none."""
    try:
        value = float(event["timestamp"])
    except (KeyError, TypeError, ValueError):
        return None
    return value if value == value else None  # NaN is not a time


#: The fields that tell two events of one conversation apart (with the timestamp).
IDENTITY_FIELDS = ("event", "timestamp", "name", "text", "message_id", "value", "metadata")


def event_key(event: Mapping[str, Any]) -> str:
    """A fingerprint of the event, to count it once: a hash of its kind, timestamp and the
    fields that tell events apart. The broker and the tracker store both hold Rasa's
    ``json.dumps(event.as_dict())``, read back in the same key order, so ``repr`` of those
    fields is the same for the same event from either."""
    identity = repr(tuple(event.get(name) for name in IDENTITY_FIELDS))
    return hashlib.blake2b(identity.encode(), digest_size=8).hexdigest()


def _name_and_confidence(value: Any) -> tuple[str | None, float | None]:
    if not isinstance(value, Mapping):
        return None, None
    name = value.get("name")
    try:
        confidence: float | None = float(value["confidence"])
    except (KeyError, TypeError, ValueError):
        confidence = None
    return (str(name) if name else None), confidence


def intent_of(parse_data: Mapping[str, Any]) -> tuple[str | None, float | None]:
    """The predicted intent and its confidence."""
    return _name_and_confidence(parse_data.get("intent"))


def runner_up_of(parse_data: Mapping[str, Any]) -> tuple[str | None, float | None]:
    """The second intent of the ranking (after the predicted one) and its confidence."""
    ranking = parse_data.get("intent_ranking")
    if not isinstance(ranking, list):
        return None, None
    top, _ = intent_of(parse_data)
    for candidate in ranking:
        name, confidence = _name_and_confidence(candidate)
        if name and name != top:
            return name, confidence
    return None, None


def language_of(parse_data: Mapping[str, Any]) -> str | None:
    """The language detected for the message (``parse_data["language"]["language"]``)."""
    detection = parse_data.get("language")
    if isinstance(detection, Mapping):
        value = detection.get("language")
        return str(value)[:16] if value else None
    return None


def sentiment_of(parse_data: Mapping[str, Any]) -> Sentiment | None:
    """The message's sentiment, when the sentiment component scored it."""
    return Sentiment.of_parse_data(parse_data)


def short_value(value: Any) -> Any:
    """A slot value as stored with a turn: itself when small, else a short description."""
    try:
        encoded = json.dumps(value, default=str)
    except (TypeError, ValueError):
        return str(value)[:MAX_SLOT_VALUE_CHARACTERS]
    if len(encoded) <= MAX_SLOT_VALUE_CHARACTERS:
        return value
    if isinstance(value, list):
        return f"[{len(value)} items]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(str(key) for key in list(value)[:8]) + "}"
    return str(value)[:MAX_SLOT_VALUE_CHARACTERS] + "…"


def bot_reply(event: Mapping[str, Any], at: float) -> dict[str, Any]:
    """A bot or agent message as a turn keeps it: text, response name, agent, buttons,
    products of product cards."""
    metadata = event.get("metadata") if isinstance(event.get("metadata"), Mapping) else {}
    data = event.get("data") if isinstance(event.get("data"), Mapping) else {}
    reply: dict[str, Any] = {"at": at, "text": str(event.get("text") or "")}
    response = metadata.get("utter_action") if metadata else None
    agent = metadata.get(AGENT_METADATA_KEY) if metadata else None
    reply["response"] = str(response) if response else None
    reply["agent"] = str(agent) if agent else None
    buttons = data.get("buttons") if data else None
    if isinstance(buttons, list) and buttons:
        reply["buttons"] = [
            str(button.get("title") or "") for button in buttons if isinstance(button, Mapping)
        ]
    custom = data.get("custom") if data else None
    if isinstance(custom, Mapping) and custom.get("type") == "product_cards":
        cards = custom.get("cards") or []
        reply["products"] = [
            str(card.get("title") or "") for card in cards if isinstance(card, Mapping)
        ]
    return reply
