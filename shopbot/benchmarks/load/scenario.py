"""What the load test's shoppers say: one plan per conversation, decided before the run.

Each conversation has its own sender id (``load-<run>-<index>``), a language (round robin
over the languages asked for, the first four being English, German, Spanish and French), a
loopback address of its own where the server is on loopback (the channels limit messages
per network client, as for real shoppers), and exactly ``turns`` turns:

- the main part, acts in a rotating order: an **order status** (the question with a real
  demo order's number, then the order's email for the verification), a **return** (the
  question with a returnable order's number, the email, then a press on the bot's first
  choice: the item, or the reason when the order has one returnable item, which registers
  the return on the demo order), a **product search**, a **policy question**; repeated as
  long as turns last, an act that would not fit whole replaced by a one-turn one;
- the ending: a **rating** (thanks, which winds a served conversation down so the bot asks
  for a 1-5 rating, then the rating's button payload) or, in one conversation of four, a
  **hand-over** (asking for a person; the bot pauses, so nothing follows it).

Every turn has a kind (:data:`TURN_KINDS`), the locust request name, so latency and errors
are counted per kind. The lines are the demo shoppers' (:mod:`shopbot.demo.shopper_lines`),
checked against the trained model in every reply language.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

from shopbot.demo.order_pools import DemoOrder
from shopbot.demo.shopper import HANDOVER_PAYLOAD, RATING_PAYLOAD, SKIP_FEEDBACK_PAYLOAD
from shopbot.demo.shopper_lines import LINES

__all__ = [
    "ACTS",
    "LANGUAGES",
    "TURN_KINDS",
    "ConversationPlan",
    "LoadOrders",
    "Turn",
    "button_payloads",
    "choose_text",
    "plan_conversation",
    "plan_conversations",
    "sender_prefix",
]

#: Reply languages in the order conversations take them (at least the first four are used).
LANGUAGES: Final = ("en", "de", "es", "fr", "it", "pt", "nl", "zh")
#: The main acts, in the order the first conversation takes them (the next ones rotate).
ACTS: Final = ("order_status", "product_search", "return", "policy")
#: Acts of one turn, where a longer one would not fit.
SHORT_ACTS: Final = ("product_search", "policy")
#: Every turn kind (a locust request name), in the order the figures list them.
TURN_KINDS: Final = (
    "order_status",
    "order_verify",
    "return",
    "return_verify",
    "return_choice",
    "product_search",
    "policy",
    "handover",
    "thanks",
    "rating",
)
_POLICY_LINES = (
    "policy_shipping",
    "policy_returns",
    "policy_payment",
    "policy_warranty",
    "policy_hours",
)
#: One conversation in this many ends with a hand-over instead of a rating.
HANDOVER_EVERY = 4
_RATING_PREFIX = "/rate_conversation"
#: Buttons that are not a choice of item (the person, the rating, skipping it).
_NOT_A_CHOICE = (HANDOVER_PAYLOAD, SKIP_FEEDBACK_PAYLOAD, _RATING_PREFIX)


@dataclass(frozen=True)
class Turn:
    """One message of a plan. ``press_choice``: press the first item button of the bot's
    last reply instead, when it has one (else send ``text`` as a turn of ``fallback_kind``)."""

    kind: str
    text: str
    press_choice: bool = False
    fallback_kind: str = ""


@dataclass(frozen=True)
class ConversationPlan:
    """One conversation of the load test, decided in advance."""

    index: int
    sender: str
    language: str
    #: The loopback address to connect from; None: the ordinary one.
    client_address: str | None
    #: The order numbers this conversation asks about (its replies may name only these).
    orders: tuple[str, ...]
    turns: tuple[Turn, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (the locust process reads it back with :meth:`from_dict`)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConversationPlan:
        """The plan :meth:`to_dict` wrote."""
        return cls(
            index=int(data["index"]),
            sender=str(data["sender"]),
            language=str(data["language"]),
            client_address=data.get("client_address"),
            orders=tuple(str(number) for number in data["orders"]),
            turns=tuple(Turn(**turn) for turn in data["turns"]),
        )


@dataclass(frozen=True)
class LoadOrders:
    """Real demo orders to ask about: any status for the status question, delivered ones
    with a returnable line for the return."""

    status: Sequence[DemoOrder]
    returnable: Sequence[DemoOrder]

    def for_status(self, index: int) -> DemoOrder:
        """The ``index``-th conversation's order for the status question."""
        return self.status[index % len(self.status)]

    def for_return(self, index: int) -> DemoOrder:
        """The ``index``-th conversation's order for the return (a status order if the
        database has no returnable one)."""
        pool = self.returnable or self.status
        return pool[index % len(pool)]


def sender_prefix(run_id: str) -> str:
    """The prefix of every conversation id of run ``run_id`` (what the stores are read by)."""
    return f"load-{run_id}-"


def _line(kind: str, language: str, rng: random.Random, **fields: str) -> str:
    by_language = LINES[kind]
    return rng.choice(by_language.get(language) or by_language["en"]).format(**fields)


def _act(
    act: str, language: str, rng: random.Random, orders: LoadOrders, index: int
) -> tuple[list[Turn], str | None]:
    """The turns of one act, and the order number it asks about."""
    if act == "order_status":
        order = orders.for_status(index)
        return [
            Turn("order_status", _line("order_status", language, rng, number=order.number)),
            Turn("order_verify", _line("give_email", language, rng, email=order.email)),
        ], order.number
    if act == "return":
        order = orders.for_return(index)
        return [
            Turn("return", _line("return", language, rng, number=order.number)),
            Turn("return_verify", _line("give_email", language, rng, email=order.email)),
            Turn(
                "return_choice",
                _line("policy_returns", language, rng),
                press_choice=True,
                fallback_kind="policy",
            ),
        ], order.number
    if act == "product_search":
        return [Turn("product_search", _line("search_found", language, rng))], None
    if act == "policy":
        return [Turn("policy", _line(rng.choice(_POLICY_LINES), language, rng))], None
    raise ValueError(f"unknown act {act!r}")


def _ending(mix: int, language: str, rng: random.Random) -> list[Turn]:
    if mix % HANDOVER_EVERY == HANDOVER_EVERY - 1:
        return [Turn("handover", _line("handover", language, rng))]
    rating = 1 + mix % 5
    return [
        Turn("thanks", _line("thanks", language, rng)),
        Turn("rating", RATING_PAYLOAD.format(value=rating)),
    ]


def plan_conversation(
    index: int,
    *,
    turns: int,
    run_id: str,
    languages: Sequence[str],
    orders: LoadOrders,
    seed: int,
    client_address: str | None = None,
) -> ConversationPlan:
    """Conversation ``index`` of ``turns`` turns (see the module docstring)."""
    if turns < 1:
        raise ValueError("a conversation has at least one turn")
    rng = random.Random(seed * 1_000_003 + index)
    language = languages[index % len(languages)]
    # The story turns with each conversation and once more per round of languages, so that
    # every language gets every opening and both endings.
    mix = index + index // len(languages)
    ending = _ending(mix, language, rng)
    main_turns = turns - len(ending) if turns > len(ending) else turns
    start = mix % len(ACTS)
    main: list[Turn] = []
    numbers: list[str] = []
    act_number = 0
    while len(main) < main_turns:
        act = ACTS[(start + act_number) % len(ACTS)]
        act_turns, number = _act(act, language, rng, orders, index + act_number)
        if len(main) + len(act_turns) > main_turns:  # no room left: a one-turn act instead
            act = SHORT_ACTS[act_number % len(SHORT_ACTS)]
            act_turns, number = _act(act, language, rng, orders, index + act_number)
        main.extend(act_turns)
        if number is not None and number not in numbers:
            numbers.append(number)
        act_number += 1
    planned = main + (ending if turns > len(ending) else [])
    return ConversationPlan(
        index=index,
        sender=f"{sender_prefix(run_id)}{index:05d}",
        language=language,
        client_address=client_address,
        orders=tuple(numbers),
        turns=tuple(planned),
    )


def plan_conversations(
    conversations: int,
    *,
    turns: int,
    run_id: str,
    languages: Sequence[str],
    orders: LoadOrders,
    seed: int,
    addresses: Sequence[str | None] = (),
) -> list[ConversationPlan]:
    """``conversations`` plans; ``addresses[i]`` is conversation i's source address."""
    if not orders.status:
        raise ValueError("no demo orders to ask about (seed the order database first)")
    return [
        plan_conversation(
            index,
            turns=turns,
            run_id=run_id,
            languages=languages,
            orders=orders,
            seed=seed,
            client_address=addresses[index] if index < len(addresses) else None,
        )
        for index in range(conversations)
    ]


def button_payloads(messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """The payloads of the buttons among the bot's ``messages``."""
    payloads = []
    for message in messages:
        for button in message.get("buttons") or []:
            if isinstance(button, Mapping) and button.get("payload"):
                payloads.append(str(button["payload"]))
    return payloads


def choose_text(turn: Turn, last_reply: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """What to send for ``turn`` after the bot's ``last_reply``: (kind, text)."""
    if not turn.press_choice:
        return turn.kind, turn.text
    for payload in button_payloads(last_reply):
        if not payload.startswith(_NOT_A_CHOICE):
            return turn.kind, payload
    return turn.fallback_kind or turn.kind, turn.text
