"""Opening offers against the real servers (see conftest): a shopper the channel knows
greets and gets their likely reasons as the first quick replies; everyone else gets today's
menu; a forged, expired or unsigned customer token is ignored (the attack tests)."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core.db.base import utc_now
from core.db.models import Order
from shop.opening.customer_token import METADATA_KEY, make_customer_token
from tests.e2e.conftest import Stack
from tests.e2e.test_channel_webhooks import telegram_post, telegram_update
from tests.fake_secrets import TEST_SECRETS

pytestmark = pytest.mark.e2e

MENU = [
    "/search_product",
    "/order_status",
    "/return_item",
    "/cancel_order",
    "/ask_shipping_policy",
    "/human_handoff",
]
TOKEN_SECRET = TEST_SECRETS["SHOPBOT_CUSTOMER_TOKEN_SECRET"]


def payloads(messages: list[dict[str, Any]]) -> list[str]:
    [greeting] = [message for message in messages if message.get("buttons")]
    return [str(button["payload"]) for button in greeting["buttons"]]


def delayed_customer(stack: Stack) -> tuple[int, str]:
    order = stack.order_with_status("delayed")
    with stack.database.session() as session:
        customer_id = session.scalar(
            select(Order.customer_id).where(Order.order_number == order["order_number"])
        )
    assert customer_id is not None
    return customer_id, str(order["order_number"])


def greet(stack: Stack, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return stack.client.send(f"e2e-open-{secrets.token_hex(6)}", "/greet", metadata)


def test_an_unknown_shopper_gets_todays_menu(stack: Stack) -> None:
    messages = greet(stack)
    assert payloads(messages) == MENU
    assert "assistant" in messages[0]["text"]


def test_the_shop_pages_token_opens_with_the_customers_offers(stack: Stack) -> None:
    customer_id, _number = delayed_customer(stack)
    token = make_customer_token(TOKEN_SECRET, customer_id, utc_now() + timedelta(minutes=10))
    messages = greet(stack, {METADATA_KEY: token})
    offered = payloads(messages)
    with stack.database.session() as session:
        theirs = set(
            session.scalars(select(Order.order_number).where(Order.customer_id == customer_id))
        )
    first = offered[0]
    assert first.startswith('/order_status{"order_number":"'), offered
    assert first.split('"')[3] in theirs
    assert offered != MENU and len(offered) == len(MENU) and offered[-1] == "/human_handoff"
    assert messages[0]["text"].startswith("Welcome back")
    # the offer works as if typed: the order form asks for the email of that order
    asked = stack.client.send(f"e2e-open-{secrets.token_hex(6)}", first)
    assert "email" in " ".join(str(m.get("text")) for m in asked).lower()


@pytest.mark.parametrize("spoil", ["forged", "expired", "other_customer", "far_future", "bare_id"])
def test_attack_a_forged_or_expired_token_is_ignored(stack: Stack, spoil: str) -> None:
    customer_id, _number = delayed_customer(stack)
    soon = utc_now() + timedelta(minutes=10)
    cases: dict[str, dict[str, Any]] = {
        "forged": {METADATA_KEY: make_customer_token("f" * 64, customer_id, soon)},
        "expired": {
            METADATA_KEY: make_customer_token(TOKEN_SECRET, customer_id, utc_now() - timedelta(1))
        },
        "other_customer": {
            METADATA_KEY: make_customer_token(TOKEN_SECRET, customer_id, soon).replace(
                f"v1.{customer_id}.", f"v1.{customer_id + 1}."
            )
        },
        "far_future": {
            METADATA_KEY: make_customer_token(
                TOKEN_SECRET, customer_id, utc_now() + timedelta(days=400)
            )
        },
        "bare_id": {"customer_id": customer_id, "shopbot_customer": customer_id},
    }
    assert payloads(greet(stack, cases[spoil])) == MENU


def _wait_for_slot(stack: Stack, sender: str, name: str, value: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if stack.client.tracker(sender).get("slots", {}).get(name) == value:
            return
        time.sleep(0.3)
    raise AssertionError(f"{name} never became {value!r} in {sender}")


def keyboard(request: Any) -> list[str]:
    return [row[0]["callback_data"] for row in request.json()["reply_markup"]["inline_keyboard"]]


def greeting_to(stack: Stack, chat_id: int, personal: bool) -> list[str]:
    """The keyboard of the greeting sent to ``chat_id``: today's menu, or personal offers."""

    def wanted(request: Any) -> bool:
        body = request.json()
        if not request.path.endswith("/sendMessage") or body.get("chat_id") != chat_id:
            return False
        if "reply_markup" not in body:
            return False
        buttons = keyboard(request)
        if not personal:
            return buttons == MENU
        return buttons != MENU and len(buttons) == len(MENU) and buttons[-1] == "/human_handoff"

    [reply] = stack.capture.wait_for("telegram", wanted)
    return keyboard(reply)


def test_a_telegram_id_that_verified_an_order_is_known_when_it_greets(stack: Stack) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    sender = f"telegram:{chat_id}"
    secret = stack.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    customer_id, number = delayed_customer(stack)
    email = next(o["email"] for o in stack.orders if o["order_number"] == number)
    telegram_post(stack, telegram_update(chat_id, "/start"), secret)
    assert greeting_to(stack, chat_id, personal=False) == MENU  # not known yet
    telegram_post(stack, telegram_update(chat_id, f"where is my order {number}"), secret)
    _wait_for_slot(stack, sender, "requested_slot", "email")
    telegram_post(stack, telegram_update(chat_id, str(email)), secret)
    _wait_for_slot(stack, sender, "order_verified", True)
    telegram_post(stack, telegram_update(chat_id, "hi"), secret)
    offered = greeting_to(stack, chat_id, personal=True)
    with stack.database.session() as session:
        theirs = set(
            session.scalars(select(Order.order_number).where(Order.customer_id == customer_id))
        )
    assert offered[0].startswith('/order_status{"order_number":"'), offered
    assert offered[0].split('"')[3] in theirs
    assert len(offered) == len(MENU) and offered[-1] == "/human_handoff"
    # another chat is nobody
    other = 10**9 + secrets.randbelow(10**9)
    telegram_post(stack, telegram_update(other, "/start"), secret)
    assert greeting_to(stack, other, personal=False) == MENU
