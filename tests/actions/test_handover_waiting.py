"""A hand-over outside the team's hours: when they are back, one acknowledgement, and the
shopper's way back to the bot (actions/handoff.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from actions import handoff
from actions.handoff import (
    ActionHandover,
    ActionHandoverWaiting,
    ActionResumeBot,
    next_opening,
    waiting_answer,
)
from actions.services import Services
from core.languages import REPLY_LANGUAGES
from core.settings import PROJECT_ROOT
from knowledge.responses import ResponseCatalog, render
from tests.actions.support import make_tracker, run_action, user

SUPPORT: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "working_days": [0, 1, 2, 3, 4],
    "opening_hour": 9,
    "closing_hour": 18,
}
SATURDAY = datetime(2026, 12, 5, 15, 0, tzinfo=UTC)
MONDAY_NIGHT = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # 3:00 in Berlin
MONDAY_EVENING = datetime(2026, 12, 7, 19, 30, tzinfo=UTC)
#: The shipped responses in each language's default register.
CATALOG = ResponseCatalog.load(
    PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "responses", REPLY_LANGUAGES
)


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
    ("now", "response", "back"),
    [
        # Saturday afternoon in Berlin: Monday.
        (SATURDAY, "utter_handover_waiting", "Monday 09:00"),
        # Monday 3:00 there: today, not "on Monday".
        (MONDAY_NIGHT, "utter_handover_waiting_today", "Monday 09:00"),
        # Monday 20:30 there: tomorrow.
        (MONDAY_EVENING, "utter_handover_waiting_tomorrow", "Tuesday 09:00"),
        # Friday 18:30 there: Monday.
        (datetime(2026, 12, 11, 17, 30, tzinfo=UTC), "utter_handover_waiting", "Monday 09:00"),
        # Sunday 23:30 UTC is Monday 0:30 in Berlin: today there.
        (datetime(2026, 12, 6, 23, 30, tzinfo=UTC), "utter_handover_waiting_today", "Monday 09:00"),
        # Monday 9:30 there, the hand-over came before nine: the team is back (today).
        (datetime(2026, 12, 7, 8, 30, tzinfo=UTC), "utter_handover_waiting_today", "Monday 09:00"),
    ],
)  # fmt: skip
def test_the_acknowledgement_says_today_tomorrow_or_the_day_the_team_is_back(
    now: datetime, response: str, back: str
) -> None:
    name, when = waiting_answer(SUPPORT, "en", now)
    assert name == response
    assert f"{when['day']} {when['time']}" == back


@pytest.mark.parametrize(
    ("language", "now", "said"),
    [
        ("en", SATURDAY, "They're back on Monday at 09:00,"),
        ("en", MONDAY_NIGHT, "They're back today at 09:00,"),
        ("en", MONDAY_EVENING, "They're back tomorrow at 09:00,"),
        ("de", SATURDAY, "Es ist am Montag um 09:00 wieder da"),
        ("de", MONDAY_NIGHT, "Es ist heute um 09:00 wieder da"),
        ("de", MONDAY_EVENING, "Es ist morgen um 09:00 wieder da"),
        ("es", SATURDAY, "Vuelve el lunes a las 9:00,"),
        ("es", MONDAY_NIGHT, "Vuelve hoy a las 9:00,"),
        ("fr", MONDAY_EVENING, "Elle sera de retour demain à 09:00,"),
        ("fr", SATURDAY, "Elle sera de retour lundi à 09:00,"),
        ("it", MONDAY_NIGHT, "Il team torna oggi alle 09:00,"),
        ("nl", MONDAY_EVENING, "Ze zijn er morgen weer om 09:00,"),
        ("pt", SATURDAY, "A equipa volta segunda-feira, às 09:00,"),
        ("zh", MONDAY_NIGHT, "他们将于今天09:00回来"),
        ("zh", SATURDAY, "他们将于星期一 09:00回来"),
    ],
)  # fmt: skip
def test_the_acknowledgement_in_the_shoppers_language(
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    now: datetime,
    said: str,
) -> None:
    monkeypatch.setattr(
        handoff, "waiting_answer", lambda support, language: waiting_answer(support, language, now)
    )
    tracker = make_tracker([user("hello?", "greet")], {"language": language}, paused=True)
    result = run_action(ActionHandoverWaiting(), tracker)
    assert result.slot_values() == {"handover_wait": "acknowledged"}
    (message,) = result.messages
    text = render(CATALOG, message["response"], message, {"slots": {"language": language}})
    assert said in str(text["text"]), text


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
