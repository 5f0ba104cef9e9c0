"""bot/rasa_speedups.py: each replacement gives what Rasa's original gives, errors included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

import rasa.shared.utils.common
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event

from bot.rasa_speedups import ORIGINALS, install, resolve_event_type, validate_action_result

ROOT = Path(__file__).resolve().parents[2]
ORIGINAL_VALIDATE = ORIGINALS["RemoteAction._validate_action_result"]
ORIGINAL_RESOLVE = ORIGINALS["Event.resolve_by_type"]

VALID = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "es"}], "responses": []},
    {"events": [], "responses": [{"response": "utter_greet", "buttons": []}]},
    {},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"no_event_key": 1}]},
    {"events": [{"event": "slot", "name": 3}]},
    {"responses": "text"},
    {"events": [{"event": "not_an_event_type"}]},
]


def outcome(validate: Any, result: dict[str, Any]) -> tuple[bool, str]:
    action = RemoteAction("action_x", None)
    try:
        return validate(action, result), ""
    except ValidationError as error:
        return False, error.message


@pytest.mark.parametrize("result", VALID + INVALID)
def test_the_action_answer_check_agrees_with_rasas(result: dict[str, Any]) -> None:
    assert outcome(validate_action_result, result) == outcome(ORIGINAL_VALIDATE, result)


def test_invalid_answers_are_still_refused() -> None:
    for result in INVALID:
        accepted, message = outcome(validate_action_result, result)
        assert not accepted and "Failed to validate Action server response" in message


def test_every_event_type_resolves_to_rasas_class() -> None:
    names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
    assert {"user", "bot", "action", "slot", "session_started", "active_loop"} <= names
    for name in names:
        assert resolve_event_type(name) is ORIGINAL_RESOLVE(name), name


def test_unknown_types_behave_as_in_rasa() -> None:
    assert resolve_event_type("topic") is None
    assert resolve_event_type("nothing_like_it", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name 'nothing_like_it'"):
        resolve_event_type("nothing_like_it")
    with pytest.raises(ValueError, match="Unknown event name 'nothing_like_it'"):
        ORIGINAL_RESOLVE("nothing_like_it")


def test_install_replaces_both_and_events_still_deserialise() -> None:
    install()
    install()  # idempotent
    try:
        assert RemoteAction._validate_action_result is validate_action_result
        event = Event.from_parameters({"event": "slot", "name": "language", "value": "de"})
        assert type(event).__name__ == "SlotSet" and event.value == "de"
    finally:
        RemoteAction._validate_action_result = ORIGINAL_VALIDATE  # type: ignore[method-assign]
        Event.resolve_by_type = staticmethod(ORIGINAL_RESOLVE)  # type: ignore[method-assign, assignment]


def test_the_server_launcher_installs_them() -> None:
    """bot/server.py installs the replacements before Rasa runs (checked in a child: the
    launcher's main would start a server)."""
    probe = (
        "import bot.server as s, rasa.__main__ as m\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "from bot.rasa_speedups import validate_action_result\n"
        "m.main = lambda: print(RemoteAction._validate_action_result is validate_action_result)\n"
        "import os; os.environ['SHOPBOT_RASA_TOKEN'] = 'k' * 12 + os.urandom(16).hex()\n"
        "s.main([])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.stdout.strip().splitlines()[-1:] == ["True"], result.stderr[-2000:]


def test_action_calls_are_serialised_to_the_same_json() -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

    from bot.rasa_speedups import dumps

    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("web-1/ü", domain.slots)
    parse = {
        "intent": {"name": "order_status", "confidence": 0.9731},
        "intent_ranking": [{"name": "greet", "confidence": 1e-07}],
        "text": "wo ist meine Bestellung? 📦 https://shop.example/a/b",
        "sentiment": {"label": "neutral", "score": -0.0},
    }
    for event in (
        ActionExecuted("action_listen"),
        UserUttered(parse["text"], parse["intent"], parse_data=parse),
        SlotSet("language", "de"),
    ):
        tracker.update(event)
    body = {"tracker": tracker.current_state(EventVerbosity.ALL), "domain": domain.as_dict()}
    assert json.loads(dumps(body)) == json.loads(json.dumps(body))
    assert dumps({"a": "x/y ü"}) == '{"a":"x/y \\u00fc"}'  # compact JSON
    assert dumps({"nan": float("nan")}) == '{"nan":NaN}'  # as json.dumps writes it
    assert json.loads(dumps({"n": 2**70})) == {"n": 2**70}  # beyond ujson: json's text


def test_the_endpoint_session_keeps_rasas_settings() -> None:
    import asyncio

    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_speedups import dumps, endpoint_session

    config = EndpointConfig(
        url="http://127.0.0.1:1",
        headers={"X-Token": "t"},
        basic_auth={"username": "u", "password": "p"},
    )

    async def both() -> None:
        original = ORIGINALS["EndpointConfig.session"](config)
        ours = endpoint_session(config)
        try:
            assert dict(ours.headers) == dict(original.headers)
            assert ours.auth == original.auth and ours.timeout == original.timeout
            assert ours.json_serialize is dumps
        finally:
            await original.close()
            await ours.close()

    asyncio.run(both())
