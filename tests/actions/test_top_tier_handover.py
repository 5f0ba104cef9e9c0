"""The value tier in the hand-over: a verified top-tier customer goes straight to a person
for the intents the shop chose, and the ticket keeps the tier (never the amount)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from actions.handoff import HANDOVER_DUE, ActionHandover, route_to_human, top_tier_reason
from actions.services import Services, use_services
from core.db.customer_value_models import CustomerValue
from core.db.models import Order
from tests.actions.support import make_tracker, run_action, run_reading, slot, user


def _set_tier(services: Services, order_number: str, tier: str) -> None:
    with services.database.session() as session:
        customer = session.scalar(
            select(Order.customer_id).where(Order.order_number == order_number)
        )
        assert customer is not None
        session.merge(
            CustomerValue(
                customer_id=customer,
                tier=tier,
                predicted_value=Decimal("4321.98"),
                currency="EUR",
                expected_orders=3.0,
                probability_alive=0.9,
                scored_at=datetime.now(UTC),
            )
        )


@pytest.fixture
def top_tier_services(services: Services) -> Iterator[Services]:
    """The suite's services with returns kept for people when the customer is top tier."""
    settings = services.settings.model_copy(update={"top_tier_human_intents": ("return_item",)})
    built = dataclasses.replace(services, settings=settings)
    use_services(built)
    yield built
    use_services(services)


def _verified(order_number: str, text: str, intent: str) -> list[dict[str, object]]:
    return [
        slot("verified_order", order_number),
        slot("order_verified", True),
        user(text, intent),
    ]


def test_the_rule_needs_both_the_intent_and_the_top_tier() -> None:
    assert top_tier_reason("return_item", ("return_item",), lambda: "top") == "top_tier"
    assert top_tier_reason("return_item", ("return_item",), lambda: "high") is None
    assert top_tier_reason("order_status", ("return_item",), lambda: "top") is None
    assert top_tier_reason("return_item", (), lambda: "top") is None


def test_a_verified_top_tier_customer_goes_to_a_person(
    top_tier_services: Services, orders: list[dict[str, object]]
) -> None:
    top, other = (str(order["order_number"]) for order in orders[:2])
    _set_tier(top_tier_services, top, "top")
    _set_tier(top_tier_services, other, "standard")
    due = run_reading(
        route_to_human, make_tracker(_verified(top, "I want to return it", "return_item"))
    )
    assert due.slot_values() == {HANDOVER_DUE: "top_tier"}
    for events in (
        _verified(other, "I want to return it", "return_item"),  # standard tier
        _verified(top, "where is it?", "order_status"),  # another intent
        [user("I want to return it", "return_item")],  # nobody verified
    ):
        assert run_reading(route_to_human, make_tracker(events)).events == []


def test_without_the_setting_nothing_changes(
    services: Services, orders: list[dict[str, object]]
) -> None:
    top = str(orders[0]["order_number"])
    _set_tier(services, top, "top")
    tracker = make_tracker(_verified(top, "I want to return it", "return_item"))
    assert run_reading(route_to_human, tracker).events == []


def test_the_ticket_keeps_the_tier_and_queues_ahead(
    services: Services, orders: list[dict[str, object]]
) -> None:
    top, other = (str(order["order_number"]) for order in orders[:2])
    _set_tier(services, top, "top")
    _set_tier(services, other, "standard")
    first = run_action(
        ActionHandover(),
        make_tracker(_verified(other, "a person please", "human_handoff"), sender_id="conv-a"),
    )
    assert "pause" in [event["event"] for event in first.events]
    run_action(
        ActionHandover(),
        make_tracker(_verified(top, "a person please", "human_handoff"), sender_id="conv-b"),
    )
    ticket = services.handover.get_open("conv-b")
    assert ticket is not None and ticket.value_tier == "top"
    assert services.handover.get_open("conv-a").value_tier == "standard"  # type: ignore[union-attr]
    # The top-tier ticket opened later but has a 20-minute head start (the default).
    queue = [t.conversation_id for t in services.handover.queue()]
    assert queue.index("conv-b") < queue.index("conv-a")
    assert "4321" not in str(ticket.to_dict())
