"""The kinds of demo conversation, each a short script a :class:`Shopper` plays.

A script says what the shopper types; the bot's answers are the bot's. Scripts vary by the
shopper's own random choices (a greeting first or not, which follow-up, a thanks or a
goodbye at the end), and :class:`~shopbot.demo.shopper.Shopper` reacts to the rating
question and the offer of a person wherever they come.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shopbot.demo.order_pools import DemoOrder
from shopbot.demo.shopper import HANDOVER_PAYLOAD, Shopper

__all__ = ["SCRIPTS", "Script"]

Script = Callable[[Shopper], None]

_POLICY_KINDS = (
    "policy_shipping",
    "policy_returns",
    "policy_payment",
    "policy_warranty",
    "policy_hours",
)
_FOLLOW_UPS = ("delivery_date", "carrier", "items")


def _order(shopper: Shopper) -> DemoOrder:
    order = shopper.plan.order
    if order is None:  # plans give every order scenario an order
        raise ValueError(f"{shopper.plan.scenario} needs an order")
    return order


def _maybe_greet(shopper: Shopper, chance: float = 0.35) -> None:
    if shopper.rng.random() < chance:
        shopper.say("greet")


def _sign_off(shopper: Shopper) -> None:
    """Thanks, goodbye or nothing. The bot asks for a rating when a served conversation winds
    down (over REST: at thanks or goodbye), so a shopper who will rate signs off."""
    roll = shopper.rng.random()
    if shopper.plan.rating.mode == "rate":
        roll *= 0.55
    if roll < 0.35:
        shopper.say("thanks")
    elif roll < 0.55:
        shopper.say("goodbye")


def _ask_about_order(shopper: Shopper, kind: str, order: DemoOrder) -> None:
    """The order question of ``kind`` with the number in it, or the number asked for."""
    if kind == "order_status" and shopper.rng.random() < 0.3:
        shopper.say("order_status_ask")
        shopper.say("give_number", number=order.number)
    else:
        shopper.say(kind, number=order.number)


def order_status(shopper: Shopper) -> None:
    """Where is my order: the number, then the right email."""
    order = _order(shopper)
    _maybe_greet(shopper)
    _ask_about_order(shopper, "order_status", order)
    shopper.say("give_email", email=order.email)
    _sign_off(shopper)


def order_followups(shopper: Shopper) -> None:
    """The status, then one or two questions about the verified order."""
    order = _order(shopper)
    _ask_about_order(shopper, "order_status", order)
    shopper.say("give_email", email=order.email)
    for kind in shopper.rng.sample(_FOLLOW_UPS, k=shopper.rng.choice((1, 2))):
        shopper.say(kind)
    _sign_off(shopper)


def _misspelt(email: str, shopper: Shopper) -> str:
    local, _, domain = email.partition("@")
    if len(local) > 2:
        cut = shopper.rng.randrange(1, len(local) - 1)
        local = local[:cut] + local[cut + 1 :]
    else:
        local += "x"
    return f"{local}@{domain}"


def wrong_email(shopper: Shopper) -> None:
    """A mistyped email first (the bot says it found nothing), then the right one."""
    order = _order(shopper)
    _ask_about_order(shopper, "order_status", order)
    shopper.say("give_email", email=_misspelt(order.email, shopper))
    shopper.say("give_number", number=order.number)
    shopper.say("give_email", email=order.email)
    _sign_off(shopper)


def cancel(shopper: Shopper) -> None:
    """A cancellation, confirmed or declined."""
    order = _order(shopper)
    shopper.say("cancel", number=order.number)
    shopper.say("give_email", email=order.email)
    shopper.say("affirm" if shopper.rng.random() < 0.65 else "deny")
    _sign_off(shopper)


def cancel_shipped(shopper: Shopper) -> None:
    """A cancellation of an order that has left: the bot says it cannot."""
    order = _order(shopper)
    shopper.say("cancel", number=order.number)
    shopper.say("give_email", email=order.email)
    _sign_off(shopper)


def _press_first_choice(shopper: Shopper) -> bool:
    """Press one of the bot's buttons (an item, a reason); whether there was one."""
    choices = [
        button
        for button in shopper.buttons(shopper.last)
        if str(button.get("payload") or "") not in ("", HANDOVER_PAYLOAD)
        and not str(button.get("payload")).startswith(("/rate_conversation", "/skip_feedback"))
    ]
    if not choices:
        return False
    shopper.press(str(shopper.rng.choice(choices)["payload"]))
    return True


def return_item(shopper: Shopper) -> None:
    """A return: the order, the email, the item and the reason from the bot's buttons."""
    order = _order(shopper)
    shopper.say("return", number=order.number)
    shopper.say("give_email", email=order.email)
    for _ in range(2):  # which item (when several), then why
        if not _press_first_choice(shopper):
            break
    _sign_off(shopper)


def refund(shopper: Shopper) -> None:
    """Where is my refund."""
    order = _order(shopper)
    shopper.say("refund", number=order.number)
    shopper.say("give_email", email=order.email)
    _sign_off(shopper)


def policy(shopper: Shopper) -> None:
    """One or two questions about the store's policies."""
    _maybe_greet(shopper)
    for kind in shopper.rng.sample(_POLICY_KINDS, k=shopper.rng.choice((1, 1, 2))):
        shopper.say(kind)
    _sign_off(shopper)


def search(shopper: Shopper) -> None:
    """A product search that finds things, a question about one, maybe more of them."""
    _maybe_greet(shopper, 0.25)
    if shopper.search("search_found"):
        shopper.say("product_detail")
        if shopper.rng.random() < 0.4:
            shopper.say("more_results")
    shopper.say("thanks" if shopper.rng.random() < 0.7 else "goodbye")


def search_nothing(shopper: Shopper) -> None:
    """A search for something the shop does not have (or not at that price)."""
    shopper.search("search_nothing")
    if shopper.rng.random() < 0.5:
        shopper.search("search_found")
    _sign_off(shopper)


def frustrated(shopper: Shopper) -> None:
    """An angry shopper: the bot apologises and offers a person once, taken or not."""
    order = _order(shopper)
    shopper.say("frustrated_order", number=order.number)
    if shopper.outcome.ticket is None:
        shopper.say("frustrated")
    if shopper.outcome.ticket is None:
        shopper.say("give_email", email=order.email)


def handover(shopper: Shopper) -> None:
    """Asking for a person, straight away or after a question."""
    if shopper.rng.random() < 0.5:
        shopper.say(shopper.rng.choice(("greet", *_POLICY_KINDS)))
    shopper.say("handover")


def fallback(shopper: Shopper) -> None:
    """Messages the bot does not understand; on the third in a row it hands over."""
    for _ in range(shopper.rng.choice((1, 2, 3))):
        shopper.say("garbled")
        if shopper.outcome.ticket:
            return
    if shopper.rng.random() < 0.5:
        shopper.say(shopper.rng.choice(_POLICY_KINDS))


def off_topic(shopper: Shopper) -> None:
    """Something the shop does not do, then perhaps a real question."""
    _maybe_greet(shopper)
    shopper.say("off_topic")
    if shopper.rng.random() < 0.5:
        shopper.say(shopper.rng.choice(_POLICY_KINDS))
    _sign_off(shopper)


#: Every kind of conversation of :data:`shopbot.demo.plans.SCENARIO_WEIGHTS`.
SCRIPTS: Mapping[str, Script] = {
    "order_status": order_status,
    "order_followups": order_followups,
    "wrong_email": wrong_email,
    "cancel": cancel,
    "cancel_shipped": cancel_shipped,
    "return": return_item,
    "refund": refund,
    "policy": policy,
    "search": search,
    "search_nothing": search_nothing,
    "frustrated": frustrated,
    "handover": handover,
    "fallback": fallback,
    "off_topic": off_topic,
}
