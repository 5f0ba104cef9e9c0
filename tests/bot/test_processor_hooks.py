"""bot/processor_hooks.py and bot/settings.py: the Rasa server's turn rules in one place,
read from the environment once, installed once, composed in a fixed order.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import action_outage, processor_hooks
from bot.server import main
from bot.settings import RasaSideSettings, read_settings
from core.errors import ActionServerUnavailable, ConfigurationError

TOKEN = "a3f9c1e07b6d45e2a8c4f0b9d7e61c25"
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [thanks]
slots:
  language: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  satisfaction_due: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_temporarily_unavailable: [{text: "Sorry, I'm temporarily unavailable."}]
"""
)


def test_settings_defaults_and_values() -> None:
    assert read_settings({}) == RasaSideSettings()
    read = read_settings(
        {
            "SHOPBOT_ACTION_TIMEOUT_SECONDS": "2.5",
            "SHOPBOT_SOCKETIO_REDIS_URL": "redis://:secret@127.0.0.1:6379/2",
            "SHOPBOT_REMINDER_LEASE_SECONDS": "9",
        }
    )
    assert read.action_timeout_seconds == 2.5
    assert read.socketio_redis_url == "redis://:secret@127.0.0.1:6379/2"
    assert read.reminder_lease_seconds == 9


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SHOPBOT_ACTION_TIMEOUT_SECONDS", "0"),
        ("SHOPBOT_ACTION_TIMEOUT_SECONDS", "soon"),
        ("SHOPBOT_ACTION_TIMEOUT_SECONDS", "nan"),
        ("SHOPBOT_REMINDER_LEASE_SECONDS", "-1"),
        ("SHOPBOT_SOCKETIO_REDIS_URL", "http://:secret@127.0.0.1:6379"),
    ],
)
def test_a_bad_setting_is_refused_without_showing_its_value(name: str, value: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        read_settings({name: value})
    assert name in str(refused.value) and "secret" not in str(refused.value)


def test_the_server_refuses_to_start_on_a_bad_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHOPBOT_RASA_TOKEN", TOKEN)
    monkeypatch.setenv("SHOPBOT_ACTION_TIMEOUT_SECONDS", "never")
    assert main(["--model", "m.tar.gz"]) == 2
    assert "SHOPBOT_ACTION_TIMEOUT_SECONDS" in capsys.readouterr().err


@pytest.fixture
def rasas_own() -> Iterator[None]:
    """Rasa's functions in place before each test, put back after it."""
    processor_hooks.uninstall()
    yield
    processor_hooks.uninstall()


def test_install_replaces_each_function_once(rasas_own: None) -> None:
    processor_hooks.install({})
    processor_hooks.install({"SHOPBOT_ACTION_TIMEOUT_SECONDS": "4"})
    assert RemoteAction.run is processor_hooks.remote_action_run
    assert MessageProcessor._run_action is processor_hooks.run_action
    assert MessageProcessor.run_action_extract_slots is processor_hooks.run_action_extract_slots
    assert MessageProcessor._run_prediction_loop is processor_hooks.run_prediction_loop
    assert processor_hooks.Hooks.settings.action_timeout_seconds == 4


class Channel:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    def name(self) -> str:
        return "socketio"

    async def send_response(self, recipient: str, message: dict[str, Any]) -> None:
        self.sent.append(message)


class Generator:
    async def generate(self, name: str, tracker: Any, channel: str, **_: Any) -> dict[str, Any]:
        return {"text": f"{name} in {tracker.get_slot('language')}"}


def test_a_turn_ended_by_an_outage_sets_no_pause_reminder(
    rasas_own: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loop order: an outage in Rasa's loop ends the turn, and the pause reminder
    (due: satisfaction_due, a widget conversation) is not set after it."""
    scheduled: list[Any] = []

    async def failing_loop(self: Any, channel: Any, tracker: DialogueStateTracker) -> None:
        tracker.update(SlotSet("satisfaction_due", True))
        raise ActionServerUnavailable("action_search_products", "no connection")

    async def schedule(self: Any, events: list[Any], *_: Any) -> None:
        scheduled.extend(events)

    monkeypatch.setitem(
        processor_hooks.ORIGINALS, "MessageProcessor._run_prediction_loop", failing_loop
    )
    monkeypatch.setitem(processor_hooks.ORIGINALS, "MessageProcessor._schedule_reminders", schedule)
    processor_hooks.install({})
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.domain = DOMAIN
    processor.nlg = Generator()  # type: ignore[assignment]
    tracker = DialogueStateTracker.from_events(
        "shopper",
        [
            SlotSet("language", "fr"),
            UserUttered("merci", {"name": "thanks"}, input_channel="socketio"),
        ],
        DOMAIN.slots,
    )
    channel = Channel()
    asyncio.run(processor._run_prediction_loop(channel, tracker))  # type: ignore[arg-type]
    assert [m["text"] for m in channel.sent] == ["utter_temporarily_unavailable in fr"]
    assert scheduled == []
    assert tracker.get_slot("satisfaction_due") is None  # the turn's slot is undone
    assert action_outage.turn_ended(tracker)
    assert [e.type_name for e in tracker.events][-4:] == ["action", "bot", "rewind", "action"]
