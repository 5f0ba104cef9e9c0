"""bench/opening_offers.py's scoring: which quick replies hold a simulated request."""

from __future__ import annotations

from bench.opening_offers import Request, held

ORDER = Request("order_status", "100123", "parcel in trouble")


def test_a_button_about_the_same_order_or_no_order_holds_the_request() -> None:
    assert held(ORDER, ['/order_status{"order_number":"100123"}', "/human_handoff"])
    assert held(ORDER, ["/search_product", "/order_status"])


def test_another_orders_button_or_another_intent_does_not() -> None:
    assert not held(ORDER, ['/order_status{"order_number":"100999"}', "/search_product"])
    assert not held(ORDER, ["/return_item", '/refund_status{"order_number":"100123"}'])
    assert not held(ORDER, [])
    assert held(Request("search_product", None, "nothing open"), ["/search_product"])
