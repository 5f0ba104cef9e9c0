"""Tests of ``bot.winding_down``: the rating question's pause reminder, set by the Rasa
server after a turn, only when the conversation waits for the question on a channel that
can write first.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActiveLoop,
    ConversationPaused,
    ReminderScheduled,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import processor_hooks
from bot.winding_down import PAUSE_INTENT, pause_reminder
from core.errors import ConfigurationError
from core.feedback_timing import DEFAULT_PAUSE_SECONDS, pause_seconds

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [order_status]
slots:
  satisfaction_due: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
  satisfaction_asked: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
"""
)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def tracker(
    channel: str | None = "socketio", *extra: Any, due: bool = True
) -> DialogueStateTracker:
    events: list[Any] = [
        UserUttered("where is my order?", {"name": "order_status"}, input_channel=channel),
        SlotSet("satisfaction_due", due),
        *extra,
    ]
    return DialogueStateTracker.from_events("shopper-1", events, DOMAIN.slots)


def test_a_served_conversation_on_the_widget_gets_the_reminder() -> None:
    reminder = pause_reminder(tracker("socketio"), 120, NOW)
    assert isinstance(reminder, ReminderScheduled)
    assert reminder.intent == PAUSE_INTENT
    assert reminder.trigger_date_time == NOW + timedelta(seconds=120)
    assert reminder.kill_on_user_message
    # Rasa's scheduler keeps one job per name: one per conversation.
    assert reminder.name == "satisfaction_pause:shopper-1"


@pytest.mark.parametrize(
    "case",
    ["rest", "no channel", "not due", "asked", "form", "paused"],
)
def test_no_reminder_when_nothing_waits_or_nobody_can_be_written_to(case: str) -> None:
    made = {
        "rest": lambda: tracker("rest"),
        "no channel": lambda: tracker(None),
        "not due": lambda: tracker(due=False),
        "asked": lambda: tracker("socketio", SlotSet("satisfaction_asked", True)),
        "form": lambda: tracker("socketio", ActiveLoop("order_form")),
        "paused": lambda: tracker("socketio", ConversationPaused()),
    }[case]()
    assert pause_reminder(made, 120, NOW) is None


def test_the_pause_comes_from_the_environment() -> None:
    assert pause_seconds({}) == DEFAULT_PAUSE_SECONDS
    assert pause_seconds({"SHOPBOT_SATISFACTION_PAUSE_SECONDS": "3"}) == 3
    for bad in ("0", "-5", "soon", "1.5"):
        with pytest.raises(ConfigurationError):
            pause_seconds({"SHOPBOT_SATISFACTION_PAUSE_SECONDS": bad})


def test_the_reminder_is_set_after_the_turn_without_an_action_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prediction loop of bot.processor_hooks runs Rasa's loop, then sets the reminder
    (the pause read from the environment at install)."""
    ran: list[str] = []
    scheduled: list[ReminderScheduled] = []

    async def turn(self: Any, channel: Any, conversation: DialogueStateTracker) -> None:
        ran.append("turn")

    async def schedule(self: Any, events: list[Any], conversation: Any, channel: Any) -> None:
        scheduled.extend(events)

    monkeypatch.setitem(processor_hooks.ORIGINALS, "MessageProcessor._run_prediction_loop", turn)
    monkeypatch.setitem(processor_hooks.ORIGINALS, "MessageProcessor._schedule_reminders", schedule)
    processor_hooks.install({"SHOPBOT_SATISFACTION_PAUSE_SECONDS": "7"})
    served = tracker("telegram")
    processor = MessageProcessor.__new__(MessageProcessor)
    started = datetime.now(timezone.utc)
    asyncio.run(processor._run_prediction_loop(None, served))  # type: ignore[arg-type]
    assert ran == ["turn"]
    assert [type(event) for event in scheduled] == [ReminderScheduled]
    assert isinstance(served.events[-1], ReminderScheduled)
    due = scheduled[0].trigger_date_time - started
    assert timedelta(seconds=6) < due < timedelta(seconds=9)
    asyncio.run(processor._run_prediction_loop(None, tracker("rest")))  # type: ignore[arg-type]
    assert len(scheduled) == 1
    processor_hooks.uninstall()
