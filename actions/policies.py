"""``action_answer_policy``: store policy questions, answered from ``knowledge/policies``."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action

from actions.conversation import language_of
from actions.services import get_services
from core.errors import PolicyError

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["INTENT_TOPICS", "ActionAnswerPolicy"]

logger = logging.getLogger(__name__)
INTENT_TOPICS = {
    "ask_shipping_policy": "shipping",
    "ask_return_policy": "returns",
    "ask_payment_methods": "payment",
    "ask_warranty": "warranty",
    "ask_contact_hours": "contact",
}


class ActionAnswerPolicy(Action):
    """Answers with the policy section that matches the shopper's question."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_answer_policy"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Utter ``utter_policy_answer`` with the section's text."""
        intent = (tracker.latest_message or {}).get("intent", {}).get("name")
        topic = INTENT_TOPICS.get(str(intent), "contact")
        try:
            text = get_services().policy(language_of(tracker)).answer(topic)
        except PolicyError:
            logger.exception("store policy unreadable")
            dispatcher.utter_message(response="utter_out_of_scope")
            return []
        dispatcher.utter_message(response="utter_policy_answer", policy_text=text)
        return []
