"""Proactive order notices against the real servers: a shopper agrees in the conversation,
their order goes wrong in the database, ``shopbot proactive scan`` writes to them through
the Rasa server (the REST channel cannot push, so the notice lands in the tracker), in their
language, and the notice's buttons go on as usual (a person; the cancellation). A second
scan sends nothing new."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.db.base import utc_now
from core.db.models import Order, Shipment, ShipmentEvent
from core.db.proactive_models import NoticeConsent, OrderNotice
from shopbot.runtime import offline_environment
from tests.e2e.conftest import SHOPBOT, Conversation, Stack

pytestmark = pytest.mark.e2e


def scan(stack: Stack) -> dict[str, Any]:
    """``shopbot proactive scan --json`` against the stack, at any hour of the day."""
    done = subprocess.run(
        [str(SHOPBOT), "proactive", "scan", "--json"],
        capture_output=True,
        text=True,
        env=offline_environment(
            {
                **stack.env,
                "SHOPBOT_PROACTIVE_QUIET_HOURS": "",
                "SHOPBOT_PROACTIVE_DAILY_LIMIT": "20",
            }
        ),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def unused_order(stack: Stack, status: str) -> dict[str, Any]:
    """The last demo order with ``status`` (other tests take the first ones)."""
    return [order for order in stack.orders if order["status"] == status][-1]


def agree(conversation: Conversation, order: dict[str, Any], question: str, words: str) -> None:
    """Verify ``order`` with a message in the shopper's language, then say yes to notices."""
    asked = conversation.say_text(words.format(number=order["order_number"]))
    assert order["order_number"] in asked
    answered = conversation.say(order["email"])
    consent = [m for m in answered if question in str(m.get("text"))]
    assert consent, answered
    assert [b["payload"] for b in consent[0]["buttons"]] == ["/notices_opt_in", "/notices_opt_out"]
    conversation.say_text("/notices_opt_in")


def notice_messages(conversation: Conversation) -> list[dict[str, Any]]:
    """The bot's messages that followed the scan's external event, from the tracker."""
    events = conversation.tracker()["events"]
    start = max(
        i
        for i, e in enumerate(events)
        if e["event"] == "user" and (e.get("text") or "").startswith("EXTERNAL: ")
    )
    return [e for e in events[start:] if e["event"] == "bot"]


def notice_row(stack: Stack, number: str) -> OrderNotice:
    with stack.database.session() as session:
        row = session.scalars(select(OrderNotice).where(OrderNotice.order_number == number)).one()
        session.expunge(row)
        return row


def test_a_delay_is_written_in_german_and_talk_to_a_person_hands_over(stack: Stack) -> None:
    order = unused_order(stack, "in_transit")
    number = order["order_number"]
    conversation = stack.conversation()
    agree(
        conversation,
        order,
        "Soll ich dir hier schreiben",
        "hallo, wo ist meine Bestellung {number}?",
    )
    with stack.database.session() as session:
        consent = session.scalars(
            select(NoticeConsent).where(NoticeConsent.conversation_id == conversation.sender)
        ).one()
        assert (consent.channel, consent.granted, consent.language) == ("rest", True, "de")
        shipment = session.scalars(
            select(Shipment).join(Order).where(Order.order_number == number)
        ).one()
        session.add(
            ShipmentEvent(
                shipment_id=shipment.id,
                status="delayed",
                description="Delayed: severe weather in the region",
                location="Hub",
                occurred_at=utc_now() - timedelta(minutes=10),
            )
        )
        carrier = shipment.carrier

    report = scan(stack)
    mine = [n for n in report["notices"] if n["order_number"] == number]
    assert [(n["kind"], n["status"], n["language"]) for n in mine] == [("delayed", "sent", "de")]

    [message] = notice_messages(conversation)
    assert number in message["text"] and carrier in message["text"]
    assert "Verzögerung" in message["text"], message["text"]
    buttons = message["data"]["buttons"]
    assert [b["payload"] for b in buttons] == ["/affirm", "/human_handoff"]
    assert notice_row(stack, number).status == "sent"

    handed = conversation.say_text(buttons[1]["payload"])
    assert re.search(r"T-\d{6}", handed) and "Support-Team" in handed, handed
    assert conversation.tracker()["paused"] is True
    answered = notice_row(stack, number)
    assert (answered.status, answered.answer) == ("answered", "human_handoff")

    again = scan(stack)
    assert again["sent"] == 0 and not [n for n in again["notices"] if n["order_number"] == number]


def test_an_order_not_dispatched_is_written_in_spanish_and_cancel_cancels_it(
    stack: Stack,
) -> None:
    order = unused_order(stack, "packed")
    number = order["order_number"]
    conversation = stack.conversation()
    agree(
        conversation, order, "Quieres que te escriba aquí", "hola, ¿dónde está mi pedido {number}?"
    )
    with stack.database.session() as session:
        shipment = session.scalars(
            select(Shipment).join(Order).where(Order.order_number == number)
        ).one()
        shipment.promised_date = (utc_now() - timedelta(days=1)).date()

    report = scan(stack)
    mine = [n for n in report["notices"] if n["order_number"] == number]
    assert [(n["kind"], n["status"], n["language"]) for n in mine] == [
        ("not_dispatched", "sent", "es")
    ]
    [message] = notice_messages(conversation)
    assert number in message["text"] and "almacén" in message["text"], message["text"]
    payloads = [b["payload"] for b in message["data"]["buttons"]]
    assert payloads == ["/affirm", "/cancel_order", "/human_handoff"]

    question = conversation.say_text("/cancel_order")
    assert number in question and "?" in question, question  # the cancellation flow asks
    conversation.say_text("sí")
    with stack.database.session() as session:
        status = session.scalars(select(Order.status).where(Order.order_number == number)).one()
    assert status == "cancelled"
    answered = notice_row(stack, number)
    assert (answered.status, answered.answer) == ("answered", "cancel_order")
    assert not [n for n in scan(stack)["notices"] if n["order_number"] == number]
