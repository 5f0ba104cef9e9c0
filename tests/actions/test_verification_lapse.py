"""A verified order stays verified while the shopper keeps talking, and lapses after
``verification_idle_minutes`` without a message: the order form asks for the email again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.conversation import verification_lapsed, verified_order_number
from actions.order_form import ValidateOrderForm
from actions.order_task import ActionOrderTask
from actions.services import Services, use_services
from tests.actions.conftest import first_order
from tests.actions.support import Event, make_tracker, run_action, slot, user
from tests.sql_statements import recorded_statements

VERIFIED_AT = 1_790_000_000.0  # a timestamp as Rasa writes them (seconds)


def _at(event: Event, minutes: float) -> Event:
    return {**event, "timestamp": VERIFIED_AT + minutes * 60}


def verified_conversation(
    order: dict[str, Any], *message_minutes: float, last: Event | None = None
) -> list[Event]:
    """The order verified at minute 0, then a message at each of ``message_minutes``
    (the last one ``last``, an order question by default)."""
    number, email = str(order["order_number"]), str(order["email"])
    events = [
        _at(user("where is my order?", "order_status"), -1),
        *(
            _at(slot(name, value), 0)
            for name, value in (("order_number", number), ("email", email))
        ),
        _at(slot("order_verified", True), 0),
        _at(slot("verified_order", number), 0),
    ]
    for minute in message_minutes[:-1]:
        events.append(_at(user("and do you sell socks?", "search_product"), minute))
    question = last or user("when will it arrive?", "ask_delivery_date")
    events.append(_at(question, message_minutes[-1]))
    return events


def form_activation(order: dict[str, Any], events: list[Event]) -> Tracker:
    """The tracker the validation action gets when the form starts on the last message:
    the slots already filled appended as candidates."""
    candidates = [slot("order_number", order["order_number"]), slot("email", order["email"])]
    return make_tracker(
        [*events, *candidates], slots={"order_task": "eta"}, active_loop="order_form"
    )


def test_a_conversation_that_keeps_talking_stays_verified(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    events = verified_conversation(order, 20, 40, 60, 80)  # 80 minutes, never 30 idle
    tracker = form_activation(order, events)
    assert not verification_lapsed(tracker)
    assert verified_order_number(tracker) == order["order_number"]
    result = run_action(ValidateOrderForm(), tracker)
    values = result.slot_values()
    assert values["email"] == order["email"] and "verified_order" not in values
    assert values["requested_slot"] is None  # nothing to ask: the task runs at once
    assert result.responses == []


def test_after_thirty_idle_minutes_the_form_asks_for_the_email_again(
    services: Services, orders
) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    tracker = form_activation(order, verified_conversation(order, 5, 36))
    assert verification_lapsed(tracker)
    assert verified_order_number(tracker) is None
    with recorded_statements(services.database.engine) as statements:
        result = run_action(ValidateOrderForm(), tracker)
    assert statements == []  # the stale email proves nothing: no check is made
    values = result.slot_values()
    assert values["verified_order"] is None and values["order_verified"] is False
    assert values["email"] is None and values["order_number"] == order["order_number"]
    assert values["requested_slot"] == "email"  # Rasa utters utter_ask_order_form_email
    assert result.responses == []


def test_the_email_typed_with_the_question_proves_it_again(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    entity = {"entity": "email", "value": order["email"]}
    question = user(f"when will it arrive? {order['email']}", "ask_delivery_date", [entity])
    tracker = form_activation(order, verified_conversation(order, 45, last=question))
    result = run_action(ValidateOrderForm(), tracker)
    values = result.slot_values()
    assert result.responses == ["utter_verified"]
    assert values["verified_order"] == order["order_number"] and values["requested_slot"] is None


def test_the_idle_time_is_a_setting(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    tracker = form_activation(order, verified_conversation(order, 6))
    assert not verification_lapsed(tracker)
    assert verification_lapsed(tracker, idle=timedelta(minutes=5))
    strict = services.settings.model_copy(update={"verification_idle_minutes": 5})
    use_services(Services.build(strict, services.database))
    try:
        assert verified_order_number(tracker) is None
    finally:
        use_services(services)


def _task_tracker(order: dict[str, Any], *message_minutes: float) -> Tracker:
    return make_tracker(
        verified_conversation(order, *message_minutes),
        slots={"order_task": "eta", "requested_slot": None},
    )


def test_the_task_answers_only_while_the_verification_holds(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    answered = run_action(ActionOrderTask(), _task_tracker(order, 25))
    assert answered.responses and "utter_ask_order_form_email" not in answered.responses
    lapsed = run_action(ActionOrderTask(), _task_tracker(order, 31))
    assert lapsed.responses == ["utter_ask_order_form_email"]
    assert lapsed.slot_values() == {"order_verified": False, "verified_order": None, "email": None}


@pytest.mark.parametrize("minutes", [0.5, 29.9])
def test_a_verification_made_now_has_not_lapsed(services: Services, orders, minutes: float) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    events = verified_conversation(order, minutes)
    tracker = make_tracker(events)
    assert not verification_lapsed(tracker)
    # The slot set again in this run (rasa-sdk updates the slots, not the events yet).
    tracker.slots["verified_order"] = "100001"
    assert not verification_lapsed(tracker, idle=timedelta(seconds=1))
