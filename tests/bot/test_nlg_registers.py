"""The shop's register reaches the Rasa server's responses (issue 21): with
``SHOPBOT_RESPONSE_REGISTERS='{"de": "formal"}'`` a German conversation is answered with
"Sie" by the generator endpoints.yml makes; a wrong value stops the server before Rasa
starts."""

from __future__ import annotations

import asyncio
import re
import secrets
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.nlg import NaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import read_endpoint_config

from bot.server import main
from core.errors import ConfigurationError

ROOT = Path(__file__).resolve().parents[2]


def project_generator(monkeypatch: pytest.MonkeyPatch) -> NaturalLanguageGenerator:
    """The generator endpoints.yml makes, with the project's domain and responses/."""
    text = (ROOT / "endpoints.yml").read_text(encoding="utf-8")
    for variable in re.findall(r"\$\{(\w+)\}", text):
        monkeypatch.setenv(variable, "1")
    config = read_endpoint_config(str(ROOT / "endpoints.yml"), "nlg")
    return NaturalLanguageGenerator.create(config, Domain.load(str(ROOT / "domain.yml")))


def german_greeting(generator: NaturalLanguageGenerator) -> str:
    """The greeting of a conversation the shopper opened in German."""
    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker.from_events(
        "shopper",
        [
            ActionExecuted("action_listen"),
            UserUttered("Hallo, ich habe eine Frage", {"name": "greet", "confidence": 1.0}),
            SlotSet("detected_language", "de"),
            SlotSet("language", "de"),
        ],
        slots=domain.slots,
    )
    message: dict[str, Any] | None = asyncio.run(generator.generate("utter_greet", tracker, "rest"))
    assert message is not None
    return str(message["text"])


def file_greeting(name: str) -> str:
    document = yaml.safe_load((ROOT / "responses" / name).read_text(encoding="utf-8"))
    return str(document["responses"]["utter_greet"][0]["text"])


def test_the_shop_chose_formal_german(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPBOT_RESPONSE_REGISTERS", '{"de": "formal"}')
    greeting = german_greeting(project_generator(monkeypatch))
    assert greeting == file_greeting("de.formal.yml")
    assert "Was kann ich für Sie tun?" in greeting


def test_without_a_choice_german_is_informal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPBOT_RESPONSE_REGISTERS", raising=False)
    greeting = german_greeting(project_generator(monkeypatch))
    assert greeting == file_greeting("de.yml")
    assert "Was kann ich für dich tun?" in greeting


def test_an_unknown_register_is_refused_by_the_generator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOPBOT_RESPONSE_REGISTERS", '{"de": "polite"}')
    with pytest.raises(ConfigurationError, match="SHOPBOT_RESPONSE_REGISTERS"):
        project_generator(monkeypatch)


def test_an_unknown_language_stops_the_server_before_rasa_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHOPBOT_RASA_TOKEN", secrets.token_hex(32))
    monkeypatch.setenv("SHOPBOT_RESPONSE_REGISTERS", '{"xx": "formal"}')
    assert main(["--port", "5005"]) == 2
    error = capsys.readouterr().err
    assert "SHOPBOT_RESPONSE_REGISTERS: 'xx' is not a language written in two registers" in error
