"""Proactive order notices in the conversation (shop/proactive, docs/proactive.md).

- The scan (``shopbot proactive scan``) triggers ``EXTERNAL_order_notice`` with the ledger
  id; a rule runs :class:`ActionOrderNotice`, which sets the conversation's language (when a
  new session left it unset), the order number (so "cancel" goes straight into the order
  form for that order) and ``notice_open``, then :class:`ActionSayOrderNotice`, which says
  the notice in that language with its facts and buttons and marks it ``sent``.
- The shopper's next message answers it: :class:`ActionRecordNoticeAnswer` (run first by
  ``bot.feedback_policy`` while ``notice_open`` is set) records the intent and steps out of
  the history, so the message goes its usual way (a wait, the cancellation, a person).
- Consent: an order answer makes ``notice_consent_due``; :class:`ActionAskNoticeConsent`
  asks once per conversation, after the answer, when the customer has not answered on this
  channel yet; :class:`ActionNoticeConsent` reads the yes or no (buttons, "yes", "no") from
  the next message, and "you can notify me" / "stop notifications" at any time.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action
from rasa_sdk.events import ActionReverted, FollowupAction, SlotSet

from actions.conversation import language_of, verified_order_number
from actions.formatting import format_day
from actions.services import get_services
from core.conversation_events import is_external_message
from core.errors import ShopbotError
from core.money import format_money
from core.views import OrderStatus
from shop.proactive.consent import ConsentStore
from shop.proactive.facts import NoticeFacts, notice_facts
from shop.proactive.ledger import NoticeLedger
from shop.proactive.notice import NOTICE_ENTITY

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = [
    "ActionAskNoticeConsent",
    "ActionNoticeConsent",
    "ActionOrderNotice",
    "ActionRecordNoticeAnswer",
    "ActionSayOrderNotice",
    "notice_consent_due_events",
    "notice_values",
]

logger = logging.getLogger(__name__)

NOTICE_SLOT = "notice_open"
CONSENT_DUE = "notice_consent_due"
CONSENT_ASKED = "notice_consent_asked"
QUESTION_OPEN = "notice_question_open"
_YES = frozenset({"affirm", "notices_opt_in"})
_NO = frozenset({"deny", "notices_opt_out"})
#: Orders the consent question is not asked after (nothing can go wrong any more).
_SETTLED = frozenset({OrderStatus.CANCELLED.value, OrderStatus.REFUNDED.value})


def _latest_intent(tracker: Tracker) -> str:
    return str(((tracker.latest_message or {}).get("intent") or {}).get("name") or "")


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == name and entity.get("value") is not None:
            return str(entity["value"])
    return None


def _ledger() -> NoticeLedger:
    return NoticeLedger(get_services().database)


def notice_values(facts: NoticeFacts, language: str) -> dict[str, Any]:
    """The response's placeholders, as the shopper reads them."""
    amount = (
        format_money(facts.refund_amount, facts.refund_currency, language)
        if facts.refund_amount is not None and facts.refund_currency
        else "-"
    )
    return {
        "order_number": facts.order_number,
        "carrier": facts.carrier or "-",
        "event_date": format_day(facts.event_at, language),
        "expected_date": format_day(facts.promised_date, language),
        "amount": amount,
        "refund_date": format_day(facts.refund_issued_at, language),
        "rma_number": facts.rma_number or "-",
    }


class ActionOrderNotice(Action):
    """Prepares the conversation for the notice the scan triggered."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_order_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Language (if unset), order number and the open notice, from the ledger."""
        raw = _entity(tracker, NOTICE_ENTITY)
        try:
            notice = _ledger().get(int(raw)) if raw and raw.isdigit() else None
        except ShopbotError:
            logger.warning("order database unavailable while preparing a notice")
            notice = None
        if notice is None or notice.status != "pending":
            logger.warning("external order notice without a pending ledger entry")
            return [SlotSet(NOTICE_SLOT, None)]
        events = [
            SlotSet("order_number", notice.order_number),
            SlotSet(NOTICE_SLOT, str(notice.id)),
        ]
        if (
            not tracker.get_slot("language")
            and notice.language in get_services().settings.reply_languages
        ):
            events.append(SlotSet("language", notice.language))
        return events


class ActionSayOrderNotice(Action):
    """Says the open notice with its facts and buttons, and marks it sent."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_say_order_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Nothing when the notice is not pending any more (the scan records a failure)."""
        raw = str(tracker.get_slot(NOTICE_SLOT) or "")
        if not raw.isdigit():
            return []
        ledger = _ledger()
        try:
            notice = ledger.get(int(raw))
            facts = notice_facts(get_services().database, notice) if notice else None
            if notice is None or facts is None or notice.status != "pending":
                return [SlotSet(NOTICE_SLOT, None)]
            dispatcher.utter_message(
                response=f"utter_notice_{notice.kind}",
                **notice_values(facts, language_of(tracker)),
            )
            ledger.mark_sent(notice.id)
        except ShopbotError:
            logger.warning("order database unavailable while saying a notice")
            return [SlotSet(NOTICE_SLOT, None)]
        logger.info("order notice %s said (%s)", notice.id, notice.kind)
        return []


class ActionRecordNoticeAnswer(Action):
    """Records the shopper's reply to a notice, then steps out of the history."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_record_notice_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """The intent of the reply goes into the ledger; an external event is no reply."""
        if is_external_message(tracker.latest_message):
            return [ActionReverted()]
        raw = str(tracker.get_slot(NOTICE_SLOT) or "")
        if raw.isdigit():
            try:
                _ledger().mark_answered(int(raw), _latest_intent(tracker) or "text")
            except ShopbotError:
                logger.warning("order database unavailable while recording a notice's answer")
        return [ActionReverted(), SlotSet(NOTICE_SLOT, None)]


def notice_consent_due_events(tracker: Tracker) -> list[dict[str, Any]]:
    """``notice_consent_due`` after an order answer, until the question was asked once."""
    if tracker.get_slot(CONSENT_ASKED):
        return []
    return [SlotSet(CONSENT_DUE, True)]


def _channel(tracker: Tracker) -> str:
    return str(tracker.get_latest_input_channel() or "")


class ActionAskNoticeConsent(Action):
    """Asks once whether the shop may write first, after an order answer."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_notice_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask when the verified order's customer has not answered on this channel yet;
        either way step out of the history."""
        done: list[dict[str, Any]] = [ActionReverted(), SlotSet(CONSENT_DUE, False)]
        number, channel = verified_order_number(tracker), _channel(tracker)
        if tracker.get_slot(CONSENT_ASKED) or not number or not channel:
            return done
        try:
            services = get_services()
            order = services.orders.find(number)
            store = ConsentStore(services.database)
            customer = store.customer_of_order(number)
            if order is None or customer is None or order.status.value in _SETTLED:
                return done
            if store.get(customer, channel) is not None:
                return [*done, SlotSet(CONSENT_ASKED, True)]
        except ShopbotError:
            logger.warning("order database unavailable while checking notice consent")
            return done
        dispatcher.utter_message(response="utter_ask_notice_consent")
        return [*done, SlotSet(CONSENT_ASKED, True), SlotSet(QUESTION_OPEN, True)]


class ActionNoticeConsent(Action):
    """Stores the shopper's yes or no to notices on this channel."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_notice_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """A yes or no (to the question, or said any time) is stored; while the question is
        open, any other message closes it and goes its usual way."""
        intent = _latest_intent(tracker)
        question = bool(tracker.get_slot(QUESTION_OPEN))
        closed = SlotSet(QUESTION_OPEN, False)
        if intent not in _YES | _NO:
            return [ActionReverted(), closed] if question else []
        granted = intent in _YES
        after = [closed, SlotSet(CONSENT_ASKED, True)]
        if question:
            after.append(FollowupAction("action_listen"))
        try:
            customer = self._customer(tracker)
            if customer is None:
                dispatcher.utter_message(response="utter_notice_consent_needs_order")
                return after
            ConsentStore(get_services().database).record(
                customer,
                _channel(tracker) or "unknown",
                granted=granted,
                conversation_id=tracker.sender_id,
                language=language_of(tracker),
            )
        except ShopbotError:
            logger.warning("order database unavailable while storing notice consent")
            dispatcher.utter_message(response="utter_database_unavailable")
            return after
        logger.info("notice consent %s", "given" if granted else "declined")
        response = "utter_notice_consent_given" if granted else "utter_notice_consent_declined"
        dispatcher.utter_message(response=response)
        return after

    @staticmethod
    def _customer(tracker: Tracker) -> int | None:
        """The verified order's customer, else the one this conversation was written to."""
        store = ConsentStore(get_services().database)
        number = verified_order_number(tracker)
        if number:
            return store.customer_of_order(number)
        return store.customer_of_conversation(tracker.sender_id)
