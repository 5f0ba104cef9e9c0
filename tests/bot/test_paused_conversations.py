"""Tests of ``bot.paused_conversations``: the one reply a conversation waiting for the team
outside their hours gets, and Rasa's silence otherwise.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ConversationPaused, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import processor_hooks
from bot.paused_conversations import ACK_ACTION, RESUME_ACTION, paused_reply, run_paused_reply

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, stop, EXTERNAL_conversation_paused]
slots:
  handover_wait: {type: text, influence_conversation: false, mappings: [{type: custom}]}
actions: [action_handover_waiting, action_resume_bot]
"""
)


def tracker(
    wait: str | None,
    text: str = "hello?",
    intent: str = "greet",
    *,
    paused: bool = True,
    external: bool = False,
) -> DialogueStateTracker:
    events: list[Any] = []
    if paused:
        events.append(ConversationPaused())
    events.append(SlotSet("handover_wait", wait))
    if external:
        events.append(UserUttered.create_external(intent))
    else:
        events.append(UserUttered(text, {"name": intent, "confidence": 1.0}))
    return DialogueStateTracker.from_events("shopper", events, DOMAIN.slots)


@pytest.mark.parametrize(
    ("wait", "intent", "expected"),
    [
        ("ack_due", "greet", ACK_ACTION),
        ("acknowledged", "greet", None),
        ("ack_due", "stop", RESUME_ACTION),
        ("acknowledged", "stop", RESUME_ACTION),
        (None, "greet", None),
        (None, "stop", None),
    ],
)
def test_a_waiting_paused_conversation_gets_one_reply(
    wait: str | None, intent: str, expected: str | None
) -> None:
    assert paused_reply(tracker(wait, intent=intent)) == expected


def test_nothing_changes_for_a_conversation_that_is_not_paused() -> None:
    assert paused_reply(tracker("ack_due", paused=False)) is None


def test_a_reminder_gets_nothing() -> None:
    assert (
        paused_reply(tracker("ack_due", intent="EXTERNAL_conversation_paused", external=True))
        is None
    )


class RecordingProcessor:
    """What the replaced loop uses of a processor, recording the actions it runs."""

    domain = DOMAIN
    action_endpoint = None
    nlg = None

    def __init__(self) -> None:
        self.ran: list[str] = []

    async def _run_action(self, action: Any, *args: Any) -> bool:
        self.ran.append(action.name())
        return True


def test_the_loop_runs_the_reply_then_listens_and_leaves_the_rest_to_rasa(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The prediction loop of bot.processor_hooks: the waiting conversation's one reply
    then listening; a silent one goes to Rasa's loop."""
    monkeypatch.setattr(processor_hooks.Hooks, "pause_seconds", 60)
    processor = RecordingProcessor()
    loop = processor_hooks.run_prediction_loop
    asyncio.run(loop(processor, None, tracker("ack_due")))  # type: ignore[arg-type]
    assert processor.ran == [ACK_ACTION, "action_listen"]

    handed_to_rasa: list[DialogueStateTracker] = []

    async def original(self: Any, channel: Any, waiting: DialogueStateTracker) -> None:
        handed_to_rasa.append(waiting)

    monkeypatch.setitem(
        processor_hooks.ORIGINALS, "MessageProcessor._run_prediction_loop", original
    )
    quiet = RecordingProcessor()
    silent = tracker("acknowledged")
    asyncio.run(loop(quiet, None, silent))  # type: ignore[arg-type]
    assert quiet.ran == [] and handed_to_rasa == [silent]


def test_the_reply_runs_through_the_processors_action_runner() -> None:
    processor = RecordingProcessor()
    asyncio.run(run_paused_reply(processor, None, tracker("ack_due"), RESUME_ACTION))  # type: ignore[arg-type]
    assert processor.ran == [RESUME_ACTION, "action_listen"]
