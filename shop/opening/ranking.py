"""The likely reasons a known shopper writes, ranked, as quick-reply offers (pure).

Input: the state of the customer's recent orders (:class:`OrderSignal`, read by
:mod:`shop.opening.signals`) and the intents of their previous conversation. Each state
makes one or two offers of an existing intent about that order, with a weight for how
urgently a shopper in that state usually writes (a parcel in trouble first, then money
owed to them, then what is merely on its way, then a possible return); a state's weight
fades a little with its age. What they asked last time adds its own offer (order-free),
or lifts the matching order offer. The best offers come first; the fixed menu fills the
rest, so a known shopper still sees every usual choice. An unknown shopper gets
:data:`FIXED_MENU`, today's menu, unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = [
    "FIXED_MENU",
    "MENU_SIZE",
    "OFFERABLE_INTENTS",
    "Offer",
    "OrderSignal",
    "OrderState",
    "menu_with",
    "rank_offers",
]


class OrderState(StrEnum):
    """What an order's state suggests the shopper may write about."""

    EXCEPTION = "exception"  # a carrier exception or failed delivery attempt
    DELAYED = "delayed"
    NOT_DISPATCHED_LATE = "not_dispatched_late"  # still in the warehouse after its date
    OUT_FOR_DELIVERY_TODAY = "out_for_delivery_today"
    REFUND_PENDING = "refund_pending"
    RETURN_IN_PROGRESS = "return_in_progress"
    IN_TRANSIT = "in_transit"
    AWAITING_DISPATCH = "awaiting_dispatch"
    DELIVERED_RECENTLY = "delivered_recently"


@dataclass(frozen=True)
class OrderSignal:
    """One order in one state, since when."""

    order_number: str
    state: OrderState
    since: datetime


@dataclass(frozen=True)
class Offer:
    """A quick reply: an intent, the order it is about (or none), and why it is offered."""

    intent: str
    order_number: str | None = None
    reason: str = "menu"
    score: float = 0.0

    @property
    def payload(self) -> str:
        """The intent as a payload, with the order number as entity when there is one."""
        if self.order_number is None:
            return f"/{self.intent}"
        entities = json.dumps({"order_number": self.order_number}, separators=(",", ":"))
        return f"/{self.intent}{entities}"

    def as_slot(self) -> dict[str, str]:
        """What the greeting's renderer reads (``bot/opening.py``)."""
        slot = {"intent": self.intent, "reason": self.reason}
        if self.order_number is not None:
            slot["order_number"] = self.order_number
        return slot


#: Today's greeting menu (``utter_greet``'s buttons, in order).
FIXED_MENU: tuple[Offer, ...] = tuple(
    Offer(intent)
    for intent in (
        "search_product",
        "order_status",
        "return_item",
        "cancel_order",
        "ask_shipping_policy",
        "human_handoff",
    )
)
#: How many quick replies the greeting shows.
MENU_SIZE = len(FIXED_MENU)

#: Each state's offers: (intent, weight). Weights order the states by urgency.
_STATE_OFFERS: dict[OrderState, tuple[tuple[str, float], ...]] = {
    OrderState.EXCEPTION: (("order_status", 100.0),),
    OrderState.DELAYED: (("order_status", 95.0),),
    OrderState.NOT_DISPATCHED_LATE: (("order_status", 90.0), ("cancel_order", 60.0)),
    OrderState.OUT_FOR_DELIVERY_TODAY: (("order_status", 85.0),),
    OrderState.REFUND_PENDING: (("refund_status", 80.0),),
    OrderState.RETURN_IN_PROGRESS: (("refund_status", 75.0),),
    OrderState.IN_TRANSIT: (("order_status", 55.0),),
    OrderState.AWAITING_DISPATCH: (("order_status", 50.0), ("cancel_order", 35.0)),
    OrderState.DELIVERED_RECENTLY: (("return_item", 40.0),),
}
#: What a previous conversation's intent suggests offering again.
_PREVIOUS_TO_OFFER: dict[str, str] = {
    "order_status": "order_status",
    "ask_delivery_date": "order_status",
    "ask_carrier": "order_status",
    "ask_order_items": "order_status",
    "cancel_order": "cancel_order",
    "return_item": "return_item",
    "refund_status": "refund_status",
    "search_product": "search_product",
    "more_results": "search_product",
    "ask_product_detail": "search_product",
    "ask_similar_products": "search_product",
    "ask_bought_together": "search_product",
    "ask_recommendation": "search_product",
    "ask_shipping_policy": "ask_shipping_policy",
    "ask_return_policy": "ask_return_policy",
    "human_handoff": "human_handoff",
}
#: Every intent an offer may name (each has a quick-reply title per language).
OFFERABLE_INTENTS: frozenset[str] = frozenset(
    {offer.intent for offer in FIXED_MENU}
    | {intent for offers in _STATE_OFFERS.values() for intent, _ in offers}
    | set(_PREVIOUS_TO_OFFER.values())
)
_PREVIOUS_WEIGHT = 30.0
_LAST_PREVIOUS_BONUS = 10.0
_MATCHING_PREVIOUS_BONUS = 15.0
_FADE_PER_DAY = 0.5
_MAX_FADE_DAYS = 30.0
_PER_INTENT = 2


def _fade(signal: OrderSignal, now: datetime) -> float:
    days = max(0.0, (now - signal.since).total_seconds() / 86400)
    return _FADE_PER_DAY * min(days, _MAX_FADE_DAYS)


def rank_offers(
    signals: Iterable[OrderSignal],
    previous_intents: Sequence[str],
    now: datetime,
    limit: int = 3,
) -> list[Offer]:
    """The ``limit`` likeliest reasons, best first (empty when nothing is known)."""
    best: dict[tuple[str, str | None], Offer] = {}
    for signal in signals:
        for intent, weight in _STATE_OFFERS[signal.state]:
            score = weight - _fade(signal, now)
            state_key: tuple[str, str | None] = (intent, signal.order_number)
            if state_key not in best or best[state_key].score < score:
                best[state_key] = Offer(intent, signal.order_number, signal.state.value, score)
    previous = [_PREVIOUS_TO_OFFER[i] for i in previous_intents if i in _PREVIOUS_TO_OFFER]
    for position, intent in enumerate(dict.fromkeys(reversed(previous))):
        bonus = _LAST_PREVIOUS_BONUS if position == 0 else 0.0
        about_orders = [key for key in best if key[0] == intent]
        if about_orders:
            for key in about_orders:
                offer = best[key]
                best[key] = Offer(
                    offer.intent,
                    offer.order_number,
                    offer.reason,
                    offer.score + _MATCHING_PREVIOUS_BONUS + bonus,
                )
        else:
            best[(intent, None)] = Offer(intent, None, "previous", _PREVIOUS_WEIGHT + bonus)
    ranked = sorted(best.values(), key=lambda o: (-o.score, o.intent, o.order_number or ""))
    chosen: list[Offer] = []
    per_intent: dict[str, int] = {}
    for offer in ranked:
        if per_intent.get(offer.intent, 0) < _PER_INTENT:
            per_intent[offer.intent] = per_intent.get(offer.intent, 0) + 1
            chosen.append(offer)
    return chosen[: max(0, limit)]


def menu_with(offers: Sequence[Offer]) -> list[Offer]:
    """The greeting's quick replies: ``offers`` first, then the fixed menu's other choices,
    :data:`MENU_SIZE` in all, always ending with a person."""
    offered = {offer.intent for offer in offers}
    rest = [item for item in FIXED_MENU if item.intent not in offered]
    menu = [*offers, *rest][:MENU_SIZE]
    if not any(item.intent == "human_handoff" for item in menu):
        menu[-1] = FIXED_MENU[-1]
    return menu
