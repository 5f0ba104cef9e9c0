"""Proactive order notices in the conversation: saying a notice from the ledger in the
conversation's language, recording the shopper's answer, and asking for and storing consent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from actions.order_notices import (
    ActionAskNoticeConsent,
    ActionNoticeConsent,
    ActionOrderNotice,
    ActionRecordNoticeAnswer,
    ActionSayOrderNotice,
)
from actions.order_task import ActionOrderTask
from actions.services import Services
from core.db.base import utc_now
from shop.proactive.consent import ConsentStore
from shop.proactive.detection import find_candidates
from shop.proactive.ledger import NoticeLedger, NoticeRecord
from tests.actions.conftest import first_order
from tests.actions.support import Event, make_tracker, run_action, user

SENDER = "rest-notice-test"


def said(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> Event:
    """A shopper message on the REST channel."""
    return {**user(text, intent, entities), "input_channel": "rest"}


def external(notice: NoticeRecord) -> Event:
    """The event the scan's trigger_intent makes."""
    entities = [
        {"entity": "notice_id", "value": str(notice.id)},
        {"entity": "notice_kind", "value": notice.kind},
        {"entity": "order_number", "value": notice.order_number},
    ]
    event = said("EXTERNAL: EXTERNAL_order_notice", "EXTERNAL_order_notice", entities)
    event["parse_data"]["metadata"] = {"is_external": True}
    return event


def pending_notice(services: Services, kind: str = "delayed", language: str = "de") -> NoticeRecord:
    """A notice claimed in the ledger for a demo order with a ``kind`` event."""
    with services.database.session() as session:
        found = find_candidates(session, utc_now(), timedelta(days=400))
    candidate = next(c for c in found if c.kind == kind)
    notice = NoticeLedger(services.database).claim(
        candidate, conversation_id=SENDER, channel="rest", language=language
    )
    assert notice is not None
    return notice


def test_a_notice_is_said_in_the_stored_language_with_its_facts(services: Services) -> None:
    notice = pending_notice(services)
    prepared = run_action(ActionOrderNotice(), make_tracker([external(notice)], sender_id=SENDER))
    slots = prepared.slot_values()
    assert slots == {
        "order_number": notice.order_number,
        "notice_open": str(notice.id),
        "language": "de",
    }
    tracker = make_tracker([external(notice)], slots=slots, sender_id=SENDER)
    spoken = run_action(ActionSayOrderNotice(), tracker)
    assert spoken.responses == ["utter_notice_delayed"]
    message = spoken.message("utter_notice_delayed")
    order = services.orders.get(notice.order_number)
    assert order.shipment is not None
    assert message["order_number"] == notice.order_number
    assert message["carrier"] == order.shipment.carrier
    assert "2" in message["event_date"] and message["expected_date"] != "-"
    ledger = NoticeLedger(services.database)
    record = ledger.get(notice.id)
    assert record is not None and record.status == "sent" and record.sent_at is not None
    # Said once: the same notice is not said again.
    assert run_action(ActionSayOrderNotice(), tracker).responses == []


def test_the_conversation_language_wins_over_the_stored_one(services: Services) -> None:
    notice = pending_notice(services, language="fr")
    tracker = make_tracker([external(notice)], slots={"language": "es"}, sender_id=SENDER)
    assert "language" not in run_action(ActionOrderNotice(), tracker).slot_values()


def test_a_notice_not_pending_is_not_said(services: Services) -> None:
    notice = pending_notice(services)
    NoticeLedger(services.database).mark_failed(notice.id, "gave up")
    prepared = run_action(ActionOrderNotice(), make_tracker([external(notice)]))
    assert prepared.slot_values() == {"notice_open": None}
    unknown = run_action(ActionSayOrderNotice(), make_tracker([], slots={"notice_open": "99999"}))
    assert unknown.responses == []


def test_the_shoppers_reply_is_recorded_as_the_answer(services: Services) -> None:
    notice = pending_notice(services)
    ledger = NoticeLedger(services.database)
    ledger.mark_sent(notice.id)
    slots = {"notice_open": str(notice.id)}
    # Another external event (the pause reminder) is no answer.
    reminder = run_action(ActionRecordNoticeAnswer(), make_tracker([external(notice)], slots))
    assert reminder.events == [{"event": "undo", "timestamp": None}]
    assert (ledger.get(notice.id) or notice).status == "sent"
    reply = make_tracker([said("/human_handoff", "human_handoff")], slots)
    answered = run_action(ActionRecordNoticeAnswer(), reply)
    assert answered.events[0]["event"] == "undo"  # the message goes its usual way
    assert answered.slot_values() == {"notice_open": None}
    record = ledger.get(notice.id)
    assert record is not None and (record.status, record.answer) == ("answered", "human_handoff")


def verified(number: str) -> dict[str, Any]:
    return {"order_verified": True, "verified_order": number, "order_number": number}


def test_an_order_answer_makes_the_consent_question_due_once(
    services: Services, orders: list[dict[str, object]]
) -> None:
    number = str(first_order(orders, "in_transit")["order_number"])
    tracker = make_tracker([said("where is my order", "order_status")], verified(number))
    assert run_action(ActionOrderTask(), tracker).slot_values()["notice_consent_due"] is True
    asked = make_tracker([], {**verified(number), "notice_consent_asked": True})
    assert "notice_consent_due" not in run_action(ActionOrderTask(), asked).slot_values()


def test_consent_is_asked_once_and_not_after_a_settled_order(
    services: Services, orders: list[dict[str, object]]
) -> None:
    number = str(first_order(orders, "in_transit")["order_number"])
    events = [said("where is my order", "order_status")]
    asked = run_action(ActionAskNoticeConsent(), make_tracker(events, verified(number)))
    assert asked.responses == ["utter_ask_notice_consent"]
    assert asked.events[0]["event"] == "undo"
    assert asked.slot_values() == {
        "notice_consent_due": False,
        "notice_consent_asked": True,
        "notice_question_open": True,
    }
    again = {**verified(number), "notice_consent_asked": True}
    assert run_action(ActionAskNoticeConsent(), make_tracker(events, again)).responses == []
    cancelled = str(first_order(orders, "cancelled")["order_number"])
    settled = run_action(ActionAskNoticeConsent(), make_tracker(events, verified(cancelled)))
    assert settled.responses == []
    # An answer given before, on this channel, is not asked for again.
    store = ConsentStore(services.database)
    customer = store.customer_of_order(number)
    assert customer is not None
    store.record(customer, "rest", granted=False, conversation_id="earlier")
    assert (
        run_action(ActionAskNoticeConsent(), make_tracker(events, verified(number))).responses == []
    )


def test_yes_to_the_question_stores_consent_for_the_customer_and_channel(
    services: Services, orders: list[dict[str, object]]
) -> None:
    number = str(first_order(orders, "in_transit")["order_number"])
    slots = {**verified(number), "notice_question_open": True, "language": "it"}
    result = run_action(
        ActionNoticeConsent(), make_tracker([said("sì", "affirm")], slots, sender_id=SENDER)
    )
    assert result.responses == ["utter_notice_consent_given"]
    assert {"event": "followup", "name": "action_listen", "timestamp": None} in result.events
    store = ConsentStore(services.database)
    customer = store.customer_of_order(number)
    assert customer is not None
    consent = store.get(customer, "rest")
    assert consent is not None and consent.granted
    assert (consent.conversation_id, consent.language) == (SENDER, "it")


def test_anything_else_closes_the_question_and_goes_its_way(
    services: Services, orders: list[dict[str, object]]
) -> None:
    number = str(first_order(orders, "in_transit")["order_number"])
    slots = {**verified(number), "notice_question_open": True}
    other = run_action(
        ActionNoticeConsent(), make_tracker([said("when will it come", "ask_delivery_date")], slots)
    )
    assert other.responses == [] and other.events[0]["event"] == "undo"
    assert other.slot_values() == {"notice_question_open": False}


def test_stop_notifications_later_in_a_conversation_written_to(
    services: Services, orders: list[dict[str, object]]
) -> None:
    number = str(first_order(orders, "in_transit")["order_number"])
    store = ConsentStore(services.database)
    customer = store.customer_of_order(number)
    assert customer is not None
    store.record(customer, "rest", granted=True, conversation_id=SENDER)
    # No verified order in this (new) session: the conversation itself says who it is.
    stop = make_tracker([said("stop notifications", "notices_opt_out")], sender_id=SENDER)
    result = run_action(ActionNoticeConsent(), stop)
    assert result.responses == ["utter_notice_consent_declined"]
    assert not any(e.get("event") == "followup" for e in result.events)  # a rule listens next
    assert store.granted(customer) == []
    stranger = make_tracker([said("you can notify me", "notices_opt_in")], sender_id="someone")
    assert run_action(ActionNoticeConsent(), stranger).responses == [
        "utter_notice_consent_needs_order"
    ]
