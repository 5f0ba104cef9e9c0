"""Who the demo shoppers are and what each one will do: one plan per conversation.

Everything here is decided from the seed and the order database before anyone talks to the
bot, so the same seed on the same database gives the same plans (what the bot answers is
up to the bot). The first plans are a fixed showcase, one of each kind of conversation in
turning languages, so that even a small ``--n`` has a hand-over, a rating, a failed search
and several languages; the rest are drawn by weight.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from shopbot.demo.order_pools import ORDER_STATUSES, DemoOrder, OrderPools
from shopbot.demo.shopper_lines import DEMO_LANGUAGES

__all__ = [
    "SCENARIO_WEIGHTS",
    "SHOWCASE",
    "AgentPlan",
    "ConversationPlan",
    "RatingPlan",
    "plan_conversations",
    "sender_id",
]

AgentPlan = Literal["answer", "hold", "leave"]
"""What the demo agent does with the conversation's ticket: answer and hand back, answer
and keep it, or leave it open."""
RatingMode = Literal["rate", "skip", "ignore"]


@dataclass(frozen=True)
class RatingPlan:
    """How the shopper answers the 1-5 question, if the bot asks it."""

    mode: RatingMode
    value: int = 0
    comment: bool = False


@dataclass(frozen=True)
class ConversationPlan:
    """One demo conversation, decided in advance."""

    index: int
    sender: str
    language: str
    scenario: str
    #: Seeds the shopper's own choices (which line, which button), whatever the thread.
    seed: int
    order: DemoOrder | None
    rating: RatingPlan
    accepts_offer: bool
    agent: AgentPlan


#: Kinds of conversation and their weights (shopbot/demo/scripts.py plays them).
SCENARIO_WEIGHTS: Mapping[str, int] = {
    "order_status": 15,
    "order_followups": 6,
    "wrong_email": 5,
    "cancel": 6,
    "cancel_shipped": 2,
    "return": 6,
    "refund": 5,
    "policy": 12,
    "search": 14,
    "search_nothing": 6,
    "frustrated": 7,
    "handover": 7,
    "fallback": 5,
    "off_topic": 4,
}

#: The first conversations of every run: each kind once, in turning languages.
SHOWCASE: tuple[tuple[str, str], ...] = (
    ("order_status", "en"),
    ("handover", "es"),
    ("search_nothing", "de"),
    ("frustrated", "fr"),
    ("search", "it"),
    ("wrong_email", "en"),
    ("fallback", "pt"),
    ("policy", "nl"),
    ("cancel", "zh"),
    ("return", "en"),
    ("refund", "es"),
    ("off_topic", "de"),
    ("order_followups", "fr"),
    ("cancel_shipped", "en"),
)

_RATINGS = (1, 2, 3, 4, 5)
_HAPPY_WEIGHTS = (4, 5, 12, 30, 49)
_UNHAPPY_WEIGHTS = (30, 25, 20, 15, 10)
_UNHAPPY = frozenset({"wrong_email", "cancel_shipped", "frustrated", "fallback"})


def sender_id(seed: int, index: int) -> str:
    """The conversation id of plan ``index`` of a run with ``seed`` (REST-channel safe)."""
    return f"demo-{seed}-{index:04d}"


def _rating(scenario: str, rng: random.Random) -> RatingPlan:
    mode: RatingMode = rng.choices(("rate", "skip", "ignore"), weights=(65, 20, 15))[0]
    if mode != "rate":
        return RatingPlan(mode)
    weights = _UNHAPPY_WEIGHTS if scenario in _UNHAPPY else _HAPPY_WEIGHTS
    value = rng.choices(_RATINGS, weights=weights)[0]
    return RatingPlan("rate", value, comment=rng.random() < 0.4)


def _agent(rng: random.Random) -> AgentPlan:
    plan: AgentPlan = rng.choices(("answer", "hold", "leave"), weights=(55, 15, 30))[0]
    return plan


def _scenario_and_language(index: int, rng: random.Random) -> tuple[str, str]:
    if index < len(SHOWCASE):
        return SHOWCASE[index]
    scenario = rng.choices(list(SCENARIO_WEIGHTS), weights=list(SCENARIO_WEIGHTS.values()))[0]
    language = rng.choices(list(DEMO_LANGUAGES), weights=list(DEMO_LANGUAGES.values()))[0]
    return scenario, language


def plan_conversations(n: int, seed: int, orders: OrderPools) -> list[ConversationPlan]:
    """``n`` conversation plans for ``seed`` (the showcase first, then drawn by weight).

    A kind whose orders ran out becomes a plain order-status conversation, or a policy
    question when there are no orders at all.
    """
    rng = random.Random(seed)
    plans = []
    for index in range(n):
        scenario, language = _scenario_and_language(index, rng)
        order = orders.take(scenario, rng)
        if scenario in ORDER_STATUSES or scenario == "return":
            if order is None:
                scenario = "order_status"
                order = orders.take(scenario, rng)
            if order is None:
                scenario = "policy"
        showcase = index < len(SHOWCASE)
        rating = RatingPlan("rate", 5, comment=True) if index == 0 else _rating(scenario, rng)
        plans.append(
            ConversationPlan(
                index=index,
                sender=sender_id(seed, index),
                language=language,
                scenario=scenario,
                seed=rng.randrange(2**32),
                order=order,
                rating=rating,
                # The showcase's frustrated shopper takes the offer; its agent answers.
                accepts_offer=showcase or rng.random() < 0.6,
                agent="answer" if showcase else _agent(rng),
            )
        )
    return plans
