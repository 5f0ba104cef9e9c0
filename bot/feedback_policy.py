"""``SlotTriggeredActionPolicy``: run an action once when an action-side decision asks for it.

The frustration offer and the satisfaction question are decided on the action server
(``actions/feedback.py``: thresholds in the typed settings) and signalled with a boolean
slot: ``human_offer_due`` after a frustrated message, ``satisfaction_due`` when a flow
ended. This policy predicts the matching action, with certainty, a priority above
``RulePolicy`` and marked as not using user input (so that it also overrules an active
form's happy path, which RulePolicy marks the same way), as soon as the slot is true:

- ``after_bot_reply: false``: right after the shopper's message (the apology comes first);
- ``after_bot_reply: true``: only after the bot's own reply in this turn (the rating
  question follows the answer, never precedes it);
- ``before_bot_reply: true``: only before anything else runs in this turn (the answer to
  the rating question is read from the message that follows the question, never from the
  message the question followed);
- ``intents: [...]``: only when the shopper's latest intent is one of these (the rating
  question at thanks or goodbye: no action call on the other turns).

The triggered actions clear their slot and end with ``ActionReverted``: in the applied
events the conversation then looks as if they never ran, so rules, memoization and TED go
on with the flow in progress (the order form keeps asking, a story keeps its course). The
messages stay in the tracker store's raw events. A triggered action is never predicted
twice after the same shopper message, whatever its slot says (a failing action server
cannot loop).

Training learns nothing; the trigger list is the configuration::

    - name: bot.feedback_policy.SlotTriggeredActionPolicy
      priority: 5
      triggers:
        - {slot: human_offer_due, action: action_offer_human, after_bot_reply: false}
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import InvalidConfigException

__all__ = ["SlotTriggeredActionPolicy", "Trigger"]

logger = logging.getLogger(__name__)

RULE_POLICY_PRIORITY = 4


@dataclass(frozen=True)
class Trigger:
    """Run ``action`` when ``slot`` is true."""

    slot: str
    action: str
    after_bot_reply: bool = False
    before_bot_reply: bool = False
    #: Only when the latest intent is one of these (empty: any).
    intents: frozenset[str] = frozenset()


def _triggers(config: dict[str, Any]) -> list[Trigger]:
    raw = config.get("triggers")
    if not isinstance(raw, list):
        raise InvalidConfigException("SlotTriggeredActionPolicy: 'triggers' must be a list.")
    triggers = []
    for item in raw:
        if not isinstance(item, dict) or not item.get("slot") or not item.get("action"):
            raise InvalidConfigException(
                f"SlotTriggeredActionPolicy: every trigger needs 'slot' and 'action': {item!r}"
            )
        after, before = bool(item.get("after_bot_reply")), bool(item.get("before_bot_reply"))
        if after and before:
            raise InvalidConfigException(
                f"SlotTriggeredActionPolicy: a trigger runs before or after the reply: {item!r}"
            )
        intents = item.get("intents") or []
        if not isinstance(intents, list):
            raise InvalidConfigException(
                f"SlotTriggeredActionPolicy: a trigger's 'intents' is a list: {item!r}"
            )
        triggers.append(
            Trigger(
                str(item["slot"]), str(item["action"]), after, before, frozenset(map(str, intents))
            )
        )
    return triggers


def _actions_since_user_message(tracker: DialogueStateTracker) -> tuple[list[str], bool]:
    """Actions run since the latest user message (raw events), and whether one was seen."""
    names: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return names, True
        if isinstance(event, ActionExecuted) and event.action_name:
            names.append(event.action_name)
    return names, False


def _latest_intent(tracker: DialogueStateTracker) -> str | None:
    message = tracker.latest_message
    return None if message is None else message.intent.get("name")


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT], is_trainable=True
)
class SlotTriggeredActionPolicy(Policy):
    """Predicts a configured action, once per shopper message, while its slot is true."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No triggers; a priority above RulePolicy's."""
        return {"priority": RULE_POLICY_PRIORITY + 1, "triggers": []}

    def __init__(self, config: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        """Validates the triggers."""
        super().__init__(config, *args, **kwargs)
        self.triggers = _triggers(config)

    def train(
        self,
        training_trackers: list[TrackerWithCachedStates],
        domain: Domain,
        **kwargs: Any,
    ) -> Resource:
        """Nothing to learn: checks that every trigger's slot and action are in the domain."""
        for trigger in self.triggers:
            if trigger.slot not in {slot.name for slot in domain.slots}:
                raise InvalidConfigException(f"Trigger slot '{trigger.slot}' is not in the domain.")
            if trigger.action not in domain.action_names_or_texts:
                raise InvalidConfigException(
                    f"Trigger action '{trigger.action}' is not in the domain."
                )
        return self._resource

    def due_action(self, tracker: DialogueStateTracker) -> str | None:
        """The first trigger's action that should run now, if any."""
        ran, has_user_message = _actions_since_user_message(tracker)
        if not has_user_message or tracker.is_paused():
            return None
        replied = tracker.latest_action_name not in (None, ACTION_LISTEN_NAME)
        for trigger in self.triggers:
            if not tracker.get_slot(trigger.slot) or trigger.action in ran:
                continue
            if (trigger.after_bot_reply and not replied) or (trigger.before_bot_reply and replied):
                continue
            if trigger.intents and _latest_intent(tracker) not in trigger.intents:
                continue
            return trigger.action
        return None

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        """Certainty for the due action, else no opinion."""
        probabilities = self._default_predictions(domain)
        action = self.due_action(tracker)
        if action is None:
            return self._prediction(probabilities)
        probabilities[domain.index_for_action(action)] = 1.0
        logger.debug("triggered action %s", action)
        # Marked as a prediction that ignores user input, as RulePolicy marks a form's
        # happy path: the ensemble lets those overrule every other prediction, and between
        # two of them the higher priority (ours) wins.
        return self._prediction(probabilities, is_no_user_prediction=True)
