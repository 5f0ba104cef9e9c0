"""The order form: asks for the order number and email, verifies them, then asks what the
task needs (a confirmation to cancel, which items to return and why).

Verification follows docs/requirements.md, requirement 4: the same reply for an unknown
order, a wrong email or someone else's order; after ``max_verification_failures`` failures
(or any limit of shop.verification: network client, email, order, overall) the form stops
and the task action hands the shopper to a human. Checks are counted per network client
(``client_key_of``) and per conversation, separately.

A verification that lapsed (``verification_lapsed``: too long without a message) is
forgotten when the form runs next, with the email: the form asks for it again, unless the
message that woke the conversation gives one.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import SlotSet

from actions.conversation import (
    client_key_of,
    is_verified,
    language_of,
    verification_lapsed,
    verified_order_number,
)
from actions.formatting import format_lines
from actions.opening import remember_verified
from actions.parsing import parse_email, parse_line_selection, parse_order_number, suggest_email_fix
from actions.services import get_services
from core.errors import DatabaseUnavailable, NotFoundError, VerificationLocked
from core.views import LineView, OrderStatus

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.events import EventType
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["CANCELLABLE", "ActionAskReturnLines", "ValidateOrderForm", "eligible_lines"]

logger = logging.getLogger(__name__)

VERIFICATION_SLOTS = ["order_number", "email"]
CANCELLABLE = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.PACKED})
MAX_REASON_CHARACTERS = 500
REASON_BUTTON_PREFIX = "Reason: "  # the reason buttons' payloads (domain.yml)
SlotValues = dict[str, Any]


def eligible_lines(order_number: str) -> list[LineView]:
    """The lines of ``order_number`` that may be returned now, in order."""
    return [item.line for item in get_services().returns.eligibility(order_number) if item.eligible]


def _last_valid_order_number(tracker: Tracker) -> str | None:
    """The last well-formed order number a slot event set in this conversation."""
    for event in reversed(tracker.events):
        if event.get("event") == "slot" and event.get("name") == "order_number":
            number = parse_order_number(str(event.get("value") or ""))
            if number:
                return number
    return None


def _email_given_now(tracker: Tracker) -> bool:
    """Whether the latest message gave an email: asked for it, or an email entity in it."""
    if tracker.get_slot("requested_slot") == "email":
        return True
    entities = tracker.latest_message.get("entities") or []
    return any(entity.get("entity") == "email" for entity in entities)


def _without(tracker: Tracker, forgotten: SlotValues) -> Tracker:
    """A copy of ``tracker`` with the ``forgotten`` slot values, and without slot candidates
    of those slots (Rasa appends the candidates to the events, rasa-sdk validates those)."""
    copy = tracker.copy()
    copy.slots.update(forgotten)
    candidates = 0
    for event in reversed(copy.events):
        if event.get("event") != "slot":
            break
        candidates += 1
    head = copy.events[: len(copy.events) - candidates]
    tail = copy.events[len(copy.events) - candidates :]
    copy.events = [*head, *(event for event in tail if event.get("name") not in forgotten)]
    return copy


class ValidateOrderForm(FormValidationAction):
    """Validation of ``order_form``; also decides which slots the task still needs."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "validate_order_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Validate as rasa-sdk does, after forgetting a verification that lapsed."""
        forgetting: list[EventType] = []
        if verification_lapsed(tracker):
            forgotten: SlotValues = {"order_verified": False, "verified_order": None}
            if not _email_given_now(tracker):
                forgotten["email"] = None
            logger.info("the verified order lapsed: the shopper proves it again")
            forgetting = [SlotSet(name, value) for name, value in forgotten.items()]
            tracker = _without(tracker, forgotten)
        validation: list[EventType] = await super().run(dispatcher, tracker, domain)
        return [*forgetting, *validation]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Order number and email, then what the task needs once the order is verified."""
        if tracker.get_slot("verification_locked") or tracker.get_slot("order_lookup_failed"):
            return []
        if not is_verified(tracker):
            return VERIFICATION_SLOTS
        order_number = str(tracker.get_slot("order_number"))
        task = tracker.get_slot("order_task")
        try:
            if task == "cancel":
                order = get_services().orders.get(order_number)
                if order.status in CANCELLABLE:
                    return [*VERIFICATION_SLOTS, "cancel_confirmed"]
            elif task == "return":
                eligible = eligible_lines(order_number)
                if len(eligible) > 1:
                    return [*VERIFICATION_SLOTS, "return_lines", "return_reason"]
                if eligible:
                    return [*VERIFICATION_SLOTS, "return_reason"]
        except (DatabaseUnavailable, NotFoundError):
            pass  # the task action reports it
        return VERIFICATION_SLOTS

    def validate_order_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> SlotValues:
        """A six-digit order number; a new one starts verification over."""
        number = parse_order_number(str(value) if value is not None else None)
        if number is None and tracker.get_slot("requested_slot") != "order_number":
            # A stray number the NLU took for an order number ("2" when choosing an item):
            # keep the order we are talking about.
            return {"order_number": _last_valid_order_number(tracker)}
        if number is None:
            dispatcher.utter_message(response="utter_invalid_order_number")
            return {"order_number": None}
        if number == verified_order_number(tracker):
            return {"order_number": number}
        result: SlotValues = {
            "order_number": number,
            "order_verified": False,
            "verified_order": None,
        }
        email = parse_email(tracker.get_slot("email"))
        if email and "email" not in tracker.slots_to_validate():
            # The shopper verified another order before: try the email we already have.
            result.update(self._verify(number, email, dispatcher, tracker, quiet_failure=True))
        return result

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> SlotValues:
        """A well-formed email; with an order number, the pair is verified."""
        text = str(value) if value is not None else ""
        email = parse_email(text)
        if email is None:
            suggestion = suggest_email_fix(text)
            if suggestion:
                dispatcher.utter_message(
                    response="utter_email_typo_hint", suggested_email=suggestion
                )
            else:
                dispatcher.utter_message(response="utter_invalid_email")
            return {"email": None}
        number = parse_order_number(tracker.get_slot("order_number"))
        if number is None:
            return {"email": email}
        if is_verified(tracker) and tracker.get_slot("email") == email:
            return {"email": email}
        return {"email": email, **self._verify(number, email, dispatcher, tracker)}

    def validate_cancel_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> SlotValues:
        """Yes or no, as the buttons or affirm/deny set it."""
        return {"cancel_confirmed": bool(value) if value is not None else None}

    def validate_return_lines(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> SlotValues:
        """Which eligible items to return, stored as comma-separated line ids."""
        try:
            lines = eligible_lines(str(tracker.get_slot("order_number")))
        except DatabaseUnavailable:
            dispatcher.utter_message(response="utter_database_unavailable")
            return {"return_lines": None, "order_lookup_failed": True}
        positions = parse_line_selection(str(value or ""), [line.title for line in lines])
        if not positions:
            dispatcher.utter_message(response="utter_invalid_return_selection")
            return {"return_lines": None}
        return {"return_lines": ",".join(str(lines[index].line_id) for index in positions)}

    def validate_return_reason(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> SlotValues:
        """A short free-text reason, trimmed."""
        reason = " ".join(str(value or "").split())
        reason = reason.removeprefix(REASON_BUTTON_PREFIX)[:MAX_REASON_CHARACTERS]
        if len(reason) < 2:
            dispatcher.utter_message(response="utter_invalid_return_reason")
            return {"return_reason": None}
        return {"return_reason": reason}

    def _verify(
        self,
        number: str,
        email: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        quiet_failure: bool = False,
    ) -> SlotValues:
        services = get_services()
        try:
            order = services.verification.verify(
                number, email, client=client_key_of(tracker), conversation=tracker.sender_id
            )
        except VerificationLocked as refusal:
            logger.info("verification refused: %s", refusal)
            dispatcher.utter_message(response="utter_verification_locked")
            return {"verification_locked": True}
        except DatabaseUnavailable:
            logger.warning("order database unavailable during verification")
            dispatcher.utter_message(response="utter_database_unavailable")
            return {"order_lookup_failed": True}
        if order is not None:
            remember_verified(tracker, number)
            dispatcher.utter_message(
                response="utter_verified", first_name=order.customer_first_name, order_number=number
            )
            return {"order_verified": True, "verified_order": number}
        if quiet_failure:
            return {"email": None}
        failures = int(tracker.get_slot("verification_failures") or 0) + 1
        if failures >= services.settings.max_verification_failures:
            dispatcher.utter_message(response="utter_verification_locked")
            return {"verification_failures": failures, "verification_locked": True}
        dispatcher.utter_message(response="utter_verification_failed")
        suggestion = suggest_email_fix(email)
        if suggestion:
            dispatcher.utter_message(response="utter_email_typo_hint", suggested_email=suggestion)
        return {"verification_failures": failures, "order_number": None, "email": None}


class ActionAskReturnLines(Action):
    """Asks which item to return, with one button per eligible item."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_return_lines"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Utter ``utter_ask_return_lines`` with the eligible items as buttons."""
        order_number = str(tracker.get_slot("order_number"))
        try:
            order = get_services().orders.get(order_number)
            lines = eligible_lines(order_number)
        except DatabaseUnavailable:
            dispatcher.utter_message(response="utter_database_unavailable")
            return []
        listing = format_lines(lines, order.currency, language_of(tracker), numbered=True)
        buttons = [
            {"title": f"{position}. {line.title}", "payload": str(position)}
            for position, line in enumerate(lines, start=1)
        ]
        dispatcher.utter_message(
            response="utter_ask_return_lines",
            order_number=order_number,
            items=listing,
            buttons=buttons,
        )
        return []
