"""The demo conversations' plans and the shopper's reactions, without a bot: the same seed
gives the same plans, the showcase comes first, an order that a conversation changes is
used once, and the shopper answers the rating question and the offer of a person as its
plan says (a stand-in client plays the bot)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from shop.rasa_api import BotMessage
from shopbot.demo.conversations import shopper_address
from shopbot.demo.order_pools import DemoOrder, OrderPools
from shopbot.demo.plans import SHOWCASE, ConversationPlan, RatingPlan, plan_conversations
from shopbot.demo.scripts import SCRIPTS
from shopbot.demo.shopper import HANDOVER_PAYLOAD, Shopper
from shopbot.demo.shopper_lines import DEMO_LANGUAGES, LINES

STATUSES = (
    "paid",
    "packed",
    "shipped",
    "in_transit",
    "delayed",
    "out_for_delivery",
    "delivered",
    "refunded",
    "returned",
    "return_requested",
)


def pools(per_status: int = 30) -> OrderPools:
    by_status = {
        status: [
            DemoOrder(f"{100000 + 100 * rank + index}", f"c{rank}{index}@example.com", status)
            for index in range(per_status)
        ]
        for rank, status in enumerate(STATUSES)
    }
    return OrderPools(by_status, returnable=by_status["delivered"][: per_status // 2])


def test_the_same_seed_gives_the_same_plans_and_the_showcase_first() -> None:
    first = plan_conversations(120, 7, pools())
    assert first == plan_conversations(120, 7, pools())
    assert first != plan_conversations(120, 8, pools())
    assert [(p.scenario, p.language) for p in first[: len(SHOWCASE)]] == list(SHOWCASE)
    assert [p.sender for p in first[:2]] == ["demo-7-0000", "demo-7-0001"]
    assert set(SCRIPTS) >= {plan.scenario for plan in first}


def test_more_english_and_every_language() -> None:
    languages = Counter(plan.language for plan in plan_conversations(600, 3, pools(200)))
    assert set(languages) == set(DEMO_LANGUAGES)
    assert languages.most_common(1)[0][0] == "en"


def test_an_order_a_conversation_changes_is_used_once() -> None:
    plans = plan_conversations(400, 5, pools())
    changed = [p.order.number for p in plans if p.scenario in ("cancel", "return") and p.order]
    assert changed and len(changed) == len(set(changed))
    for plan in plans:
        if plan.scenario in ("order_status", "cancel", "return", "refund", "wrong_email"):
            assert plan.order is not None, plan


def test_without_orders_the_order_kinds_become_questions() -> None:
    plans = plan_conversations(40, 1, OrderPools({}))
    assert all(plan.order is None for plan in plans)
    assert not {plan.scenario for plan in plans} & {"cancel", "return", "refund"}


def test_every_line_kind_exists_in_every_language() -> None:
    for kind, by_language in LINES.items():
        assert set(by_language) == set(DEMO_LANGUAGES), kind
        assert all(by_language.values()), kind


def test_each_shopper_has_its_own_loopback_address() -> None:
    addresses = {shopper_address("http://127.0.0.1:5005", index) for index in range(600)}
    assert len(addresses) == 600 and all(a and a.startswith("127.42.") for a in addresses)
    assert shopper_address("http://localhost:5005", 1) is None
    assert shopper_address("https://bot.example.com", 1) is None


RATING_BUTTONS = [
    {"title": str(v), "payload": f'/rate_conversation{{"satisfaction_rating": "{v}"}}'}
    for v in range(1, 6)
] + [{"title": "Skip", "payload": "/skip_feedback"}]


ANGRY = {line.format(number="104876") for line in LINES["frustrated_order"]["en"]}


class FakeBot:
    """Answers the order status with the rating question, a rating with the comment
    question, an angry message with the offer of a person, a hand-over with a ticket."""

    def __init__(self) -> None:
        self.heard: list[str] = []

    def send(self, sender: str, message: str, metadata: Any = None) -> list[BotMessage]:
        self.heard.append(message)
        if "@" in message:
            return [{"text": "It's on its way."}, {"text": "Rate me", "buttons": RATING_BUTTONS}]
        if message.startswith("/rate_conversation"):
            return [{"text": "Add?", "buttons": [{"title": "No", "payload": "/skip_feedback"}]}]
        if message == HANDOVER_PAYLOAD:
            return [{"text": "I've passed it on (ticket T-000042)."}]
        if message in ANGRY:
            return [
                {"text": "Sorry.", "buttons": [{"title": "Person", "payload": HANDOVER_PAYLOAD}]}
            ]
        return [{"text": "And your email?"}]


def plan(scenario: str, rating: RatingPlan, accepts_offer: bool = False) -> ConversationPlan:
    order = DemoOrder("104876", "ann@example.com", "delayed")
    return ConversationPlan(
        0, "demo-1-0000", "en", scenario, 1, order, rating, accepts_offer, "leave"
    )


def test_the_shopper_rates_and_comments_as_planned() -> None:
    bot = FakeBot()
    shopper = Shopper(bot, plan("order_status", RatingPlan("rate", 2, comment=True)))
    SCRIPTS["order_status"](shopper)
    assert '/rate_conversation{"satisfaction_rating": "2"}' in bot.heard
    assert shopper.outcome.rating == 2 and shopper.outcome.comment
    comment = bot.heard[bot.heard.index('/rate_conversation{"satisfaction_rating": "2"}') + 1]
    assert comment in LINES["comment_bad"]["en"]


def test_the_shopper_skips_or_ignores_the_rating() -> None:
    skipping = FakeBot()
    shopper = Shopper(skipping, plan("order_status", RatingPlan("skip")))
    SCRIPTS["order_status"](shopper)
    assert "/skip_feedback" in skipping.heard and shopper.outcome.rating_skipped
    ignoring = FakeBot()
    shopper = Shopper(ignoring, plan("order_status", RatingPlan("ignore")))
    SCRIPTS["order_status"](shopper)
    assert not any(m.startswith(("/rate", "/skip")) for m in ignoring.heard)


def test_a_frustrated_shopper_takes_the_offer_and_gets_a_ticket() -> None:
    bot = FakeBot()
    shopper = Shopper(bot, plan("frustrated", RatingPlan("ignore"), accepts_offer=True))
    SCRIPTS["frustrated"](shopper)
    assert shopper.outcome.offered_person and shopper.outcome.ticket == "T-000042"
    assert bot.heard.count(HANDOVER_PAYLOAD) == 1
