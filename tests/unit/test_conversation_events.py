"""core.conversation_events: a reminder's ``user`` event is no shopper message, wherever
conversations are read (summaries, transcripts, hand-over summaries, misses in a row)."""

from __future__ import annotations

from typing import Any

from actions.fallback import misses_in_a_row
from core.conversation_events import is_external_message, is_shopper_message
from shop.conversations.fold import fold_events
from shop.conversations.state import ConversationState
from shop.support.transcript import transcript_from_events

REMINDER: dict[str, Any] = {
    "event": "user",
    "timestamp": 3.0,
    "text": "EXTERNAL: EXTERNAL_conversation_paused",
    "parse_data": {"intent": {"name": "EXTERNAL_conversation_paused", "confidence": 1.0}},
    "metadata": {"is_external": True},
    "input_channel": "socketio",
}


def shopper(text: str, at: float, intent: str = "order_status") -> dict[str, Any]:
    return {
        "event": "user",
        "timestamp": at,
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": 0.9}, "entities": []},
        "input_channel": "socketio",
    }


def bot(text: str, at: float) -> dict[str, Any]:
    return {"event": "bot", "timestamp": at, "text": text, "data": {}, "metadata": {}}


def test_external_events_are_told_from_shopper_messages() -> None:
    assert is_external_message(REMINDER)
    assert is_external_message({"text": "EXTERNAL: x"})
    assert is_external_message({"intent": {"name": "EXTERNAL_order_delayed"}})
    assert not is_shopper_message(REMINDER)
    assert is_shopper_message(shopper("where is my order?", 1.0))
    assert not is_external_message(shopper("EXTERNAL is a word", 1.0, "inform"))
    assert not is_external_message(None)


def test_the_rating_question_after_a_pause_stays_in_the_turn_and_out_of_the_transcript() -> None:
    events = [
        shopper("where is my order?", 1.0),
        bot("It's on its way.", 2.0),
        REMINDER,
        bot("How did I do?", 4.0),
    ]
    state = ConversationState("s")
    fold_events(state, events)
    assert state.turn_count == 1
    lines = transcript_from_events(events)
    assert [line.speaker for line in lines] == ["shopper", "bot", "bot"]
    assert "EXTERNAL" not in " ".join(line.text for line in lines)


def test_a_reminder_does_not_break_misses_in_a_row() -> None:
    missed = shopper("blorp", 1.0, "nlu_fallback")
    assert misses_in_a_row([missed, REMINDER, {**missed, "timestamp": 5.0}]) == 2
