"""Tests of ``bot.identifier``: identifier-only messages inform."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.identifier import IdentifierOnlyMessageClassifier, is_identifier_only


@pytest.mark.parametrize(
    "text",
    [
        "anna@gmail.com",
        "anna@gmail",
        " li.wei@example.com. ",
        "100234",
        "#100 234",
        "100-234!",
        "2",
        "la 2",
        "a 2",
        "1 and 3",
        "die 1 und die 3",
        "2和3",
        "nummer 2",
        "Número 1 y 3",
        "item 2",
    ],
)
def test_identifiers(text: str) -> None:
    assert is_identifier_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "my email is anna@gmail.com",
        "order 100234",
        "tents for 2 people",
        "",
        "thanks!",
        None,
        "@",
        "the second one",
        "under 80 euros",
        "numbers 2",
        "the number 2 please thanks",
    ],
)
def test_not_identifiers(text: Any) -> None:
    assert not is_identifier_only(text)


def _component(
    tmp_path: Any, intents: list[str], **overrides: Any
) -> IdentifierOnlyMessageClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("identifier")
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**IdentifierOnlyMessageClassifier.get_default_config(), **overrides}
    component = IdentifierOnlyMessageClassifier.create(config, storage, resource, context)
    examples = [Message(data={TEXT: f"x {i}", INTENT: name}) for i, name in enumerate(intents)]
    component.train(TrainingData(training_examples=examples))
    return IdentifierOnlyMessageClassifier.load(config, storage, resource, context)


def test_sets_inform_after_training(tmp_path: Any) -> None:
    component = _component(tmp_path, ["inform", "stop"])
    message = Message(data={TEXT: "anna@gmail", INTENT: {"name": "stop", "confidence": 0.6}})
    other = Message(data={TEXT: "stop it", INTENT: {"name": "stop", "confidence": 0.9}})
    component.process([message, other])
    assert message.get(INTENT) == {"name": "inform", "confidence": 1.0}
    assert other.get(INTENT)["name"] == "stop"


def test_does_nothing_without_an_inform_intent(tmp_path: Any) -> None:
    component = _component(tmp_path, ["greet"])
    message = Message(data={TEXT: "100234", INTENT: {"name": "greet", "confidence": 0.6}})
    component.process([message])
    assert message.get(INTENT)["name"] == "greet"


def test_a_number_choice_informs_whatever_the_classifier_read(tmp_path: Any) -> None:
    component = _component(tmp_path, ["inform", "ask_product_detail"])
    pick = Message(data={TEXT: "2", INTENT: {"name": "ask_product_detail", "confidence": 0.7}})
    component.process([pick])
    assert pick.get(INTENT)["name"] == "inform"


def test_configured_intents_keep_number_choices(tmp_path: Any) -> None:
    component = _component(
        tmp_path,
        ["inform", "ask_product_detail", "goodbye"],
        keep_for_number_choices=["ask_product_detail"],
    )
    pick = Message(data={TEXT: "2", INTENT: {"name": "ask_product_detail", "confidence": 0.7}})
    choice = Message(data={TEXT: "a 2", INTENT: {"name": "goodbye", "confidence": 0.5}})
    number = Message(
        data={TEXT: "100234", INTENT: {"name": "ask_product_detail", "confidence": 0.5}}
    )
    component.process([pick, choice, number])
    assert [m.get(INTENT)["name"] for m in (pick, choice, number)] == [
        "ask_product_detail",
        "inform",
        "inform",
    ]
