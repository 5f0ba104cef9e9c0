"""Tests of ``bot.language.LanguageDetectionComponent`` on Rasa messages.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import LANGUAGE_KEY, LanguageDetectionComponent


def _component(**config: Any) -> LanguageDetectionComponent:
    return LanguageDetectionComponent({**LanguageDetectionComponent.get_default_config(), **config})


def test_registered_as_rasa_component() -> None:
    registered = DefaultV1Recipe._from_registry(LanguageDetectionComponent.__name__)
    assert registered.clazz is LanguageDetectionComponent
    assert not registered.is_trainable


@pytest.mark.parametrize(
    ("text", "language", "spoken"),
    [("muchas gracias", "es", True), ("我的订单在哪里", "zh", True),
     ("Здравствуйте, я хочу вернуть товар", "ru", False), ("👍", "und", False)],
)  # fmt: skip
def test_parse_data_gets_language(text: str, language: str, spoken: bool) -> None:
    message = Message(data={TEXT: text})
    _component().process([message])
    parsed = message.as_dict(only_output_properties=True)
    assert parsed[LANGUAGE_KEY]["language"] == language
    assert parsed[LANGUAGE_KEY]["spoken"] is spoken
    assert set(parsed[LANGUAGE_KEY]) == {"language", "confidence", "method", "spoken", "switch_to"}


def test_switch_request_in_parse_data() -> None:
    message = Message(data={TEXT: "auf Deutsch bitte"})
    _component().process([message])
    assert message.get(LANGUAGE_KEY)["switch_to"] == "de"


def test_missing_text_is_undetermined() -> None:
    message = Message(data={})
    _component().process([message])
    assert message.get(LANGUAGE_KEY)["language"] == "und"


def test_configured_languages() -> None:
    component = _component(spoken_languages=["en"], candidate_languages=["en", "de"])
    message = Message(data={TEXT: "Die Lieferung ist leider noch nicht bei mir angekommen"})
    component.process([message])
    assert message.get(LANGUAGE_KEY)["language"] == "de"
    assert message.get(LANGUAGE_KEY)["spoken"] is False


@pytest.mark.parametrize("value", [[], "en", [1], None])
def test_invalid_config(value: Any) -> None:
    with pytest.raises(InvalidConfigException):
        _component(spoken_languages=value)


def test_training_data_untouched() -> None:
    example = Message(data={TEXT: "where is my order", "intent": "order_status"})
    data = TrainingData([example])
    assert _component().process_training_data(data) is data
    assert LANGUAGE_KEY not in example.data
