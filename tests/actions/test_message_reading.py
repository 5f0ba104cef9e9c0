"""action_read_message: the routing, language and sentiment readings in one call."""

from __future__ import annotations

from typing import Any

import pytest

from actions import message_reading
from actions.handoff import HANDOVER_DUE
from actions.message_reading import READINGS, ActionReadMessage
from actions.services import Services
from tests.actions.support import domain, make_tracker, run_action, run_reading

READ = ActionReadMessage()


def _spanish_complaint() -> dict[str, Any]:
    text = "quiero ejercer mis derechos GDPR, estoy muy enfadado con vosotros"
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": "order_status", "confidence": 0.9},
            "entities": [],
            "language": {"language": "es", "confidence": 0.99},
            "sentiment": {"label": "negative", "score": -0.9, "confidence": 0.95},
        },
    }


def test_every_reading_lands_in_one_call(services: Services) -> None:
    tracker = make_tracker([_spanish_complaint()])
    result = run_action(READ, tracker)
    separately: list[dict[str, Any]] = []
    for reading in READINGS:
        separately += run_reading(reading, tracker).events
    assert result.events == separately
    slots = result.slot_values()
    assert slots[HANDOVER_DUE] == "human_only"
    assert slots["language"] == "es"
    assert slots["sentiment_summary"]["messages"] == 1


def test_the_domain_maps_the_reading_slots_to_it_alone() -> None:
    names = {
        mapping.get("action")
        for definition in domain()["slots"].values()
        for mapping in definition.get("mappings", [])
        if mapping.get("type") == "custom"
    }
    assert names - {None} == {READ.name()}
    assert READ.name() in domain()["actions"]


def test_a_failing_reading_leaves_the_others(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> list[dict[str, Any]]:
        raise RuntimeError("sentiment store down")

    monkeypatch.setattr(message_reading, "READINGS", (*READINGS[:2], broken))
    slots = run_action(READ, make_tracker([_spanish_complaint()])).slot_values()
    assert slots[HANDOVER_DUE] == "human_only" and slots["language"] == "es"
    assert "sentiment_summary" not in slots
