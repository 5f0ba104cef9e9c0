"""A hand-over outside the team's hours: when they are back, one acknowledgement, and the
shopper's way back to the bot (actions/handoff.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from actions import handoff
from actions.handoff import ActionHandover, ActionHandoverWaiting, ActionResumeBot, next_opening
from actions.services import Services
from tests.actions.support import make_tracker, run_action, user

SUPPORT: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "working_days": [0, 1, 2, 3, 4],
    "opening_hour": 9,
    "closing_hour": 18,
}


@pytest.mark.parametrize(
    ("now", "opening"),
    [
        (datetime(2026, 12, 5, 15, 0, tzinfo=UTC), "2026-12-07 09:00"),  # Saturday -> Monday
        (datetime(2026, 12, 7, 19, 30, tzinfo=UTC), "2026-12-08 09:00"),  # Monday evening
        (datetime(2026, 12, 8, 6, 0, tzinfo=UTC), "2026-12-08 09:00"),  # Tuesday, 7:00 there
        (datetime(2026, 12, 11, 17, 30, tzinfo=UTC), "2026-12-14 09:00"),  # Friday 18:30
    ],
)
def test_next_opening_is_in_the_teams_time_zone(now: datetime, opening: str) -> None:
    found = next_opening(SUPPORT, now)
    assert found.strftime("%Y-%m-%d %H:%M") == opening
    assert str(found.tzinfo) == "Europe/Berlin"


def closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handoff, "support_is_open", lambda support: False)


def test_an_off_hours_hand_over_waits_to_acknowledge(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed(monkeypatch)
    result = run_action(ActionHandover(), make_tracker([user("a person please", "human_handoff")]))
    assert result.responses == ["utter_handover_closed"]
    assert result.slot_values() == {"handover_wait": "ack_due"}


@pytest.mark.parametrize(
    ("language", "day", "time"),
    [
        ("en", "Monday", "09:00"),
        ("de", "Montag", "09:00"),
        ("fr", "lundi", "09:00"),
        ("zh", "星期一", "09:00"),
    ],
)
def test_the_acknowledgement_says_when_the_team_is_back_in_the_shoppers_language(
    services: Services, monkeypatch: pytest.MonkeyPatch, language: str, day: str, time: str
) -> None:
    saturday = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
    monkeypatch.setattr(handoff, "next_opening", lambda support: next_opening(support, saturday))
    tracker = make_tracker([user("hello?", "greet")], {"language": language}, paused=True)
    result = run_action(ActionHandoverWaiting(), tracker)
    assert result.responses == ["utter_handover_waiting"]
    assert (result.messages[0]["day"], result.messages[0]["time"]) == (day, time)
    assert result.slot_values() == {"handover_wait": "acknowledged"}


def test_stop_withdraws_the_ticket_and_resumes(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    closed(monkeypatch)
    tracker = make_tracker([user("a person please", "human_handoff")], sender_id="conv-w")
    run_action(ActionHandover(), tracker)
    assert services.handover.get_open("conv-w") is not None
    result = run_action(
        ActionResumeBot(), make_tracker([user("stop", "stop")], sender_id="conv-w", paused=True)
    )
    assert result.responses == ["utter_handover_withdrawn"]
    assert [e["event"] for e in result.events] == ["resume", "slot"]
    assert result.slot_values() == {"handover_wait": None}
    assert services.handover.get_open("conv-w") is None
