"""The opening offers on the action side: a verified order links a messaging id, its next
greeting carries the customer's offers; the shop page's token does the same on the website;
a forged token, a REST sender and a website id without a token get the fixed menu."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from actions.message_reading import ActionReadMessage
from actions.opening import OFFERS_SLOT, read_opening
from actions.order_form import ValidateOrderForm
from actions.services import Services
from core.db.base import utc_now
from core.db.models import Customer, Order
from core.db.opening_models import ChannelIdentity
from shop.opening.customer_token import METADATA_KEY, make_customer_token
from shop.opening.ranking import FIXED_MENU, MENU_SIZE
from tests.actions.conftest import first_order
from tests.actions.support import make_tracker, run_action, run_reading, slot, user

WEB = "web-" + "c" * 32


def greeting(sender: str, metadata: dict[str, Any] | None = None) -> Any:
    message = user("hi", "greet")
    message["parse_data"]["metadata"] = metadata or {}
    return make_tracker([message], sender_id=sender)


def verify(sender: str, order: dict[str, Any]) -> None:
    events = [user("…", "order_status"), user("…", "inform"), slot("email", order["email"])]
    tracker = make_tracker(
        events,
        slots={"requested_slot": "email", "order_number": order["order_number"]},
        sender_id=sender,
        active_loop="order_form",
    )
    assert run_action(ValidateOrderForm(), tracker).slot_values()["order_verified"] is True


def customer_orders(services: Services, order_number: str) -> tuple[int, set[str]]:
    with services.database.session() as session:
        customer_id = session.scalar(
            select(Order.customer_id).where(Order.order_number == order_number)
        )
        numbers = set(
            session.scalars(select(Order.order_number).where(Order.customer_id == customer_id))
        )
    assert customer_id is not None
    return customer_id, numbers


def offers_of(tracker: Any) -> list[dict[str, Any]] | None:
    values = run_reading(read_opening, tracker).slot_values()
    return values.get(OFFERS_SLOT)


def test_a_verified_telegram_id_greets_with_its_customers_offers(
    services: Services, orders: list[dict[str, Any]]
) -> None:
    order = first_order(orders, "delayed")
    assert offers_of(greeting("telegram:5151")) is None  # not known yet: the fixed menu
    verify("telegram:5151", order)
    with services.database.session() as session:
        [row] = session.scalars(select(ChannelIdentity)).all()
        assert row.channel == "telegram" and "5151" not in row.identity_key
        assert row.last_intents == ["order_status", "inform"]
    offers = offers_of(greeting("telegram:5151"))
    assert offers is not None and len(offers) == MENU_SIZE
    _customer, numbers = customer_orders(services, str(order["order_number"]))
    assert (
        offers[0]
        == {
            "intent": "order_status",
            "order_number": order["order_number"],
            "reason": "delayed",
        }
        or offers[0].get("order_number") in numbers
    )
    assert offers[-1]["intent"] == "human_handoff"
    # another platform's id, and the same chat on REST, are not that customer
    assert offers_of(greeting("messenger:5151")) is None
    assert offers_of(greeting("telegram-5151")) is None


def test_a_verified_website_or_rest_conversation_identifies_nobody(
    services: Services, orders: list[dict[str, Any]]
) -> None:
    order = first_order(orders, "in_transit")
    verify(WEB, order)
    verify("rest-7", order)
    assert offers_of(greeting(WEB)) is None
    assert offers_of(greeting("rest-7")) is None


def test_the_shop_pages_token_names_the_customer_and_a_forged_one_nobody(
    services: Services, orders: list[dict[str, Any]]
) -> None:
    order = first_order(orders, "delayed", "in_transit", "out_for_delivery")
    customer_id, numbers = customer_orders(services, str(order["order_number"]))
    secret = services.settings.require_secret("customer_token_secret")
    token = make_customer_token(secret, customer_id, utc_now() + timedelta(minutes=10))
    offers = offers_of(greeting(WEB, {METADATA_KEY: token}))
    assert offers is not None and offers[0]["order_number"] in numbers
    forged = make_customer_token("x" * 64, customer_id, utc_now() + timedelta(minutes=10))
    expired = make_customer_token(secret, customer_id, utc_now() - timedelta(seconds=5))
    for bad in (forged, expired, token[:-1], {"customer_id": customer_id}):
        assert offers_of(greeting(WEB, {METADATA_KEY: bad})) is None
    assert offers_of(greeting(WEB, {"customer_id": customer_id})) is None


def test_only_a_greeting_opens_and_a_stale_offer_is_cleared(
    services: Services, orders: list[dict[str, Any]]
) -> None:
    order = first_order(orders, "delayed")
    verify("telegram:6262", order)
    asked = make_tracker([user("where is it", "order_status")], sender_id="telegram:6262")
    assert run_reading(read_opening, asked).events == []
    stale = make_tracker(
        [user("hi", "greet")],
        slots={OFFERS_SLOT: [{"intent": "order_status", "reason": "delayed"}]},
        sender_id="rest-9",
    )
    assert run_reading(read_opening, stale).slot_values() == {OFFERS_SLOT: None}
    with services.database.session() as session:  # a customer with no orders: no offers
        lonely = Customer(email="lonely@example.com", first_name="L", last_name="O")
        session.add(lonely)
        session.flush()
        lonely_id = lonely.id
    secret = services.settings.require_secret("customer_token_secret")
    token = make_customer_token(secret, lonely_id, utc_now() + timedelta(minutes=10))
    assert offers_of(greeting(WEB, {METADATA_KEY: token})) is None


def test_the_reading_runs_inside_action_read_message(
    services: Services, orders: list[dict[str, Any]]
) -> None:
    verify("telegram:7373", first_order(orders, "delayed"))
    result = run_action(ActionReadMessage(), greeting("telegram:7373"))
    offers = result.slot_values()[OFFERS_SLOT]
    assert [o["intent"] for o in offers] != [o.intent for o in FIXED_MENU]
