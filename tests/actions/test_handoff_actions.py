"""Human-only topics, hand-over reasons, the silence of the feedback actions while paused,
and the widget's language payload."""

from __future__ import annotations

import pytest

from actions.conversation import CLIENT_METADATA_KEY, client_key_of
from actions.feedback import assess_sentiment
from actions.handoff import HANDOVER_DUE, ActionHandover, human_only_reason, route_to_human
from actions.language import decide_language, language_from_payload
from actions.services import Services
from core.languages import REPLY_LANGUAGES
from tests.actions.support import make_tracker, run_action, run_reading, slot, user

LANGUAGES = REPLY_LANGUAGES


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("order_status", "I'll file a chargeback with my bank", "human_only"),
        ("out_of_scope", "My LAWYER will call you", "human_only"),
        ("return_item", "my son was injured by the zip", "human_only"),
        ("cancel_order", "please cancel", "human_only"),  # configured intent
        ("order_status", "where is my order?", None),
        ("order_status", "the lawyers' handbook I ordered", None),  # whole words only
    ],
)
def test_human_only_topics_by_intent_or_whole_keyword(
    intent: str, text: str, expected: str | None
) -> None:
    keywords = ("chargeback", "lawyer", "injured")
    assert human_only_reason(intent, text, ("cancel_order",), keywords) == expected


def test_a_human_only_message_makes_a_hand_over_due(services: Services) -> None:
    tracker = make_tracker([user("I want to talk about a chargeback", "order_status")])
    result = run_reading(route_to_human, tracker)
    assert result.slot_values() == {HANDOVER_DUE: "human_only"}
    plain = run_reading(route_to_human, make_tracker([user("where is it", "order_status")]))
    assert plain.events == []


def test_nothing_is_due_while_a_person_has_the_conversation(services: Services) -> None:
    events = [user("a chargeback, now!", "order_status")]
    assert run_reading(route_to_human, make_tracker(events, paused=True)).events == []
    assert run_reading(assess_sentiment, make_tracker(events, paused=True)).events == []


def test_the_due_reason_goes_on_the_ticket_and_is_cleared(services: Services) -> None:
    events = [user("chargeback", "order_status"), slot(HANDOVER_DUE, "human_only")]
    result = run_action(ActionHandover(), make_tracker(events, sender_id="conv-human-only"))
    assert result.responses[0] == "utter_handover_human_only"
    assert result.responses[1] in {"utter_handover_open", "utter_handover_closed"}
    assert result.events[0] == {**result.events[0], "name": HANDOVER_DUE, "value": None}
    assert "pause" in [event["event"] for event in result.events]
    ticket = services.handover.get_open("conv-human-only")
    assert ticket is not None and ticket.reason == "human_only"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('/switch_language{"language": "es"}', "es"),
        ('/switch_language{"language":"zh"}', "zh"),
        ('/switch_language{"language": "ru"}', None),  # not a reply language
        ("/switch_language{not json}", None),
        ('/order_status{"language": "es"}', None),
        ("hablamos español?", None),
    ],
)
def test_the_widget_language_payload(text: str, expected: str | None) -> None:
    assert language_from_payload(text, LANGUAGES) == expected


def test_the_language_payload_switches_the_reply_language(services: Services) -> None:
    payload = '/switch_language{"language": "de"}'
    result = run_reading(decide_language, make_tracker([user(payload, "switch_language")]))
    assert result.slot_values() == {"detected_language": "de", "language": "de"}


def _from_client(text: str, client: str) -> dict[str, object]:
    event = user(text, "human_handoff")
    event["parse_data"]["metadata"] = {CLIENT_METADATA_KEY: client}  # type: ignore[index]
    return event


def test_a_client_past_its_ticket_limit_is_told_and_the_bot_does_not_pause(
    services: Services,
) -> None:
    limit = services.settings.handover_client_limit
    flooder, shopper = "f" * 32, "5" * 32
    for n in range(limit):
        tracker = make_tracker([_from_client("a human", flooder)], sender_id=f"flood-{n}")
        assert client_key_of(tracker) == flooder
        assert "pause" in [e["event"] for e in run_action(ActionHandover(), tracker).events]
    over = run_action(
        ActionHandover(), make_tracker([_from_client("a human", flooder)], sender_id="flood-x")
    )
    assert over.responses == ["utter_handover_limited"] and over.events == []
    assert services.handover.get_open("flood-x") is None
    # A real shopper on another connection still gets a ticket, on top of the list.
    tracker = make_tracker([_from_client("a human please", shopper)], sender_id="real-shopper")
    assert "pause" in [e["event"] for e in run_action(ActionHandover(), tracker).events]
    assert services.handover.list_open()[0].conversation_id == "real-shopper"


def test_without_the_channels_key_the_client_is_a_keyed_hash_of_the_sender(
    services: Services,
) -> None:
    tracker = make_tracker([user("hi", "greet")], sender_id="+15550001111")
    key = client_key_of(tracker)
    assert len(key) == 32 and "15550001111" not in key
    assert key == client_key_of(make_tracker([], sender_id="+15550001111"))
    assert key != client_key_of(make_tracker([], sender_id="+15550001112"))
    # A value that is no key of ours (the client may send metadata) is not taken.
    spoofed = user("hi", "greet")
    spoofed["parse_data"]["metadata"] = {CLIENT_METADATA_KEY: "anything"}  # type: ignore[index]
    assert client_key_of(make_tracker([spoofed], sender_id="+15550001111")) == key
