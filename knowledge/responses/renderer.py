"""Rendering one named response in the conversation's language.

Rasa's generator (``bot/nlg.py``) asks for every response the bot utters (rules' ``utter_*``
actions and the custom actions' ``dispatcher.utter_message(response=...)`` alike) with the
response's name, the action's arguments, the tracker (``{"slots": ..., "events": ...}``,
the events of the latest turn at least) and the channel's name, and expects the message
back (``text``, ``buttons``, ``image``, ``custom``, ...). Here:

- the language is the tracker's ``language`` slot when responses exist in it, else English;
- variations are filtered as Rasa does: a ``channel`` variation for that channel wins over
  those without one; ``condition`` lists (slot equals value) must all hold;
- ``{placeholders}`` are filled from the slots, then the action's arguments (which win),
  recursively in text, buttons and custom payloads; unknown ones stay as written;
- on the first response of a turn in which the shopper wrote in a language the bot
  understands but does not write (the ``language_notice`` slot set to ``not_spoken`` after
  their message), ``utter_language_not_spoken`` comes first, in English.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.responses.catalog import ResponseCatalog, Variation

__all__ = ["NOTICE_SLOT", "NOT_SPOKEN", "render"]

NOTICE_SLOT = "language_notice"
NOT_SPOKEN = "not_spoken"
_NOTICE_RESPONSE = "utter_language_not_spoken"
_PLACEHOLDER = re.compile(r"\{([^\n{}]+?)\}")
_MESSAGE_KEYS = ("text", "buttons", "image", "custom", "elements", "attachment", "quick_replies")


def render(
    catalog: ResponseCatalog,
    name: str,
    arguments: Mapping[str, Any],
    tracker: Mapping[str, Any],
    channel: str | None = None,
    *,
    chooser: random.Random | None = None,
) -> dict[str, Any]:
    """The message for response ``name`` (raises ``ResponseError`` for unknown names)."""
    slots = tracker.get("slots") or {}
    language = str(slots.get("language") or catalog.default_language)
    _used, variations = catalog.variations(name, language)
    chosen = _choose(variations, slots, channel, chooser or random.Random())
    values = {**{k: v for k, v in slots.items() if v is not None}}
    values.update({k: v for k, v in arguments.items() if v is not None})
    message = {key: _fill(chosen[key], values) for key in _MESSAGE_KEYS if key in chosen}
    if name != _NOTICE_RESPONSE and _owes_notice(tracker):
        _used, notice = catalog.variations(_NOTICE_RESPONSE, catalog.default_language)
        prefix = str(_fill(notice[0].get("text", ""), values))
        message["text"] = f"{prefix}\n\n{message['text']}" if message.get("text") else prefix
    return message


def _choose(
    variations: Sequence[Variation],
    slots: Mapping[str, Any],
    channel: str | None,
    chooser: random.Random,
) -> Variation:
    fitting = [v for v in variations if _conditions_hold(v, slots)] or list(variations)
    for_channel = [v for v in fitting if channel and v.get("channel") == channel]
    general = [v for v in fitting if not v.get("channel")]
    return chooser.choice(for_channel or general or fitting)


def _conditions_hold(variation: Variation, slots: Mapping[str, Any]) -> bool:
    conditions = variation.get("condition") or []
    return all(
        condition.get("type", "slot") == "slot"
        and slots.get(condition.get("name")) == condition.get("value")
        for condition in conditions
    )


def _fill(value: Any, values: Mapping[str, Any]) -> Any:
    """``{name}`` replaced by ``values[name]`` in strings, lists and mappings."""
    if isinstance(value, str):
        return _PLACEHOLDER.sub(
            lambda match: str(values[match.group(1)]) if match.group(1) in values else match[0],
            value,
        )
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items()}
    return value


def _owes_notice(tracker: Mapping[str, Any]) -> bool:
    """True when the shopper's latest message set the not-spoken notice and the bot has not
    answered it yet (this is the first response of the turn)."""
    events: Sequence[Mapping[str, Any]] = tracker.get("events") or []
    noticed = False
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            return noticed
        if kind == "bot":
            return False
        if kind == "slot" and event.get("name") == NOTICE_SLOT:
            noticed = noticed or event.get("value") == NOT_SPOKEN
    return False
