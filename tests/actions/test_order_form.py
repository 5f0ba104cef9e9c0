"""The order form's validation: parsing, verification, limits, what each task asks for."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import CLIENT_METADATA_KEY
from actions.order_form import ValidateOrderForm
from actions.services import Services
from tests.actions.conftest import first_order
from tests.actions.support import domain, make_tracker, run_action, slot, user
from tests.sql_statements import recorded_statements

FORM = ValidateOrderForm()


def form_turn(
    *candidates: tuple[str, object],
    slots: dict[str, object] | None = None,
    sender: str = "c1",
    client: str | None = None,
):  # type: ignore[no-untyped-def]
    """Run the validation as Rasa does: slot candidates appended after the user message
    (which carries the channel's ``shopbot_client`` when ``client`` is given)."""
    message = user("…", "inform")
    if client is not None:
        message["parse_data"]["metadata"] = {CLIENT_METADATA_KEY: client}
    events = [message, *(slot(name, value) for name, value in candidates)]
    values = {"requested_slot": candidates[0][0], **(slots or {})}
    return run_action(
        FORM, make_tracker(events, slots=values, sender_id=sender, active_loop="order_form")
    )


@pytest.mark.parametrize(
    "typed", ["#{n}", "order {a} {b}", "{a}-{b} is my order", "no. {n}, thanks"]
)
def test_order_numbers_in_every_format_are_accepted(services: Services, orders, typed: str) -> None:  # type: ignore[no-untyped-def]
    number = str(first_order(orders, "delivered")["order_number"])
    result = form_turn(("order_number", typed.format(n=number, a=number[:3], b=number[3:])))
    assert result.slot_values()["order_number"] == number
    assert result.responses == []


@pytest.mark.parametrize("typed", ["#12", "1234567", "my order", "📦"])
def test_malformed_order_number_is_refused_with_a_reason(services: Services, typed: str) -> None:
    result = form_turn(("order_number", typed))
    assert result.slot_values()["order_number"] is None
    assert result.responses == ["utter_invalid_order_number"]


def test_right_email_verifies(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    result = form_turn(
        ("email", f"  {str(order['email']).upper()} "),
        slots={"order_number": order["order_number"]},
    )
    values = result.slot_values()
    assert values["order_verified"] is True and values["verified_order"] == order["order_number"]
    assert result.responses == ["utter_verified"]
    assert result.message("utter_verified")["first_name"]


def test_wrong_email_unknown_order_and_foreign_order_get_the_same_reply(
    services: Services, orders
) -> None:  # type: ignore[no-untyped-def]
    mine, other = first_order(orders, "delivered"), first_order(orders, "in_transit")
    cases = [
        (mine["order_number"], "nobody@example.com"),  # wrong email
        ("999999", mine["email"]),  # unknown order
        (mine["order_number"], other["email"]),  # someone else's order (their own email)
    ]
    outcomes = []
    for index, (number, email) in enumerate(cases):
        with recorded_statements(services.database.engine) as statements:
            result = form_turn(("email", email), slots={"order_number": number}, sender=f"c{index}")
        outcomes.append((result.responses, result.slot_values(), statements))
    assert all(outcome == outcomes[0] for outcome in outcomes)  # replies and database work
    responses, values, statements = outcomes[0]
    assert statements.count("INSERT") == 1 and "SELECT" in statements
    assert responses == ["utter_verification_failed"]
    assert values["order_number"] is None and values["email"] is None
    assert values["verification_failures"] == 1


def test_fifth_failure_locks_and_the_form_stops(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    result = form_turn(
        ("email", "nobody@example.com"),
        slots={"order_number": order["order_number"], "verification_failures": 4},
    )
    assert result.slot_values()["verification_locked"] is True
    assert "utter_verification_locked" in result.responses
    # With the lock set, the form asks for nothing more.
    tracker = make_tracker([user("x", "inform")], slots={"verification_locked": True})
    assert asyncio.run(FORM.required_slots([], CollectingDispatcher(), tracker, domain())) == []


def test_client_limit_locks_across_conversations(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    attacker, owner = "a" * 32, "b" * 32  # the channels' shopbot_client of two clients
    for attempt in range(services.settings.client_failure_limit):
        unknown = f"9{attempt:05d}"  # a different (unknown) order number each time
        failed = form_turn(
            ("email", f"x{attempt}@example.com"),
            slots={"order_number": unknown},
            sender=f"fresh-conversation-{attempt}",
            client=attacker,
        )
        assert failed.responses == ["utter_verification_failed"]
    result = form_turn(
        ("email", order["email"]),
        slots={"order_number": order["order_number"]},
        sender="one-more",
        client=attacker,
    )
    assert result.slot_values().get("verification_locked") is True
    assert result.responses == ["utter_verification_locked"]
    owner_result = form_turn(
        ("email", order["email"]),
        slots={"order_number": order["order_number"]},
        sender="owner",
        client=owner,
    )
    assert owner_result.responses == ["utter_verified"]


def test_the_conversation_limit_holds_when_the_slot_counter_is_reset(
    services: Services, orders
) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    for attempt in range(services.settings.max_verification_failures):
        form_turn(  # the counter slot stays at 0, as after a restart of the conversation
            ("email", f"y{attempt}@example.com"),
            slots={"order_number": order["order_number"]},
            sender="restarting",
            client=f"{attempt:032x}",
        )
    result = form_turn(
        ("email", order["email"]),
        slots={"order_number": order["order_number"]},
        sender="restarting",
        client="c" * 32,
    )
    assert result.responses == ["utter_verification_locked"]


def test_email_typo_gets_a_suggestion(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    result = form_turn(("email", "anna@gmail,com"), slots={"order_number": order["order_number"]})
    assert result.responses == ["utter_email_typo_hint"]
    assert result.message("utter_email_typo_hint")["suggested_email"] == "anna@gmail.com"


def test_not_an_email(services: Services) -> None:
    result = form_turn(("email", "my email is secret"), slots={"order_number": "100000"})
    assert result.responses == ["utter_invalid_email"]
    assert result.slot_values()["email"] is None


def test_new_order_number_reuses_the_known_email(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    result = form_turn(
        ("order_number", order["order_number"]),
        slots={"email": order["email"], "order_verified": True, "verified_order": "999998"},
    )
    assert result.slot_values()["verified_order"] == order["order_number"]


def required(services: Services, task: str, order: dict[str, object]) -> list[str]:
    tracker = make_tracker(
        [user("x", "inform")],
        slots={
            "order_number": order["order_number"],
            "email": order["email"],
            "order_verified": True,
            "verified_order": order["order_number"],
            "order_task": task,
        },
    )
    return asyncio.run(FORM.required_slots([], CollectingDispatcher(), tracker, domain()))


def test_cancel_asks_for_confirmation_only_when_cancellable(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    assert required(services, "cancel", first_order(orders, "paid")) == [
        "order_number",
        "email",
        "cancel_confirmed",
    ]
    assert required(services, "cancel", first_order(orders, "in_transit")) == [
        "order_number",
        "email",
    ]
    assert required(services, "status", first_order(orders, "paid")) == ["order_number", "email"]


def test_return_asks_which_items_only_when_several(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    delivered = [o for o in orders if o["status"] == "delivered"]
    shapes = set()
    for order in delivered:
        eligible = [
            e for e in services.returns.eligibility(str(order["order_number"])) if e.eligible
        ]
        slots = required(services, "return", order)
        if len(eligible) > 1:
            assert slots[-2:] == ["return_lines", "return_reason"]
        elif len(eligible) == 1:
            assert slots[-1] == "return_reason" and "return_lines" not in slots
        else:
            assert slots == ["order_number", "email"]
        shapes.add(min(len(eligible), 2))
    assert shapes == {0, 1, 2}, "the demo data should cover every case"


def test_return_selection_by_position_name_and_all(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    from actions.order_form import eligible_lines

    order = next(
        o
        for o in orders
        if o["status"] == "delivered" and len(eligible_lines(str(o["order_number"]))) > 1
    )
    lines = eligible_lines(str(order["order_number"]))
    base = {
        "order_number": order["order_number"],
        "email": order["email"],
        "order_verified": True,
        "verified_order": order["order_number"],
        "order_task": "return",
        "requested_slot": "return_lines",
    }
    assert form_turn(("return_lines", "2"), slots=base).slot_values()["return_lines"] == str(
        lines[1].line_id
    )
    every = form_turn(("return_lines", "all of them"), slots=base).slot_values()["return_lines"]
    assert every == ",".join(str(line.line_id) for line in lines)
    refused = form_turn(("return_lines", "the purple elephant"), slots=base)
    assert refused.responses == ["utter_invalid_return_selection"]


def test_database_down_is_an_apology_not_a_crash(services: Services, orders, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from actions import services as services_module
    from core.db.database import Database

    down = Services.build(
        services.settings, Database("postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    )
    monkeypatch.setattr(services_module, "_override", down)
    order = first_order(orders, "delivered")
    result = form_turn(("email", order["email"]), slots={"order_number": order["order_number"]})
    assert result.responses == ["utter_database_unavailable"]
    assert result.slot_values()["order_lookup_failed"] is True


def test_stray_number_entity_keeps_the_order(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    events = [
        slot("order_number", order["order_number"]),
        user("2", "inform"),
        slot("order_number", "2"),  # the NLU took "2" (an item choice) for an order number
    ]
    tracker = make_tracker(
        events,
        slots={
            "email": order["email"],
            "order_verified": True,
            "verified_order": order["order_number"],
            "order_task": "return",
            "requested_slot": "return_lines",
        },
        active_loop="order_form",
    )
    result = run_action(FORM, tracker)
    assert result.slot_values()["order_number"] == order["order_number"]
    assert "utter_invalid_order_number" not in result.responses


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Reason: wrong size", "wrong size"), ("  too   small ", "too small"), ("x" * 900, "x" * 500)],
)
def test_return_reason_is_cleaned(typed: str, stored: str) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker([user(typed, "inform")])
    assert FORM.validate_return_reason(typed, dispatcher, tracker, domain()) == {
        "return_reason": stored
    }
    assert dispatcher.messages == []


def test_empty_return_reason_is_asked_again() -> None:
    dispatcher = CollectingDispatcher()
    result = FORM.validate_return_reason(" .", dispatcher, make_tracker([]), domain())
    assert result == {"return_reason": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_invalid_return_reason"]
