"""One demo shopper talking to the real bot over the REST channel.

The shopper types lines of :mod:`shopbot.demo.shopper_lines` in the plan's language, and
reacts to what the bot says the way the plan decided: the 1-5 question is rated (with a
comment or not), skipped or ignored; the offer of a person is taken or not. What happened
is kept in an :class:`Outcome` for the run's summary.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from shop.rasa_api import BotMessage
from shopbot.demo.plans import ConversationPlan
from shopbot.demo.shopper_lines import LINES

__all__ = ["HANDOVER_PAYLOAD", "Bot", "Outcome", "Shopper"]

HANDOVER_PAYLOAD = "/human_handoff"
SKIP_FEEDBACK_PAYLOAD = "/skip_feedback"
RATING_PAYLOAD = '/rate_conversation{{"satisfaction_rating": "{value}"}}'
_RATING_PREFIX = "/rate_conversation"
_TICKET = re.compile(r"\bT-\d{6}\b")
#: Attempts at one message the channel refused for its rate (429), waiting as it says.
RATE_LIMIT_ATTEMPTS = 6
MAX_RETRY_SECONDS = 30.0


class Bot(Protocol):
    """What the shopper talks to: the REST channel (:class:`shop.rasa_api.RasaClient`)."""

    def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """The bot's messages in answer to ``message``."""
        ...


@dataclass
class Outcome:
    """What one demo conversation did, as the shopper saw it."""

    sender: str
    language: str
    scenario: str
    messages: int = 0
    ticket: str | None = None
    offered_person: bool = False
    rating: int | None = None
    rating_skipped: bool = False
    comment: bool = False
    searches: int = 0
    failed_searches: int = 0
    agent: str | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def _payloads(messages: list[BotMessage]) -> list[str]:
    return [
        str(button.get("payload") or "")
        for message in messages
        for button in message.get("buttons") or []
    ]


def _retry_after(response: httpx.Response, attempt: int) -> float:
    try:
        seconds = float(response.headers.get("retry-after") or 0)
    except ValueError:
        seconds = 0.0
    return float(min(max(seconds, 0.5 * 2**attempt), MAX_RETRY_SECONDS))


class Shopper:
    """Plays one plan against the bot; see the module docstring."""

    def __init__(
        self,
        client: Bot,
        plan: ConversationPlan,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """``client`` reaches the bot (with the Rasa token); ``plan`` says who to be."""
        self.client = client
        self.plan = plan
        self.rng = random.Random(plan.seed)
        self.outcome = Outcome(plan.sender, plan.language, plan.scenario)
        self.last: list[BotMessage] = []
        self._sleep = sleep

    # --- what the shopper types -------------------------------------------------------------

    def line(self, kind: str, **fields: Any) -> str:
        """A line of ``kind`` in the shopper's language, with ``fields`` filled in."""
        by_language = LINES[kind]
        choices = by_language.get(self.plan.language) or by_language["en"]
        return self.rng.choice(choices).format(**fields)

    def say(self, kind: str, **fields: Any) -> list[BotMessage]:
        """Type a line of ``kind``; the bot's messages (after reacting to them)."""
        return self.send(self.line(kind, **fields))

    def press(self, payload: str) -> list[BotMessage]:
        """Press a button (send its payload)."""
        return self.send(payload)

    def send(self, text: str) -> list[BotMessage]:
        """Send ``text``; react to the rating question, the offer of a person, tickets."""
        messages = self._post(text)
        self.outcome.messages += 1
        self.last = messages
        self._note_ticket(messages)
        self._react(messages)
        return messages

    def search(self, kind: str) -> bool:
        """Type a product search of ``kind``; whether the bot listed products."""
        found = self.lists_products(self.say(kind))
        self.outcome.searches += 1
        if not found:
            self.outcome.failed_searches += 1
        return found

    # --- what the shopper reads -------------------------------------------------------------

    @staticmethod
    def lists_products(messages: list[BotMessage]) -> bool:
        """Whether ``messages`` hold product cards."""
        return any(
            isinstance(message.get("custom"), dict)
            and message["custom"].get("type") == "product_cards"
            for message in messages
        )

    @staticmethod
    def buttons(messages: list[BotMessage]) -> list[dict[str, Any]]:
        """The buttons among ``messages``."""
        return [button for message in messages for button in message.get("buttons") or []]

    def text(self, messages: list[BotMessage] | None = None) -> str:
        """The bot's texts, joined."""
        return "\n".join(
            str(m.get("text") or "") for m in (self.last if messages is None else messages)
        )

    # --- reacting ---------------------------------------------------------------------------

    def _post(self, text: str) -> list[BotMessage]:
        for attempt in range(RATE_LIMIT_ATTEMPTS):
            try:
                return self.client.send(self.plan.sender, text)
            except httpx.HTTPStatusError as error:
                if error.response.status_code != 429 or attempt == RATE_LIMIT_ATTEMPTS - 1:
                    raise
                self._sleep(_retry_after(error.response, attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _note_ticket(self, messages: list[BotMessage]) -> None:
        if self.outcome.ticket is None:
            found = _TICKET.search(self.text(messages))
            if found:
                self.outcome.ticket = found.group(0)

    def _react(self, messages: list[BotMessage]) -> None:
        payloads = _payloads(messages)
        if any(payload.startswith(_RATING_PREFIX) for payload in payloads):
            self._answer_rating()
        elif payloads == [SKIP_FEEDBACK_PAYLOAD]:
            self._answer_comment_question()
        elif payloads == [HANDOVER_PAYLOAD]:
            self.outcome.offered_person = True
            if self.plan.accepts_offer and self.outcome.ticket is None:
                self.press(HANDOVER_PAYLOAD)

    def _answer_rating(self) -> None:
        plan = self.plan.rating
        if plan.mode == "rate":
            self.outcome.rating = plan.value
            self.press(RATING_PAYLOAD.format(value=plan.value))
        elif plan.mode == "skip":
            self.outcome.rating_skipped = True
            self.press(SKIP_FEEDBACK_PAYLOAD)

    def _answer_comment_question(self) -> None:
        if not self.plan.rating.comment:
            self.press(SKIP_FEEDBACK_PAYLOAD)
            return
        self.outcome.comment = True
        self.say("comment_good" if self.plan.rating.value >= 4 else "comment_bad")
