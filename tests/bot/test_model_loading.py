"""bot/model_loading.py: the shipped model loaded without the training step is the same model.

Both loads of ``models/shopbot.tar.gz`` in one process: DIET's and TED's weights are equal
array by array, and the agents give the same intent rankings and the same next-action
scores. Skipped without a trained model (``make test`` trains it first).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.tensorflow.models import RasaModel

from bot.model_loading import ORIGINAL_LOAD, install

MODEL = Path(__file__).resolve().parents[2] / "models" / "shopbot.tar.gz"
MESSAGES = (
    "hello",
    "where is my order 100234?",
    "I want to return my shoes",
    "show me waterproof hiking boots",
    "wo ist meine Bestellung?",
    "quiero devolver unas zapatillas",
    "what is the capital of France",
    "asdfgh qwerty",
    "can I talk to a person",
    "我的订单在哪里",
)
#: Conversations as (intent, entities) turns: the next action is predicted after each.
CONVERSATIONS = (
    [("greet", {}), ("order_status", {}), ("thanks", {})],
    [("search_product", {}), ("ask_return_policy", {})],
    [("return_item", {}), ("deny", {}), ("goodbye", {})],
)

pytestmark = pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make test)")


def _tensorflow_models(agent: Agent) -> dict[str, RasaModel]:
    nodes = agent.processor.graph_runner._instantiated_nodes  # type: ignore[union-attr]
    found = {}
    for node in nodes.values():
        model = getattr(node._component, "model", None)
        if isinstance(model, RasaModel):
            found[type(node._component).__name__] = model
    return found


def _trackers(agent: Agent) -> list[DialogueStateTracker]:
    domain = agent.domain
    assert domain is not None
    trackers = []
    for number, turns in enumerate(CONVERSATIONS):
        events: list[Any] = [ActionExecuted("action_listen"), SlotSet("language", "en")]
        for intent, _ in turns:
            events.append(UserUttered(intent, {"name": intent, "confidence": 1.0}))
            tracker = DialogueStateTracker.from_events(f"c{number}", events, domain.slots)
            trackers.append(tracker)
            events.append(ActionExecuted("action_listen"))
    return trackers


def _observe(agent: Agent) -> dict[str, Any]:
    async def parse() -> list[Any]:
        return [await agent.parse_message(text) for text in MESSAGES]

    return {
        "weights": {name: model.get_weights() for name, model in _tensorflow_models(agent).items()},
        "rankings": [
            [(entry["name"], entry["confidence"]) for entry in parsed["intent_ranking"]]
            for parsed in asyncio.run(parse())
        ],
        "next_actions": [
            agent.processor.predict_next_with_tracker(tracker)  # type: ignore[union-attr]
            for tracker in _trackers(agent)
        ],
    }


@pytest.fixture(scope="module")
def both() -> tuple[dict[str, Any], dict[str, Any]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RasaModel, "load", classmethod(ORIGINAL_LOAD))
        rasas = _observe(Agent.load(str(MODEL)))
        install()
        ours = _observe(Agent.load(str(MODEL)))
    return rasas, ours


def test_diet_and_ted_get_the_same_weights(both: tuple[dict[str, Any], dict[str, Any]]) -> None:
    rasas, ours = both
    assert set(rasas["weights"]) == set(ours["weights"]) >= {"DIETClassifier", "TEDPolicy"}
    for name, weights in rasas["weights"].items():
        assert len(weights) == len(ours["weights"][name]), name
        for theirs, mine in zip(weights, ours["weights"][name], strict=True):
            assert theirs.shape == mine.shape and np.array_equal(theirs, mine), name


def test_the_same_intents_and_next_actions(both: tuple[dict[str, Any], dict[str, Any]]) -> None:
    rasas, ours = both
    for theirs, mine in zip(rasas["rankings"], ours["rankings"], strict=True):
        assert [name for name, _ in theirs] == [name for name, _ in mine]
        assert np.allclose([c for _, c in theirs], [c for _, c in mine], atol=1e-6)
    for theirs, mine in zip(rasas["next_actions"], ours["next_actions"], strict=True):
        assert theirs["policy"] == mine["policy"]
        assert [s["action"] for s in theirs["scores"]] == [s["action"] for s in mine["scores"]]
        assert np.allclose(
            [s["score"] for s in theirs["scores"]], [s["score"] for s in mine["scores"]], atol=1e-6
        )
