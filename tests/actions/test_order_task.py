"""action_order_task: what each task says and writes, once the order is verified."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from actions.order_task import ActionOrderTask
from actions.services import Services
from tests.actions.conftest import first_order
from tests.actions.support import make_tracker, run_action, user

TASK = ActionOrderTask()


def run_task(order: dict[str, Any], task: str, sender: str = "conv-1", **slots: Any):  # type: ignore[no-untyped-def]
    values = {
        "order_number": order["order_number"],
        "email": order["email"],
        "order_verified": True,
        "verified_order": order["order_number"],
        "order_task": task,
        **slots,
    }
    return run_action(TASK, make_tracker([user("…", "inform")], slots=values, sender_id=sender))


STATUS_RESPONSES = {
    "pending_payment": ["utter_order_status_pending_payment"],
    "paid": ["utter_order_status_paid"],
    "packed": ["utter_order_status_packed"],
    "shipped": ["utter_order_status_shipped", "utter_tracking_details"],
    "in_transit": ["utter_order_status_in_transit", "utter_tracking_details"],
    "delayed": ["utter_order_status_delayed", "utter_tracking_details"],
    "out_for_delivery": ["utter_order_status_out_for_delivery", "utter_tracking_details"],
    "delivered": ["utter_order_status_delivered"],
    "cancelled": ["utter_order_status_cancelled"],
    "return_requested": ["utter_order_status_return_requested"],
    "returned": ["utter_order_status_returned"],
    "refunded": ["utter_order_status_refunded"],
}


@pytest.mark.parametrize("status", list(STATUS_RESPONSES))
def test_status_of_every_kind_of_order(services: Services, orders, status: str) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, status)
    result = run_task(order, "status")
    assert result.responses == STATUS_RESPONSES[status]
    assert result.messages[0]["order_number"] == order["order_number"]
    if "utter_tracking_details" in result.responses:
        details = result.message("utter_tracking_details")
        assert details["tracking_number"] == order["tracking_number"]
        assert details["tracking_url"].startswith("https://")


def test_task_slots_are_cleared_but_verification_kept(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    result = run_task(first_order(orders, "delivered"), "status")
    values = result.slot_values()
    assert {
        values[name] for name in ("order_task", "cancel_confirmed", "return_lines", "return_reason")
    } == {None}
    assert "order_verified" not in values


@pytest.mark.parametrize(
    ("status", "response"),
    [
        ("delivered", "utter_eta_delivered"),
        ("in_transit", "utter_eta_expected"),
        ("delayed", "utter_eta_delayed"),
        ("paid", "utter_eta_not_shipped"),
        ("cancelled", "utter_eta_cancelled"),
    ],
)
def test_delivery_date(services: Services, orders, status: str, response: str) -> None:  # type: ignore[no-untyped-def]
    assert run_task(first_order(orders, status), "eta").responses == [response]


def test_carrier_and_items(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    shipped = first_order(orders, "in_transit")
    carrier = run_task(shipped, "carrier")
    assert carrier.responses == ["utter_carrier_details"]
    assert carrier.messages[0]["carrier"] == shipped["carrier"]
    assert run_task(first_order(orders, "paid"), "carrier").responses == [
        "utter_carrier_not_shipped"
    ]
    items = run_task(shipped, "items").message("utter_order_items")["items"]
    assert all(line["title"] in items for line in shipped["lines"])


def order_status(services: Services, number: Any) -> str:
    with services.database.session() as session:
        return str(
            session.execute(
                text("SELECT status FROM orders WHERE order_number = :n"), {"n": number}
            ).scalar_one()
        )


def test_cancel_confirmed_writes_once(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "paid")
    first = run_task(order, "cancel", cancel_confirmed=True)
    assert first.responses == ["utter_order_cancelled"]
    assert "refunded" in first.message("utter_order_cancelled")["refund_note"]
    assert order_status(services, order["order_number"]) == "cancelled"
    second = run_task(order, "cancel", cancel_confirmed=True)
    assert second.responses == ["utter_order_already_cancelled"]


def test_cancel_declined_changes_nothing(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "packed")
    assert run_task(order, "cancel", cancel_confirmed=False).responses == ["utter_cancel_kept"]
    assert order_status(services, order["order_number"]) == "packed"


def test_shipped_order_is_not_cancelled(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    result = run_task(order, "cancel", cancel_confirmed=True)
    assert result.responses == ["utter_cannot_cancel_shipped"]
    assert result.messages[0]["return_window_days"] == 30
    assert order_status(services, order["order_number"]) == "in_transit"


def test_return_creates_one_rma(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order, eligible = next(  # a delivered order of one line, returnable
        (o, e)
        for o in orders
        if o["status"] == "delivered"
        for e in [services.returns.eligibility(str(o["order_number"]))]
        if len(e) == 1 and e[0].eligible
    )
    created = run_task(order, "return", return_reason="Wrong size")
    assert created.responses == ["utter_return_created"]
    message = created.message("utter_return_created")
    assert message["rma_number"].startswith("RMA-") and eligible[0].line.title in message["items"]
    assert "post office" in message["instructions"]
    again = run_task(order, "return", return_reason="wrong size", sender="conv-2")
    assert again.responses == ["utter_return_exists"]
    assert again.message("utter_return_exists")["rma_number"] == message["rma_number"]


def test_return_asked_again_with_final_sale_lines_gets_the_same_rma(
    services: Services, orders
) -> None:  # type: ignore[no-untyped-def]
    order = next(  # delivered: one returnable line, every other line final sale
        o
        for o in orders
        if o["status"] == "delivered"
        for e in [services.returns.eligibility(str(o["order_number"]))]
        if len(e) > 1
        and sum(item.eligible for item in e) == 1
        and all(item.eligible or item.reason == "final_sale" for item in e)
    )
    created = run_task(order, "return", return_reason="Wrong size")
    assert created.responses == ["utter_return_created"]
    again = run_task(order, "return", return_reason="wrong size", sender="conv-2")
    assert again.responses == ["utter_return_exists"]
    assert (
        again.message("utter_return_exists")["rma_number"]
        == created.message("utter_return_created")["rma_number"]
    )


@pytest.mark.parametrize(
    ("status", "response"),
    [
        ("paid", "utter_return_not_eligible_not_delivered"),
        ("refunded", "utter_return_not_eligible_already_returned"),
    ],
)
def test_return_refused_with_the_reason(
    services: Services, orders, status: str, response: str
) -> None:  # type: ignore[no-untyped-def]
    assert run_task(first_order(orders, status), "return", return_reason="x y").responses == [
        response
    ]


def test_return_refused_outside_the_window(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    reasons = {
        str(o["order_number"]): {
            e.reason for e in services.returns.eligibility(str(o["order_number"]))
        }
        for o in orders
        if o["status"] == "delivered"
    }
    old = next(number for number, found in reasons.items() if found == {"window_expired"})
    order = next(o for o in orders if o["order_number"] == old)
    assert run_task(order, "return", return_reason="late").responses == [
        "utter_return_not_eligible_window_expired"
    ]


@pytest.mark.parametrize(
    ("status", "responses"),
    [
        ("refunded", {"utter_refund_completed"}),
        ("returned", {"utter_refund_processing", "utter_refund_pending"}),
        ("in_transit", {"utter_no_refund"}),
    ],
)
def test_refund_status(services: Services, orders, status: str, responses: set[str]) -> None:  # type: ignore[no-untyped-def]
    result = run_task(first_order(orders, status), "refund")
    assert set(result.responses) <= responses and result.responses


def test_locked_conversation_is_handed_over(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    tracker = make_tracker(
        [user("x", "inform")], slots={"verification_locked": True}, sender_id="locked"
    )
    result = run_action(TASK, tracker)
    assert result.responses[0] in {"utter_handover_open", "utter_handover_closed"}
    assert any(event["event"] == "pause" for event in result.events)
    assert services.handover.get_open("locked") is not None


def test_unverified_conversation_gets_nothing(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "delivered")
    tracker = make_tracker(
        [user("x", "inform")], slots={"order_number": order["order_number"], "order_task": "status"}
    )
    assert run_action(TASK, tracker).responses == []


def test_database_down_during_the_task(services: Services, orders, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from actions import services as services_module
    from core.db.database import Database

    down = Services.build(
        services.settings, Database("postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    )
    monkeypatch.setattr(services_module, "_override", down)
    result = run_task(first_order(orders, "delivered"), "status")
    assert result.responses == ["utter_database_unavailable"]
