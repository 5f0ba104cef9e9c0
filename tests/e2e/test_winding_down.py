"""When a conversation winds down, against real servers of their own: the rating question
after a pause (on a channel that can write first), and a hand-over outside the support
team's hours, whose first waiting message is acknowledged once.

The servers here run with a three-second pause and a support team that is never in (the
suite's main stack has a team that is always in, and the default pause).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from shop.handover import AgentDirectory, HandoverService
from shop.support.transcript import transcript_from_events
from tests.e2e.capture import CapturedRequest
from tests.e2e.conftest import Stack, running_stack, support_hours
from tests.e2e.socketio_wire import WireClient
from tests.e2e.test_channel_webhooks import telegram_post, telegram_update
from tests.e2e.test_handover import handover_cli, ticket_number

pytestmark = pytest.mark.e2e

PAUSE_SECONDS = 3
QUESTION = "rate this conversation"


@pytest.fixture(scope="module")
def waiting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack whose support team is never in and whose pause is short."""
    work = tmp_path_factory.mktemp("e2e-waiting")
    settings = {
        "SHOPBOT_POLICY_DIR": str(support_hours(work, opening_hour=9, closing_hour=9)),
        "SHOPBOT_SATISFACTION_PAUSE_SECONDS": str(PAUSE_SECONDS),
    }
    with running_stack(work, "e2e-waiting", settings) as running:
        yield running


def telegram_texts(stack: Stack, chat_id: int, predicate: str, count: int = 1) -> list[str]:
    """Every text sent to ``chat_id`` once ``count`` of them contain ``predicate``."""

    def to_chat(request: CapturedRequest) -> bool:
        return request.path.endswith("/sendMessage") and request.json().get("chat_id") == chat_id

    stack.capture.wait_for(
        "telegram", lambda r: to_chat(r) and predicate in r.json().get("text", ""), count=count
    )
    return [r.json()["text"] for r in stack.capture.taken("telegram") if to_chat(r)]


def saved_tracker(stack: Stack, sender: str, slot: str, timeout: float = 30) -> dict[str, Any]:
    """The conversation's tracker once ``slot`` is set (or after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while True:
        tracker = stack.client.tracker(sender)
        if tracker["slots"].get(slot) is not None or time.monotonic() > deadline:
            return tracker
        time.sleep(0.2)


def test_a_pause_after_an_answer_asks_for_a_rating_and_a_typed_4_answers_it(
    waiting: Stack,
) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    secret = waiting.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    order = waiting.order_with_status("delivered")
    telegram_post(
        waiting, telegram_update(chat_id, f"where is my order {order['order_number']}?"), secret
    )
    telegram_texts(waiting, chat_id, "email")
    telegram_post(waiting, telegram_update(chat_id, order["email"]), secret)
    answered = telegram_texts(waiting, chat_id, "delivered")
    assert not any(QUESTION in text for text in answered)
    # Nothing more from the shopper: after the pause the bot asks, on its own.
    asked = telegram_texts(waiting, chat_id, QUESTION)
    assert len(asked) > len(answered)
    telegram_post(waiting, telegram_update(chat_id, "4"), secret)
    telegram_texts(waiting, chat_id, "4/5")
    # The reply goes out while the turn runs; the tracker is saved when it ends.
    tracker = saved_tracker(waiting, f"telegram:{chat_id}", "satisfaction_rating")
    assert tracker["slots"]["satisfaction_rating"] == 4.0
    # The reminder is in the tracker store, but no shopper wrote it.
    events = tracker["events"]
    assert any(e.get("event") == "user" and "EXTERNAL" in str(e.get("text")) for e in events)
    shown = " ".join(line.text for line in transcript_from_events(events))
    assert "EXTERNAL" not in shown and QUESTION in shown


def test_a_pause_in_the_widget_asks_for_a_rating(waiting: Stack) -> None:
    with WireClient.connect(waiting) as wire:
        token = wire.session(None)
        listed = wire.say(token, "show me backpacks")
        assert listed and not any(QUESTION in text for text in listed)
        _, data = wire.event("bot_uttered", timeout=PAUSE_SECONDS + 30)
        assert QUESTION in str(data.get("text")), data
        assert any("5/5" in text for text in wire.say(token, "5"))


def test_a_message_before_the_pause_ends_cancels_the_question(waiting: Stack) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    secret = waiting.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    telegram_post(waiting, telegram_update(chat_id, "show me backpacks"), secret)
    telegram_texts(waiting, chat_id, "1.")
    # The shopper goes on at once: the reminder set after the listing dies with this
    # message, and a new one is set after the reply.
    telegram_post(waiting, telegram_update(chat_id, "what is your return policy?"), secret)
    texts = telegram_texts(waiting, chat_id, "30 days")
    assert not any(QUESTION in text for text in texts)
    telegram_texts(waiting, chat_id, QUESTION)
    asked = [t for t in telegram_texts(waiting, chat_id, QUESTION) if QUESTION in t]
    assert len(asked) == 1


def test_off_hours_the_first_waiting_message_is_acknowledged_once_and_stop_brings_the_bot_back(
    waiting: Stack,
) -> None:
    conversation = waiting.conversation()
    reply = conversation.say_text("I want to talk to a human")
    assert "as soon as they're back" in reply
    ticket_number(reply)
    before = team_back_phrases("en")
    acknowledged = conversation.say_text("hello? is anyone there?")
    assert "Your message is with our support team" in acknowledged
    # The team opens at 9:00 every day (and never stays): today before nine, else tomorrow.
    assert any(phrase in acknowledged for phrase in {*before, *team_back_phrases("en")}), (
        acknowledged
    )
    assert conversation.say("still nobody?") == []
    assert conversation.tracker()["paused"]
    back = conversation.say_text("stop")
    assert "withdrawn your request" in back
    assert not conversation.tracker()["paused"]
    assert HandoverService(waiting.database).get_open(conversation.sender) is None
    assert "assistant" in conversation.say_text("hi")


def team_back_phrases(language: str) -> set[str]:
    """How the acknowledgement says when the waiting stack's team is back, right now (the
    team opens at 9:00 every day, Berlin time)."""
    before_nine = datetime.now(ZoneInfo("Europe/Berlin")).hour < 9
    return {
        ("en", True): {"back today at 09:00"},
        ("en", False): {"back tomorrow at 09:00"},
        ("de", True): {"Es ist heute um 09:00 wieder da"},
        ("de", False): {"Es ist morgen um 09:00 wieder da"},
    }[(language, before_nine)]


def test_off_hours_in_german_the_acknowledgement_is_german(waiting: Stack) -> None:
    conversation = waiting.conversation()
    reply = conversation.say_text("Ich möchte bitte mit einem Menschen sprechen")
    assert "Sobald das Team wieder da ist" in reply, reply
    before = team_back_phrases("de")
    acknowledged = conversation.say_text("Hallo? Ist da jemand?")
    assert "Nachricht liegt bei unserem Support-Team" in acknowledged, acknowledged
    assert any(phrase in acknowledged for phrase in {*before, *team_back_phrases("de")}), (
        acknowledged
    )
    assert conversation.say("Noch jemand da?") == []


def test_off_hours_an_agent_who_answers_ends_the_acknowledgement(waiting: Stack) -> None:
    agent = "Ana Lopez"
    AgentDirectory(waiting.database).add(agent)
    conversation = waiting.conversation()
    number = ticket_number(conversation.say_text("I want to talk to a human"))
    handover_cli(waiting, "take", number, "--agent", agent)
    handover_cli(waiting, "say", number, "Hi, Ana here, working late.", "--agent", agent)
    assert conversation.say("thank you, Ana") == []
    assert conversation.tracker()["paused"]
