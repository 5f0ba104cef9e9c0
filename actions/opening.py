"""The opening offers on the action side (docs/opening.md).

Two hooks, both quiet on failure (the greeting and the verification go on without them):

- :func:`read_opening`, one of ``action_read_message``'s readings: on a greeting (the
  widget's ``/greet`` when a conversation starts, Telegram's ``/start``, a typed "hi") it
  finds the shopper (the shop page's signed token in the message's metadata, or a
  messaging id that verified an order before) and sets ``opening_offers`` to the ranked
  offers followed by the rest of the fixed menu, which the greeting's buttons show
  (``bot/opening.py``, inside the Rasa server).
  An unknown shopper's slot stays empty, and the greeting is today's menu;
- :func:`remember_verified`, called when the order form verifies an order: the
  conversation id is linked (by keyed hash) to the order's customer, with the intents of
  the conversation so far ("what they did last time").
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rasa_sdk.events import SlotSet

from actions.services import get_services
from core.conversation_events import is_external_message
from core.errors import ShopbotError
from shop.opening.ranking import menu_with
from shop.opening.service import Opening, OpeningService

if TYPE_CHECKING:
    from rasa_sdk import Tracker

__all__ = ["GREETING_INTENTS", "OFFERS_SLOT", "read_opening", "remember_verified"]

logger = logging.getLogger(__name__)

#: The slot the greeting's renderer reads (a list of {"intent", "order_number", "reason"}).
OFFERS_SLOT = "opening_offers"
#: The intents that open a conversation.
GREETING_INTENTS = frozenset({"greet"})


def _intent(message: Mapping[str, Any]) -> str:
    intent = message.get("intent") or {}
    return str(intent.get("name") or "") if isinstance(intent, Mapping) else ""


def _opening(tracker: Tracker) -> Opening:
    services = get_services()
    metadata = (tracker.latest_message or {}).get("metadata")
    try:
        return OpeningService(services.database, services.settings).opening(
            tracker.sender_id, metadata if isinstance(metadata, Mapping) else {}
        )
    except ShopbotError as error:
        logger.warning("opening offers unavailable (%s): the fixed menu", type(error).__name__)
        return Opening()


def read_opening(tracker: Tracker) -> list[dict[str, Any]]:
    """On a greeting, the known shopper's offers into ``opening_offers`` (or it emptied)."""
    message = tracker.latest_message or {}
    if is_external_message(message) or _intent(message) not in GREETING_INTENTS:
        return []
    ranked = _opening(tracker).offers
    offers = [offer.as_slot() for offer in menu_with(ranked)] if ranked else None
    if offers == tracker.get_slot(OFFERS_SLOT):
        return []
    return [SlotSet(OFFERS_SLOT, offers)]


def _intents_so_far(tracker: Tracker) -> list[str]:
    names = []
    for event in tracker.events:
        if event.get("event") == "user" and not is_external_message(event):
            name = _intent(event.get("parse_data") or {})
            if name:
                names.append(name)
    return names


def remember_verified(tracker: Tracker, order_number: str) -> None:
    """Link the conversation to the customer of the order it just verified."""
    services = get_services()
    try:
        opening = OpeningService(services.database, services.settings)
        opening.identities.link_order(tracker.sender_id, order_number, _intents_so_far(tracker))
    except ShopbotError as error:
        logger.warning("could not remember the verified shopper (%s)", type(error).__name__)
