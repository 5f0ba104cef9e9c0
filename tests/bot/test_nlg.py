"""Responses rendered inside the Rasa server (bot/nlg.py): what endpoints.yml makes, the
conversation's language, the actions' arguments and the once-only notice."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.nlg import NaturalLanguageGenerator, TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig, read_endpoint_config

from bot.nlg import CatalogNaturalLanguageGenerator, tracker_view

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = """
version: "3.1"
slots:
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  language_notice:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet:
    - text: "Hello {name}!"
  utter_price:
    - text: "{title} costs {price}."
  utter_language_not_spoken:
    - text: "I only write English here."
"""
SPANISH = """
language: es
responses:
  utter_greet:
    - text: "¡Hola {name}!"
"""


@pytest.fixture
def generator(tmp_path: Path) -> CatalogNaturalLanguageGenerator:
    (tmp_path / "es.yml").write_text(SPANISH, encoding="utf-8")
    config = EndpointConfig(type="bot.nlg.CatalogNaturalLanguageGenerator", responses_dir=tmp_path)
    return CatalogNaturalLanguageGenerator(config, Domain.from_yaml(DOMAIN))


def conversation(*events: Any) -> DialogueStateTracker:
    domain = Domain.from_yaml(DOMAIN)
    return DialogueStateTracker.from_events("shopper", list(events), slots=domain.slots)


def generate(
    generator: NaturalLanguageGenerator,
    response: str,
    tracker: DialogueStateTracker,
    **kwargs: Any,
) -> dict[str, Any] | None:
    result: dict[str, Any] | None = asyncio.run(
        generator.generate(response, tracker, "rest", **kwargs)
    )
    return result


def test_endpoints_yml_makes_the_in_process_generator(monkeypatch: pytest.MonkeyPatch) -> None:
    for endpoints in ("endpoints.yml", "endpoints.production.yml"):
        text = (ROOT / endpoints).read_text(encoding="utf-8")
        for variable in re.findall(r"\$\{(\w+)\}", text):
            monkeypatch.setenv(variable, "1")
        config = read_endpoint_config(str(ROOT / endpoints), "nlg")
        made = NaturalLanguageGenerator.create(config, Domain.load(str(ROOT / "domain.yml")))
        assert isinstance(made, CatalogNaturalLanguageGenerator), endpoints
        # Every reply language's translations are loaded from the project's responses/.
        assert set(made.catalog.languages) == {"en", "es", "fr", "de", "it", "pt", "nl", "zh"}


def test_the_responses_of_a_model_loaded_later_are_used(tmp_path: Path) -> None:
    (tmp_path / "es.yml").write_text(SPANISH, encoding="utf-8")
    config = EndpointConfig(type="bot.nlg.CatalogNaturalLanguageGenerator", responses_dir=tmp_path)
    # The Rasa server makes its generator before it loads a model, with an empty domain;
    # Agent.load_model then hands the model's responses to a templated generator.
    made = NaturalLanguageGenerator.create(config, Domain.empty())
    assert generate(made, "utter_greet", conversation(), name="Ana") is None
    assert isinstance(made, TemplatedNaturalLanguageGenerator)
    made.responses = Domain.from_yaml(DOMAIN).responses
    spanish = conversation(SlotSet("language", "es"))
    assert generate(made, "utter_greet", spanish, name="Ana") == {
        "text": "¡Hola Ana!",
        "reply_language": "es",
    }


def test_the_language_slot_chooses_the_translation_and_arguments_fill_it(
    generator: CatalogNaturalLanguageGenerator,
) -> None:
    spanish = conversation(SlotSet("language", "es"))
    assert generate(generator, "utter_greet", spanish, name="Ana") == {
        "text": "¡Hola Ana!",
        "reply_language": "es",
    }
    # A name the translation lacks comes in English; Rasa's own domain_responses are ignored.
    message = generate(
        generator, "utter_price", spanish, title="Tent", price="€10", domain_responses={}
    )
    # The conversation is still in Spanish: the reply says so (the widget's words stay Spanish).
    assert message == {"text": "Tent costs €10.", "reply_language": "es"}
    assert generate(generator, "utter_greet", conversation(), name="Bo") == {
        "text": "Hello Bo!",
        "reply_language": "en",
    }


def test_an_unknown_response_gives_nothing(generator: CatalogNaturalLanguageGenerator) -> None:
    assert generate(generator, "utter_nothing_like_it", conversation()) is None


def test_the_not_spoken_notice_comes_once_before_the_first_response_of_the_turn(
    generator: CatalogNaturalLanguageGenerator,
) -> None:
    tracker = conversation(
        ActionExecuted("action_listen"),
        UserUttered("привет", {"name": "greet", "confidence": 1.0}),
        SlotSet("language_notice", "not_spoken"),
    )
    first = generate(generator, "utter_greet", tracker, name="Ana")
    assert first == {"text": "I only write English here.\n\nHello Ana!", "reply_language": "en"}
    tracker.update(BotUttered("I only write English here.\n\nHello Ana!"))
    assert generate(generator, "utter_greet", tracker, name="Ana") == {
        "text": "Hello Ana!",
        "reply_language": "en",
    }


def test_the_renderer_sees_only_the_latest_turn_and_the_slots() -> None:
    tracker = conversation(
        ActionExecuted("action_listen"),
        UserUttered("hello", {"name": "greet", "confidence": 1.0}),
        BotUttered("Hi"),
        ActionExecuted("action_listen"),
        UserUttered("hola", {"name": "greet", "confidence": 1.0}),
        SlotSet("language", "es"),
    )
    view = tracker_view(tracker)
    assert [event["event"] for event in view["events"]] == ["user", "slot"]
    assert view["slots"]["language"] == "es"


def test_a_language_the_bot_does_not_write_is_answered_and_named_in_english(
    generator: CatalogNaturalLanguageGenerator,
) -> None:
    russian = conversation(SlotSet("language", "ru"))
    message = generate(generator, "utter_greet", russian, name="Ana")
    assert message == {"text": "Hello Ana!", "reply_language": "en"}
