"""decide_language (a reading of action_read_message): the conversation's language from the
parse data and the prior."""

from __future__ import annotations

from typing import Any

import pytest

from actions.language import decide_language
from knowledge.language import LanguageDetector
from tests.actions.support import make_tracker, run_reading, slot, user


def message(text: str, *, with_detection: bool = True) -> dict[str, Any]:
    """A user event whose parse data carries the NLU component's standalone detection."""
    event = user(text, "order_status")
    if with_detection:
        event["parse_data"]["language"] = LanguageDetector().detect(text).to_dict()
    return event


def detect(text: str, *history: dict[str, Any], with_detection: bool = True) -> dict[str, Any]:
    tracker = make_tracker([*history, message(text, with_detection=with_detection)])
    return run_reading(decide_language, tracker).slot_values()


def test_a_spanish_message_switches_both_slots() -> None:
    assert detect("¿dónde está mi pedido? lo compré la semana pasada") == {
        "detected_language": "es",
        "language": "es",
    }


def test_a_short_message_keeps_the_conversations_language() -> None:
    history = [slot("detected_language", "es"), slot("language", "es")]
    assert detect("ok gracias", *history) == {}
    assert detect("ok", *history) == {}


def test_an_explicit_request_switches() -> None:
    history = [slot("detected_language", "es"), slot("language", "es")]
    assert detect("can we speak French?", *history) == {
        "detected_language": "fr",
        "language": "fr",
    }


def test_a_language_we_only_understand_answers_in_english_and_says_so_once() -> None:
    text = "где мой заказ, я заказал его на прошлой неделе"
    first = detect(text)
    assert first == {
        "detected_language": "ru",
        "language": "en",
        "language_notice": "not_spoken",
    }
    again = detect(text, slot("language_notice", "not_spoken"), slot("detected_language", "ru"))
    assert "language_notice" not in again


@pytest.mark.parametrize("text", ["/order_status", "👍👍", "123456", ""])
def test_payloads_and_messages_without_letters_change_nothing(text: str) -> None:
    assert detect(text, slot("detected_language", "de"), slot("language", "de")) == {}


def test_without_the_nlu_component_the_text_is_detected_here() -> None:
    values = detect("wo ist mein Paket? ich warte seit einer Woche", with_detection=False)
    assert values["language"] == "de"
