"""Whole conversations over the REST channel against the real servers (see conftest)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from tests.e2e.conftest import Stack, returnable_order

pytestmark = pytest.mark.e2e


def verify(conversation, order) -> str:  # type: ignore[no-untyped-def]
    """Ask for the order's status and give its email; the bot's reply to the email."""
    asked = conversation.say_text(f"where is my order #{order['order_number']}?")
    assert "email" in asked.lower()
    return conversation.say_text(order["email"])


def test_greeting_offers_the_menu(stack: Stack) -> None:
    messages = stack.conversation().say("hello")
    assert "assistant" in messages[0]["text"]
    assert {b["payload"] for b in messages[0]["buttons"]} >= {"/order_status", "/human_handoff"}


def test_order_status_after_verification_then_follow_ups(stack: Stack) -> None:
    order = stack.order_with_status("in_transit", "shipped")
    conversation = stack.conversation()
    reply = verify(conversation, order)
    assert f"found order {order['order_number']}" in reply
    assert "on its way" in reply or "has shipped" in reply
    assert order["tracking_number"] in reply
    # Follow-ups use the verified order without asking again.
    assert "should arrive by" in conversation.say_text("when will it arrive?")
    carrier = conversation.say_text("which carrier is delivering it?")
    assert order["carrier"] in carrier and order["tracking_number"] in carrier
    items = conversation.say_text("what was in my order?")
    assert all(line["title"] in items for line in order["lines"])


def test_order_number_typed_with_spaces_and_trailing_text(stack: Stack) -> None:
    order = stack.order_with_status("delivered")
    number = order["order_number"]
    conversation = stack.conversation()
    assert "order number" in conversation.say_text("I want to track my order").lower()
    asked = conversation.say_text(f"it's {number[:3]} {number[3:]} I think")
    assert number in asked
    assert "delivered on" in conversation.say_text(order["email"].upper())


def test_delayed_order_apologises(stack: Stack) -> None:
    order = stack.order_with_status("delayed")
    reply = verify(stack.conversation(), order)
    assert "sorry" in reply.lower() and "delayed" in reply


def test_wrong_email_and_unknown_order_get_the_same_answer(stack: Stack) -> None:
    order = stack.order_with_status("delivered")
    wrong_email = verify(stack.conversation(), {**order, "email": "someone.else@example.com"})
    unknown = stack.conversation()
    unknown.say_text("where is my order 999999?")
    unknown_order = unknown.say_text(order["email"])
    assert wrong_email == unknown_order
    assert "couldn't find an order" in wrong_email


def test_five_failed_verifications_hand_over_and_pause(stack: Stack) -> None:
    order = stack.order_with_status("delivered")
    conversation = stack.conversation()
    conversation.say_text(f"where is my order {order['order_number']}")
    replies = []
    for attempt in range(5):
        if attempt:
            conversation.say_text(order["order_number"])
        replies.append(conversation.say_text(f"wrong{attempt}@example.com"))
    assert all("couldn't find an order" in reply for reply in replies[:4])
    assert "passing you to a colleague" in replies[4] and "ticket" in replies[4]
    assert conversation.say("hello?") == []  # paused: a human owns the conversation now
    assert conversation.tracker()["paused"] is True
    with stack.database.session() as session:
        count = session.execute(
            text("SELECT count(*) FROM handover_tickets WHERE conversation_id = :id"),
            {"id": conversation.sender},
        ).scalar_one()
    assert count == 1


def test_cancel_needs_confirmation_and_is_idempotent(stack: Stack) -> None:
    order = stack.order_with_status("paid", "packed")
    conversation = stack.conversation()
    conversation.say_text("I'd like to cancel my order")
    conversation.say_text(order["order_number"])
    question = conversation.say_text(order["email"])
    assert "Shall I cancel it now?" in question
    assert "is cancelled" in conversation.say_text("yes")
    with stack.database.session() as session:
        status = session.execute(
            text("SELECT status FROM orders WHERE order_number = :n"), {"n": order["order_number"]}
        ).scalar_one()
    assert status == "cancelled"
    assert "already cancelled" in conversation.say_text("please cancel my order")


def test_cancel_declined_keeps_the_order(stack: Stack) -> None:
    order = [o for o in stack.orders if o["status"] in ("paid", "packed")][-1]
    conversation = stack.conversation()
    conversation.say_text(f"cancel order {order['order_number']}")
    conversation.say_text(order["email"])
    assert "haven't changed anything" in conversation.say_text("no")


def test_shipped_order_cannot_be_cancelled(stack: Stack) -> None:
    order = stack.order_with_status("in_transit", "out_for_delivery")
    conversation = stack.conversation()
    conversation.say_text(f"cancel order {order['order_number']}")
    assert "can't cancel it" in conversation.say_text(order["email"])


def test_return_asks_which_item_when_there_are_several(stack: Stack) -> None:
    order = returnable_order(stack, minimum_lines=2)
    conversation = stack.conversation()
    conversation.say_text(f"I want to return something from order {order['order_number']}")
    choose = conversation.say(order["email"])
    buttons = [button for message in choose for button in message.get("buttons", [])]
    assert len(buttons) >= 2
    reasons = conversation.say(buttons[1]["payload"])
    reason_buttons = [button for message in reasons for button in message.get("buttons", [])]
    assert "reason" in reasons[0]["text"].lower() and reason_buttons
    created = conversation.say_text(reason_buttons[0]["payload"])  # "Wrong size"
    assert "Your return RMA-" in created
    assert buttons[1]["title"].split(". ", 1)[1] in created


def test_return_repeated_creates_one_rma(stack: Stack) -> None:
    order = returnable_order(stack, minimum_lines=1, maximum_lines=1, every_line=True)
    conversation = stack.conversation()
    conversation.say_text(f"I'd like to send back order {order['order_number']}")
    assert "reason" in conversation.say_text(order["email"]).lower()
    created = conversation.say_text("It is damaged")
    rma = created.split("Your return ")[1].split()[0]
    again = conversation.say_text("I want to return it")
    assert f"already have return {rma}" in again


def test_refund_status(stack: Stack) -> None:
    order = stack.order_with_status("refunded")
    conversation = stack.conversation()
    conversation.say_text(f"where is my refund for order {order['order_number']}")
    assert "refund of" in conversation.say_text(order["email"])


def test_policy_questions_come_from_the_policy_document(stack: Stack) -> None:
    conversation = stack.conversation()
    assert "30 days" in conversation.say_text("what is your return policy?")
    assert "PayPal" in conversation.say_text("which payment methods do you accept?")


def test_policy_question_inside_the_form_then_the_form_goes_on(stack: Stack) -> None:
    conversation = stack.conversation()
    conversation.say_text("where is my order?")
    reply = conversation.say_text("how long does shipping take?")
    assert "business days" in reply and "order number" in reply


def test_handover_on_request_pauses_the_bot(stack: Stack) -> None:
    conversation = stack.conversation()
    reply = conversation.say_text("I want to talk to a human")
    assert "ticket T" in reply or "ticket" in reply
    assert conversation.say("are you there?") == []


@pytest.mark.parametrize(
    "message",
    ["😀😀😀", "🤔", "?!?!", "x" * 10_000, "where is my order " + "please " * 1500],
)
def test_odd_messages_get_an_answer(stack: Stack, message: str) -> None:
    messages = stack.conversation().say(message)
    assert messages and all(m.get("text") for m in messages)


def test_malformed_order_number_is_explained(stack: Stack) -> None:
    conversation = stack.conversation()
    conversation.say_text("track my order")
    assert "six digits" in conversation.say_text("#12")


def test_typo_in_email_domain_gets_a_hint(stack: Stack) -> None:
    order = stack.order_with_status("delivered")
    conversation = stack.conversation()
    conversation.say_text(f"where is my order {order['order_number']}")
    assert "Did you perhaps mean anna@gmail.com" in conversation.say_text("anna@gmail")


def test_action_server_refuses_calls_without_the_token(stack: Stack) -> None:
    body = {"next_action": "action_order_task", "sender_id": "x", "tracker": {"secret": "s3cr3t"}}
    for headers in ({}, {"X-Shopbot-Action-Token": "wrong"}):
        response = httpx.post(f"{stack.action_url}/webhook", json=body, headers=headers)
        assert response.status_code == 401
        assert "s3cr3t" not in response.text
    # With the token, a broken call fails without echoing the tracker back.
    response = httpx.post(
        f"{stack.action_url}/webhook",
        json=body,
        headers={"X-Shopbot-Action-Token": stack.action_token},
    )
    assert response.status_code >= 400 and "s3cr3t" not in response.text


def test_rasa_http_api_needs_the_token(stack: Stack) -> None:
    assert httpx.get(f"{stack.client.base_url}/status").status_code == 401


@pytest.mark.parametrize("sender", ["twilio:whatsapp:+15550001111", "telegram:42", "a b", ""])
def test_rest_refuses_platform_like_conversation_ids(stack: Stack, sender: str) -> None:
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": "hi"},
        headers={"Authorization": f"Bearer {stack.rasa_token}"},  # the REST channel needs it
    )
    assert response.status_code == 400
    assert "sender" in response.json()["error"]


def test_rest_callers_cannot_claim_another_channel(stack: Stack) -> None:
    conversation = stack.conversation()
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": conversation.sender, "message": "hi", "input_channel": "telegram"},
        headers={"Authorization": f"Bearer {stack.rasa_token}"},
    )
    assert response.status_code == 200 and response.json()
    users = [e for e in conversation.tracker()["events"] if e["event"] == "user"]
    assert [e["input_channel"] for e in users] == ["rest"]
