"""Policies, hand-over and the fallback."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from actions.fallback import ActionFallback, misses_in_a_row
from actions.handoff import ActionHandover, conversation_summary, support_is_open
from actions.policies import INTENT_TOPICS, ActionAnswerPolicy
from actions.services import Services
from tests.actions.support import make_tracker, run_action, user


@pytest.mark.parametrize(
    ("intent", "expected"),
    [
        ("ask_shipping_policy", "business days"),
        ("ask_return_policy", "30 days"),
        ("ask_payment_methods", "PayPal"),
        ("ask_warranty", "24-month"),
        ("ask_contact_hours", "Monday to Friday"),
    ],
)
def test_policy_answers_come_from_the_document(
    services: Services, intent: str, expected: str
) -> None:
    result = run_action(ActionAnswerPolicy(), make_tracker([user("?", intent)]))
    assert result.responses == ["utter_policy_answer"]
    assert expected in result.messages[0]["policy_text"]
    assert "{" not in result.messages[0]["policy_text"]


def test_every_policy_intent_has_a_section(services: Services) -> None:
    policy = services.policy("en")
    assert all(policy.answer(topic) for topic in INTENT_TOPICS.values())


def test_handover_opens_one_ticket_and_pauses(services: Services) -> None:
    events = [user("my parcel never came", "order_status"), user("I want a human", "human_handoff")]
    first = run_action(ActionHandover(), make_tracker(events, sender_id="conv-h"))
    assert first.responses[0] in {"utter_handover_open", "utter_handover_closed"}
    assert first.messages[0]["ticket_number"]
    assert [e["event"] for e in first.events] == ["pause", "slot"]
    waiting = first.slot_values()["handover_wait"]
    assert waiting == (None if first.responses[0] == "utter_handover_open" else "ack_due")
    second = run_action(ActionHandover(), make_tracker(events, sender_id="conv-h"))
    assert second.messages[0]["ticket_number"] == first.messages[0]["ticket_number"]
    assert len(services.handover.list_open()) == 1


def test_summary_has_the_last_messages_and_verified_order() -> None:
    tracker = make_tracker(
        [user(f"message {i}", "inform") for i in range(10)],
        slots={"order_verified": True, "verified_order": "100234"},
    )
    summary = conversation_summary(tracker)
    assert "Verified order: 100234" in summary
    assert "message 9" in summary and "message 3" not in summary


def test_support_hours() -> None:
    support = {
        "timezone": "Europe/Berlin",
        "working_days": [0, 1, 2, 3, 4],
        "opening_hour": 9,
        "closing_hour": 18,
    }
    assert support_is_open(
        support, datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    )  # Tuesday 11:00 Berlin
    assert not support_is_open(support, datetime(2026, 11, 24, 20, 0, tzinfo=UTC))
    assert not support_is_open(support, datetime(2026, 11, 29, 10, 0, tzinfo=UTC))  # Sunday


def fallback_events(misses: int) -> list[dict[str, object]]:
    return [user("where is my order", "order_status")] + [
        user("qwfp", "nlu_fallback") for _ in range(misses)
    ]


def test_misses_in_a_row_stops_at_an_understood_message() -> None:
    assert misses_in_a_row(fallback_events(3)) == 3
    assert misses_in_a_row([*fallback_events(2), user("hi", "greet")]) == 0


@pytest.mark.parametrize(
    ("misses", "response"), [(1, "utter_rephrase"), (2, "utter_fallback_menu")]
)
def test_fallback_rephrase_then_menu(services: Services, misses: int, response: str) -> None:
    assert run_action(ActionFallback(), make_tracker(fallback_events(misses))).responses == [
        response
    ]


def test_fallback_hands_over_after_three_misses(services: Services) -> None:
    result = run_action(ActionFallback(), make_tracker(fallback_events(3), sender_id="lost"))
    assert result.responses[0] in {"utter_handover_open", "utter_handover_closed"}
    assert services.handover.get_open("lost") is not None
