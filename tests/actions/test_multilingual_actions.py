"""Actions with the ``language`` slot set: the values they compute for a reply come out in
the shopper's language, and the words they read from the shopper ("la segunda", "todos",
„wasserdicht“, "第二个") are understood. Real seeded SQLite database, real product search."""

from __future__ import annotations

from typing import Any

import pytest

from actions import handoff
from actions.catalog import ActionProductQuestion, ActionSearchProducts
from actions.handoff import ActionHandover
from actions.order_form import ValidateOrderForm, eligible_lines
from actions.order_task import ActionOrderTask
from actions.services import Services
from core.i18n import ORDER_STATUS_NAMES
from core.languages import REPLY_LANGUAGES
from tests.actions.conftest import first_order
from tests.actions.support import ActionResult, make_tracker, run_action, slot, user

TASK = ActionOrderTask()
FORM = ValidateOrderForm()
SEARCH = ActionSearchProducts()
QUESTION = ActionProductQuestion()


def run_task(order: dict[str, Any], task: str, language: str, **slots: Any) -> ActionResult:
    values = {
        "order_number": order["order_number"],
        "email": order["email"],
        "order_verified": True,
        "verified_order": order["order_number"],
        "order_task": task,
        "language": language,
        **slots,
    }
    return run_action(TASK, make_tracker([user("…", "inform")], slots=values))


# --- Order values ---------------------------------------------------------------------------
def test_status_name_is_in_the_shoppers_language(services: Services, orders) -> None:  # type: ignore[no-untyped-def]
    order = first_order(orders, "in_transit")
    spanish = run_task(order, "cancel", "es", cancel_confirmed=True)
    assert spanish.responses == ["utter_cannot_cancel_shipped"]
    assert spanish.messages[0]["status_name"] == "en camino"
    english = run_task(order, "cancel", "en", cancel_confirmed=True)
    assert english.messages[0]["status_name"] == "in transit"


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_every_language_names_the_status(services: Services, orders, language: str) -> None:  # type: ignore[no-untyped-def]
    result = run_task(first_order(orders, "out_for_delivery"), "status", language)
    assert result.messages[0]["status_name"] == ORDER_STATUS_NAMES[language]["out_for_delivery"]


def test_latest_tracking_event_is_summarised_in_the_shoppers_language(
    services: Services,
    orders,  # type: ignore[no-untyped-def]
) -> None:
    order = first_order(orders, "out_for_delivery")
    german = run_task(order, "status", "de").message("utter_tracking_details")
    assert german["latest_event"] == "In Zustellung"
    english = run_task(order, "status", "en").message("utter_tracking_details")
    assert english["latest_event"] == "Out for delivery"  # the carrier's own text


def test_refund_note_and_return_instructions_in_the_shoppers_language(
    services: Services,
    orders,  # type: ignore[no-untyped-def]
) -> None:
    cancelled = run_task(first_order(orders, "paid"), "cancel", "fr", cancel_confirmed=True)
    assert cancelled.responses == ["utter_order_cancelled"]
    assert "remboursé" in cancelled.messages[0]["refund_note"]
    order = next(
        o
        for o in orders
        if o["status"] == "delivered"
        and len([e for e in services.returns.eligibility(str(o["order_number"])) if e.eligible])
        == 1
    )
    created = run_task(order, "return", "it", return_reason="Taglia sbagliata")
    assert created.responses == ["utter_return_created"]
    assert "ufficio postale" in created.messages[0]["instructions"]


def test_opening_hours_are_in_french(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(handoff, "support_is_open", lambda support: False)
    tracker = make_tracker(
        [user("je veux parler à quelqu'un", "human_handoff")], {"language": "fr"}
    )
    result = run_action(ActionHandover(), tracker)
    assert result.responses == ["utter_handover_closed"]
    assert result.messages[0]["hours"] == "du lundi au vendredi, de 9 h à 18 h (CET)"
    english = run_action(ActionHandover(), make_tracker([user("a person", "human_handoff")]))
    assert english.messages[0]["hours"] == "Monday to Friday, 9:00 to 18:00 (CET)"


# --- Return selection -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "language"),
    [("todos", "es"), ("tous", "fr"), ("alle", "de"), ("tutti", "it"), ("alles", "nl"),
     ("全部", "zh"), ("Todos, por favor", "pt")],
)  # fmt: skip
def test_all_selects_every_line_for_a_return(
    services: Services,
    orders,  # type: ignore[no-untyped-def]
    typed: str,
    language: str,
) -> None:
    order = next(
        o
        for o in orders
        if o["status"] == "delivered" and len(eligible_lines(str(o["order_number"]))) > 1
    )
    lines = eligible_lines(str(order["order_number"]))
    values = {
        "order_number": order["order_number"],
        "email": order["email"],
        "order_verified": True,
        "verified_order": order["order_number"],
        "order_task": "return",
        "requested_slot": "return_lines",
        "language": language,
    }
    events = [user(typed, "inform"), slot("return_lines", typed)]
    result = run_action(FORM, make_tracker(events, slots=values, active_loop="order_form"))
    assert result.slot_values()["return_lines"] == ",".join(str(line.line_id) for line in lines)
    second = [user("la segunda", "inform"), slot("return_lines", "la segunda")]
    picked = run_action(FORM, make_tracker(second, slots=values, active_loop="order_form"))
    assert picked.slot_values()["return_lines"] == str(lines[1].line_id)


# --- Products ---------------------------------------------------------------------------------
def listed(catalog_services: Services, text: str) -> dict[str, Any]:
    result = run_action(SEARCH, make_tracker([user(text, "search_product")]))
    assert result.responses[0] == "utter_search_results"
    values = result.slot_values()
    assert len(values["shown_products"]) >= 3
    return {
        "shown_products": values["shown_products"],
        "focused_product": values["focused_product"],
        "product_listing": values["product_listing"],
    }


def ask(text: str, language: str, **slots: Any) -> ActionResult:
    tracker = make_tracker([user(text, "product_question")], slots={"language": language, **slots})
    return run_action(QUESTION, tracker)


@pytest.mark.parametrize(
    ("text", "language"),
    [("¿cuánto cuesta la segunda?", "es"), ("le deuxième coûte combien ?", "fr"),
     ("was kostet das zweite?", "de"), ("quanto costa il secondo?", "it"),
     ("quanto custa o segundo?", "pt"), ("wat kost de tweede?", "nl"),
     ("第二个多少钱？", "zh"), ("第2个多少钱", "zh")],
)  # fmt: skip
def test_the_second_one_picks_the_second_listed_product(
    catalog_services: Services, text: str, language: str
) -> None:
    slots = listed(catalog_services, "merino socks")
    result = ask(text, language, **slots)
    # A price converted to the storefront currency is followed by the note that says so.
    assert result.responses in (
        ["utter_product_price"],
        ["utter_product_price", "utter_prices_converted"],
    )
    assert result.messages[0]["product_id"] == slots["shown_products"][1]
    assert result.slot_values()["focused_product"] == slots["shown_products"][1]


def test_questions_in_other_languages_get_the_matching_answer(catalog_services: Services) -> None:
    slots = listed(catalog_services, "hiking boots")
    focused = catalog_services.catalog.get(slots["shown_products"][0])
    assert focused is not None
    slots["focused_product"] = focused.id
    assert ask("¿qué tallas hay?", "es", **slots).responses[0] in {
        "utter_product_sizes",
        "utter_product_one_size",
        "utter_product_sold_out",
    }
    assert ask("quelles couleurs ?", "fr", **slots).responses[0] in {
        "utter_product_colours",
        "utter_product_no_colour_options",
        "utter_product_sold_out",
    }
    assert ask("Wie sind die Bewertungen?", "de", **slots).responses[0] in {
        "utter_product_rating",
        "utter_product_no_rating",
    }
    assert focused.sizes, "hiking boots come in sizes"
    size = focused.sizes[0]
    stock = ask(f"¿está la talla {size} disponible?", "es", **slots)
    assert stock.responses[0].startswith("utter_product_variant")
    assert size in stock.messages[0]["variant"]


def test_a_feature_question_keeps_the_shoppers_word(catalog_services: Services) -> None:
    slots = listed(catalog_services, "waterproof hiking boots")
    boots = catalog_services.catalog.get(slots["shown_products"][0])
    assert boots is not None and "waterproof" in (boots.title + boots.description).lower()
    slots["focused_product"] = boots.id
    for text, language, said in [
        ("¿es impermeable?", "es", "impermeable"),
        ("est-ce étanche ?", "fr", "étanche"),
        ("ist er wasserdicht?", "de", "wasserdicht"),
        ("防水吗？", "zh", "防水"),
    ]:
        result = ask(text, language, **slots)
        assert result.responses[0].startswith("utter_product_feature"), (text, result.responses)
        assert result.messages[0]["feature"] == said


def test_no_match_filters_are_described_in_german(catalog_services: Services) -> None:
    tracker = make_tracker(
        [user("Wanderschuhe unter 5 Euro in Größe 43", "search_product")], {"language": "de"}
    )
    result = run_action(SEARCH, tracker)
    assert result.responses[0] in {
        "utter_search_no_match_filters",
        "utter_search_no_match_with_filters",
    }
    filters = result.messages[0]["filters"]
    assert "unter 5,00 €" in filters and "Größe 43" in filters
    assert "under" not in filters and "size" not in filters
