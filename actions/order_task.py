"""``action_order_task``: runs when the order form completes and does what was asked.

Only for the verified order, and only while its verification has not lapsed
(``verification_lapsed``); the order form normally asks again first, and should a lapsed
verification reach the task all the same, the task forgets it and asks for the email.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.conversation import is_verified, language_of, verification_lapsed
from actions.feedback import satisfaction_due_events
from actions.handoff import hand_over
from actions.order_notices import notice_consent_due_events
from actions.orders import (
    answer_cancellation,
    answer_carrier,
    answer_delivery_date,
    answer_items,
    answer_status,
)
from actions.returns import answer_refund, answer_return
from actions.services import get_services
from core.errors import DatabaseUnavailable, OrderNotFound

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["TASK_SLOTS", "ActionOrderTask"]

logger = logging.getLogger(__name__)
# Slots that belong to one task and are cleared once it is done.
TASK_SLOTS = ("order_task", "cancel_confirmed", "return_lines", "return_reason")


class ActionOrderTask(Action):
    """Answers the order question or performs the order change the shopper asked for."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_order_task"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Dispatch on the ``order_task`` slot; always clear the task's slots afterwards.

        A task done asks for a rating once (``satisfaction_due``, ``actions.feedback``) and
        whether the shop may write first about orders (``notice_consent_due``,
        ``actions.order_notices``).
        """
        reset = [SlotSet(slot, None) for slot in TASK_SLOTS]
        if tracker.get_slot("verification_locked"):
            return [*reset, *hand_over(dispatcher, tracker, reason="verification_failed")]
        if tracker.get_slot("order_lookup_failed"):
            return [*reset, SlotSet("order_lookup_failed", False)]
        if verification_lapsed(tracker):
            # The task slots stay: the answer follows once the shopper proves the order again.
            dispatcher.utter_message(response="utter_ask_order_form_email")
            return [
                SlotSet("order_verified", False),
                SlotSet("verified_order", None),
                SlotSet("email", None),
            ]
        if not is_verified(tracker):
            return reset
        try:
            events = [
                *self._perform(dispatcher, tracker),
                *satisfaction_due_events(tracker),
                *notice_consent_due_events(tracker),
            ]
        except DatabaseUnavailable:
            logger.warning("order database unavailable while answering an order task")
            dispatcher.utter_message(response="utter_database_unavailable")
            events = []
        except OrderNotFound:
            # The order disappeared after verification (deleted or database restored).
            dispatcher.utter_message(response="utter_verification_failed")
            events = [SlotSet("order_verified", False), SlotSet("verified_order", None)]
        return [*events, *reset]

    def _perform(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        services = get_services()
        language = language_of(tracker)
        order = services.orders.get(str(tracker.get_slot("order_number")))
        task = tracker.get_slot("order_task") or "status"
        if task == "eta":
            answer_delivery_date(dispatcher, order, language)
        elif task == "carrier":
            answer_carrier(dispatcher, order, language)
        elif task == "items":
            answer_items(dispatcher, order, language)
        elif task == "cancel":
            return answer_cancellation(
                dispatcher,
                services,
                order,
                tracker.get_slot("cancel_confirmed"),
                tracker.sender_id,
                language,
            )
        elif task == "return":
            answer_return(
                dispatcher,
                services,
                order,
                tracker.get_slot("return_lines"),
                tracker.get_slot("return_reason"),
                tracker.sender_id,
                language,
            )
        elif task == "refund":
            answer_refund(dispatcher, services, order, language)
        else:
            answer_status(dispatcher, order, language)
        return []
