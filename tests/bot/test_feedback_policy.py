"""Tests of ``bot.feedback_policy.SlotTriggeredActionPolicy`` on real trackers.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    BotUttered,
    ConversationPaused,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import InvalidConfigException

from bot.feedback_policy import SlotTriggeredActionPolicy

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [greet, thanks]
slots:
  offer_due: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
  ask_due: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
  question_open: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_greet: [{text: hi}]
actions: [action_offer, action_ask, action_read_answer]
"""
)
TRIGGERS = [
    {"slot": "offer_due", "action": "action_offer", "after_bot_reply": False},
    {"slot": "ask_due", "action": "action_ask", "after_bot_reply": True},
    {"slot": "question_open", "action": "action_read_answer", "before_bot_reply": True},
]


@pytest.fixture
def policy(tmp_path: Any) -> SlotTriggeredActionPolicy:
    config = {**SlotTriggeredActionPolicy.get_default_config(), "triggers": TRIGGERS}
    return SlotTriggeredActionPolicy.create(
        config,
        LocalModelStorage(tmp_path),
        Resource("feedback_policy"),
        ExecutionContext(GraphSchema({}), "test"),
    )


def _tracker(*events: Any) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "shopper", [ActionExecuted("action_listen"), *events], slots=DOMAIN.slots
    )


def _predicted(policy: SlotTriggeredActionPolicy, tracker: DialogueStateTracker) -> str | None:
    prediction = policy.predict_action_probabilities(tracker, DOMAIN)
    if max(prediction.probabilities) < 1.0:
        return None
    return DOMAIN.action_names_or_texts[prediction.max_confidence_index]


def test_priority_is_above_rule_policy(policy: SlotTriggeredActionPolicy) -> None:
    assert policy.priority == 5


def test_no_opinion_without_a_due_slot(policy: SlotTriggeredActionPolicy) -> None:
    tracker = _tracker(UserUttered("hi", {"name": "greet"}))
    assert _predicted(policy, tracker) is None


def test_offer_runs_right_after_the_message(policy: SlotTriggeredActionPolicy) -> None:
    tracker = _tracker(UserUttered("this is awful", {"name": "greet"}), SlotSet("offer_due", True))
    assert _predicted(policy, tracker) == "action_offer"
    # It must overrule a form's happy path, which RulePolicy marks as a no-user prediction.
    assert policy.predict_action_probabilities(tracker, DOMAIN).is_no_user_prediction


def test_question_waits_for_the_bot_reply(policy: SlotTriggeredActionPolicy) -> None:
    tracker = _tracker(UserUttered("thanks", {"name": "thanks"}), SlotSet("ask_due", True))
    assert _predicted(policy, tracker) is None
    tracker.update(ActionExecuted("utter_greet"))
    assert _predicted(policy, tracker) == "action_ask"


def test_the_answer_is_read_from_the_next_message_only(policy: SlotTriggeredActionPolicy) -> None:
    # The question is asked after the reply to "thanks" (and steps out of the history): the
    # message it followed is no answer to it.
    tracker = _tracker(UserUttered("thanks", {"name": "thanks"}))
    tracker.update(ActionExecuted("utter_greet"))
    tracker.update(ActionExecuted("action_ask"))
    tracker.update(BotUttered("How did I do?"))
    tracker.update(ActionReverted())
    tracker.update(SlotSet("question_open", True))
    assert _predicted(policy, tracker) is None
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered("4", {"name": "inform"}))
    assert _predicted(policy, tracker) == "action_read_answer"


def test_a_trigger_can_wait_for_given_intents(tmp_path: Any) -> None:
    config = {
        **SlotTriggeredActionPolicy.get_default_config(),
        "triggers": [
            {
                "slot": "ask_due",
                "action": "action_ask",
                "after_bot_reply": True,
                "intents": ["thanks"],
            }
        ],
    }
    only_at_thanks = SlotTriggeredActionPolicy.create(
        config, LocalModelStorage(tmp_path), Resource("p"), ExecutionContext(GraphSchema({}), "t")
    )
    for intent, expected in (("greet", None), ("thanks", "action_ask")):
        tracker = _tracker(UserUttered("…", {"name": intent}), SlotSet("ask_due", True))
        tracker.update(ActionExecuted("utter_greet"))
        assert _predicted(only_at_thanks, tracker) == expected


def test_a_trigger_is_before_or_after_the_reply(tmp_path: Any) -> None:
    both = {
        "slot": "ask_due",
        "action": "action_ask",
        "after_bot_reply": True,
        "before_bot_reply": True,
    }
    with pytest.raises(InvalidConfigException):
        SlotTriggeredActionPolicy.create(
            {**SlotTriggeredActionPolicy.get_default_config(), "triggers": [both]},
            LocalModelStorage(tmp_path),
            Resource("feedback_policy"),
            ExecutionContext(GraphSchema({}), "test"),
        )


def test_a_reverted_action_is_not_predicted_again(policy: SlotTriggeredActionPolicy) -> None:
    tracker = _tracker(UserUttered("awful", {"name": "greet"}), SlotSet("offer_due", True))
    # The action ran but its slot is still set (say, the action server failed to clear it).
    tracker.update(ActionExecuted("action_offer"))
    tracker.update(BotUttered("sorry"))
    tracker.update(ActionReverted())
    assert tracker.latest_action_name == "action_listen"
    assert _predicted(policy, tracker) is None


def test_nothing_while_a_human_has_the_conversation(policy: SlotTriggeredActionPolicy) -> None:
    tracker = _tracker(
        UserUttered("awful", {"name": "greet"}), SlotSet("offer_due", True), ConversationPaused()
    )
    assert _predicted(policy, tracker) is None


def test_training_checks_triggers_against_the_domain(policy: SlotTriggeredActionPolicy) -> None:
    policy.train([], DOMAIN)
    broken = SlotTriggeredActionPolicy(
        {
            **SlotTriggeredActionPolicy.get_default_config(),
            "triggers": [{"slot": "nope", "action": "action_offer"}],
        },
        policy._model_storage,
        policy._resource,
        ExecutionContext(GraphSchema({}), "test"),
    )
    with pytest.raises(InvalidConfigException):
        broken.train([], DOMAIN)


@pytest.mark.parametrize("triggers", [None, [{"slot": "x"}], ["x"]])
def test_malformed_triggers_are_refused(tmp_path: Any, triggers: Any) -> None:
    with pytest.raises(InvalidConfigException):
        SlotTriggeredActionPolicy(
            {"priority": 5, "triggers": triggers},
            LocalModelStorage(tmp_path),
            Resource("p"),
            ExecutionContext(GraphSchema({}), "test"),
        )
