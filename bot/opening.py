"""The greeting of a known shopper, rendered inside the Rasa server (docs/opening.md).

The action server's reading (``actions/opening.py``) puts the known shopper's quick replies
into the ``opening_offers`` slot when they greet: a list of ``{"intent", "order_number"?,
"reason"}``, the ranked offers first, then the rest of the fixed menu. When the slot holds
such a list, ``utter_greet`` is rendered as ``utter_greet_known`` with these buttons, in the
conversation's language:

- an offer about an order: the title ``utter_offer_<intent>_for_order`` with its number, the
  payload ``/<intent>{"order_number":"<number>"}``;
- any other: the title the fixed menu (``utter_greet``'s buttons) gives that payload, else
  ``utter_offer_<intent>``.

Everything else in the slot is ignored (an intent outside :data:`OFFERABLE_INTENTS`, an
order number that is not digits, another shape): with nothing usable left, the greeting is
today's menu, unchanged. The slot is set by the action server only, never from a message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from core.errors import ResponseError

__all__ = [
    "GREETING",
    "KNOWN_GREETING",
    "OFFERABLE_INTENTS",
    "OFFERS_SLOT",
    "known_greeting",
    "offers_in",
]

OFFERS_SLOT = "opening_offers"
GREETING = "utter_greet"
KNOWN_GREETING = "utter_greet_known"
#: The intents a quick reply may send (shop.opening.ranking.OFFERABLE_INTENTS, which the
#: Rasa side may not import; tests/bot/test_opening_greeting.py keeps them equal).
OFFERABLE_INTENTS = frozenset(
    {
        "search_product",
        "order_status",
        "return_item",
        "cancel_order",
        "refund_status",
        "ask_shipping_policy",
        "ask_return_policy",
        "human_handoff",
    }
)
_ORDER_NUMBER = re.compile(r"^[0-9]{1,12}$")
_MAX_BUTTONS = 8

#: Renders one named response with arguments (raises ResponseError for an unknown name).
RenderOne = Callable[[str, Mapping[str, Any]], dict[str, Any]]


def offers_in(slots: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """The usable ``(intent, order number)`` offers of the slot, in order, without repeats."""
    raw = slots.get(OFFERS_SLOT)
    if not isinstance(raw, list):
        return []
    found: list[tuple[str, str | None]] = []
    for item in raw[:_MAX_BUTTONS]:
        if not isinstance(item, Mapping) or item.get("intent") not in OFFERABLE_INTENTS:
            continue
        number = item.get("order_number")
        if number is not None and not (isinstance(number, str) and _ORDER_NUMBER.match(number)):
            continue
        offer = (str(item["intent"]), number)
        if offer not in found:
            found.append(offer)
    return found


def _payload(intent: str, number: str | None) -> str:
    if number is None:
        return f"/{intent}"
    return f"/{intent}{json.dumps({'order_number': number}, separators=(',', ':'))}"


def _title(render_one: RenderOne, intent: str, number: str | None, menu: Mapping[str, str]) -> str:
    if number is not None:
        return str(render_one(f"utter_offer_{intent}_for_order", {"order_number": number})["text"])
    if f"/{intent}" in menu:
        return menu[f"/{intent}"]
    return str(render_one(f"utter_offer_{intent}", {})["text"])


def known_greeting(render_one: RenderOne, slots: Mapping[str, Any]) -> dict[str, Any] | None:
    """``utter_greet_known`` with the slot's offers as buttons; ``None`` when the slot
    holds none (the caller renders ``utter_greet`` as always)."""
    offers = offers_in(slots)
    if not offers:
        return None
    menu = {
        str(button.get("payload")): str(button.get("title"))
        for button in render_one(GREETING, {}).get("buttons") or []
        if isinstance(button, Mapping)
    }
    buttons = []
    for intent, number in offers:
        try:
            title = _title(render_one, intent, number, menu)
        except (ResponseError, KeyError):
            continue
        buttons.append({"title": title, "payload": _payload(intent, number)})
    if not buttons:
        return None
    message = render_one(KNOWN_GREETING, {})
    message["buttons"] = buttons
    return message
