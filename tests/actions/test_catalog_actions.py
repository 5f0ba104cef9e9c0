"""Product actions on a real product search and a real seeded SQLite order database:
search, paging, questions about listed products, similar / bought together / recommended."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rasa_sdk import Action

from actions.catalog import ActionMoreProducts, ActionProductQuestion, ActionSearchProducts
from actions.product_format import CARDS_TYPE
from actions.product_listing import MAX_QUERY_CHARACTERS, PAGE_SIZE
from actions.recommendations import (
    ActionBoughtTogether,
    ActionRecommendProducts,
    ActionSimilarProducts,
)
from actions.services import Services
from knowledge.catalog.schema import CatalogProduct
from shop.sampling import sample_orders
from tests.actions.support import ActionResult, domain, make_tracker, run_action, user

SEARCH = ActionSearchProducts()
MORE = ActionMoreProducts()
QUESTION = ActionProductQuestion()
SIMILAR = ActionSimilarProducts()
TOGETHER = ActionBoughtTogether()
RECOMMEND = ActionRecommendProducts()
URL = re.compile(r"^https://shop\.example\.com/products/[A-Z]{3}-[A-Z]{2}-\d{4}$")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def run(action: Action, text: str, intent: str, **slots: Any) -> ActionResult:
    """Run ``action`` on one user message, with ``slots`` already set; checks that every
    uttered response exists and gets a value for each of its placeholders."""
    result = run_action(action, make_tracker([user(text, intent)], slots=slots))
    responses = domain()["responses"]
    for message in result.messages:
        name = message.get("response")
        if not name:
            continue
        assert name in responses, name
        for variation in responses[name]:
            for placeholder in PLACEHOLDER.findall(variation.get("text", "")):
                assert message.get(placeholder) not in (None, ""), (name, placeholder)
    return result


def cards(result: ActionResult) -> list[dict[str, Any]]:
    """The cards of the product_cards payload (exactly one payload when anything is listed)."""
    payloads = [m["custom"] for m in result.messages if m.get("custom")]
    assert len(payloads) == 1
    assert payloads[0]["type"] == CARDS_TYPE
    return list(payloads[0]["cards"])


def listed_slots(result: ActionResult) -> dict[str, Any]:
    """shown_products, focused_product and product_listing as the result set them."""
    values = result.slot_values()
    return {
        "shown_products": values["shown_products"],
        "focused_product": values["focused_product"],
        "product_listing": values["product_listing"],
    }


def search(text: str, **slots: Any) -> ActionResult:
    return run(SEARCH, text, "search_product", **slots)


def product(services: Services, product_id: str) -> CatalogProduct:
    found = services.catalog.get(product_id)
    assert found is not None
    return found


# --- Search --------------------------------------------------------------------------------
def test_search_lists_results_with_cards_and_remembers_them(catalog_services: Services) -> None:
    result = search("do you have merino socks")
    assert result.responses[0] == "utter_search_results"
    shown = result.slot_values()["shown_products"]
    assert 1 <= len(shown) <= PAGE_SIZE
    assert result.slot_values()["focused_product"] == shown[0]
    assert result.slot_values()["product_listing"] == {
        "kind": "search",
        "query": "do you have merino socks",
    }
    text = result.messages[0]["products"]
    assert text.startswith("1. ") and f"\n{len(shown)}. " in f"\n{text}"
    assert "merino" in product(catalog_services, shown[0]).title.lower()
    found = cards(result)
    assert [card["id"] for card in found] == shown
    for card in found:
        item = product(catalog_services, card["id"])
        shown = catalog_services.catalog.storefront.product_price(item)
        assert shown is not None
        assert card["title"] == item.title
        assert card["url"] and URL.match(card["url"]) and card["url"] in text
        # In the storefront currency (euros by default), converted or not.
        assert card["currency"] == "EUR" == shown.currency
        assert card["price"] == float(shown.amount)
        assert card["price_converted"] is shown.converted is (item.currency != "EUR")
        assert card["price_text"] in text
        assert card["price_text"].startswith("\u2248\u00a0\u20ac" if shown.converted else "\u20ac")
        assert card["image_url"] == item.image_url
        assert card["colours"] == list(item.colours) and card["sizes"] == list(item.sizes)
        assert card["in_stock"] is item.in_stock()


def test_search_applies_the_filters_it_reads(catalog_services: Services) -> None:
    result = search("waterproof hiking boots under 120 in size 43")
    assert result.responses[0] == "utter_search_results"
    found = cards(result)
    assert found, "the test catalog has hiking boots under 120 in size 43"
    for card in found:
        item = product(catalog_services, card["id"])
        assert item.category_path == "Footwear > Hiking boots"
        shown = catalog_services.catalog.storefront.product_price(item)
        assert shown is not None and shown.currency == "EUR" and shown.amount <= 120
        assert "43" in item.sizes


def test_nothing_fits_the_filters_names_them_and_how_to_broaden(
    catalog_services: Services,
) -> None:
    result = search("hiking boots under 5 euros")
    assert result.responses == ["utter_search_no_match_filters", "utter_search_broaden_price"]
    assert "5" in result.messages[0]["filters"] and "Hiking boots" in result.messages[0]["filters"]
    assert not any(m.get("custom") for m in result.messages)
    assert result.slot_values() == {"product_listing": None}


def test_nothing_fits_even_without_one_filter(catalog_services: Services) -> None:
    result = search("purple hiking boots under 5 euros")
    assert result.responses == ["utter_search_no_match_filters", "utter_search_broaden_fewer"]
    assert "purple" in result.messages[0]["filters"]


def test_unrelated_words_find_nothing_rather_than_anything(catalog_services: Services) -> None:
    result = search("a helicopter for my garden pond")
    assert result.responses == ["utter_search_no_match"]
    assert not any(m.get("custom") for m in result.messages)


@pytest.mark.parametrize("text", ["🙂🙂", "👍", "...", "   ", "/search_product"])
def test_message_without_words_asks_what_to_look_for(catalog_services: Services, text: str) -> None:
    result = search(text)
    assert result.responses == ["utter_search_ask_what"]
    assert result.events == []


def test_ten_thousand_characters_are_searched_as_their_start(catalog_services: Services) -> None:
    text = "I'm looking for merino socks " + "really warm please " * 600
    assert len(text) > 10_000
    result = search(text)
    assert result.responses[0] == "utter_search_results"
    assert result.slot_values()["product_listing"] == {
        "kind": "search",
        "query": text[:MAX_QUERY_CHARACTERS],
    }
    first = result.slot_values()["shown_products"][0]
    assert "merino" in product(catalog_services, first).title.lower()


def test_listed_titles_cannot_inject_markup(catalog_services: Services) -> None:
    result = search("show me black backpacks <script>alert(1)</script>")
    assert result.responses[0] == "utter_search_results"
    assert result.messages[0]["products"].startswith("1. ")
    assert all("<" not in card["title"] for card in cards(result))
    for message in result.messages:
        assert "<" not in str(message.get("products", "")) + str(message.get("filters", ""))


# --- More results --------------------------------------------------------------------------
def test_more_results_pages_on_with_numbering_and_no_repeats(catalog_services: Services) -> None:
    first = search("waterproof jacket")
    slots = listed_slots(first)
    assert len(slots["shown_products"]) == PAGE_SIZE
    second = run(MORE, "show me more", "more_results", **slots)
    assert second.responses[0] == "utter_more_results"
    assert second.messages[0]["products"].startswith(f"{PAGE_SIZE + 1}. ")
    shown = second.slot_values()["shown_products"]
    new = shown[PAGE_SIZE:]
    assert shown[:PAGE_SIZE] == slots["shown_products"]
    assert new and not set(new) & set(slots["shown_products"])
    assert second.slot_values()["focused_product"] == new[0]
    assert [card["id"] for card in cards(second)] == new


def test_more_results_end(catalog_services: Services) -> None:
    first = search("do you have merino socks")
    slots = listed_slots(first)
    for _page in range(12):
        result = run(MORE, "more", "more_results", **slots)
        if result.responses == ["utter_no_more_results"]:
            assert result.events == []
            return
        slots = listed_slots(result)
    pytest.fail("paging never ended")


def test_more_results_with_nothing_listed(catalog_services: Services) -> None:
    result = run(MORE, "show me more", "more_results")
    assert result.responses == ["utter_more_nothing_listed"]


# --- Questions about a listed product --------------------------------------------------------
def listed(catalog_services: Services, text: str = "show me black backpacks") -> dict[str, Any]:
    return listed_slots(search(text))


def ask(text: str, **slots: Any) -> ActionResult:
    return run(QUESTION, text, "ask_product_detail", **slots)


def priced(services: Services, product_id: str, response: str) -> list[str]:
    """An answer that shows the price, then the conversion note when it was converted."""
    shown = services.catalog.storefront.product_price(product(services, product_id))
    return [response, *(["utter_prices_converted"] if shown and shown.converted else [])]


def test_question_by_position(catalog_services: Services) -> None:
    slots = listed(catalog_services)
    second = slots["shown_products"][1]
    result = ask("tell me more about the second one", **slots)
    assert result.responses == priced(catalog_services, second, "utter_product_overview")
    assert result.messages[0]["product_id"] == second
    assert result.messages[0]["description"] == product(catalog_services, second).description
    assert result.slot_values() == {"focused_product": second}
    price = ask("how much is it?", **{**slots, "focused_product": second})
    assert price.responses == priced(catalog_services, second, "utter_product_price")
    assert price.messages[0]["product_id"] == second


def test_a_bare_number_after_a_list_picks_that_product(catalog_services: Services) -> None:
    slots = listed(catalog_services)
    result = run(QUESTION, "2", "inform", **slots)
    picked = slots["shown_products"][1]
    assert result.responses == priced(catalog_services, picked, "utter_product_overview")
    assert result.slot_values() == {"focused_product": slots["shown_products"][1]}


def test_an_order_number_after_a_list_goes_to_the_order_form(
    catalog_services: Services,
) -> None:
    slots = listed(catalog_services)
    order = user("100234", "inform", [{"entity": "order_number", "value": "100234"}])
    result = run_action(QUESTION, make_tracker([order], slots=slots))
    assert result.messages == []
    assert result.events == [{"event": "followup", "timestamp": None, "name": "order_form"}]


def test_question_by_colour_picks_the_only_product_in_that_colour(
    catalog_services: Services,
) -> None:
    catalog = catalog_services.catalog
    shown = [p for p in catalog.products if p.category_path == "Footwear > Hiking boots"][:5]
    only = {
        colour.split()[-1].lower()
        for item in shown
        for colour in item.colours
        if sum(colour.split()[-1] in " ".join(other.colours) for other in shown) == 1
    }
    assert only, "the test catalog should have a colour only one listed product has"
    colour = sorted(only)[0]
    expected = next(p for p in shown if colour in " ".join(p.colours).lower())
    slots = {"shown_products": [p.id for p in shown], "focused_product": shown[0].id}
    result = ask(f"tell me more about the {colour} one", **slots)
    assert result.messages[0]["product_id"] == expected.id
    assert result.slot_values() == {"focused_product": expected.id}


def test_stock_of_a_variant(catalog_services: Services) -> None:
    catalog = catalog_services.catalog
    item = next(
        p
        for p in catalog.products
        if p.colours and p.sizes and any(units == 0 for units in p.stock.values())
    )
    (colour, size) = next(key for key, units in item.stock.items() if units == 0)
    assert colour is not None and size is not None
    slots = {"shown_products": [item.id], "focused_product": item.id}
    result = ask(f"is it in stock in {colour} size {size}?", **slots)
    assert result.responses[0] in {
        "utter_product_variant_sold_out",
        "utter_product_variant_sold_out_everywhere",
    }
    assert result.messages[0]["variant"] == f"{colour}, {size}"


def test_question_the_catalog_cannot_answer(catalog_services: Services) -> None:
    slots = listed(catalog_services, "hiking boots")
    focused = product(catalog_services, slots["focused_product"])
    assert "machine" not in (focused.description + " ".join(focused.tags)).lower()
    result = ask("is it machine washable?", **slots)
    assert result.responses == ["utter_product_dont_know"]
    assert URL.match(result.messages[0]["url"])


def test_question_with_nothing_shown_asks_which_product(catalog_services: Services) -> None:
    assert ask("is it waterproof?").responses == ["utter_ask_which_product"]
    empty = ask("is it waterproof?", shown_products=[], focused_product=None)
    assert empty.responses == ["utter_ask_which_product"]
    assert empty.events == []


def test_question_about_an_unknown_product(catalog_services: Services) -> None:
    result = ask("is it waterproof?", shown_products=["NOPE-0001"], focused_product="NOPE-0001")
    assert result.responses == ["utter_product_gone"]
    assert result.slot_values() == {"focused_product": None}


def test_position_beyond_the_list(catalog_services: Services) -> None:
    slots = listed(catalog_services)
    slots["shown_products"] = slots["shown_products"][:2]
    result = ask("what about the fifth one?", **slots)
    assert result.responses == ["utter_product_position_unknown"]
    assert result.messages[0]["count"] == 2


# --- Recommendations -------------------------------------------------------------------------
def test_similar_products_exclude_the_product_itself(catalog_services: Services) -> None:
    slots = listed(catalog_services, "do you have merino socks")
    focused = slots["focused_product"]
    result = run(SIMILAR, "anything similar?", "ask_similar_products", **slots)
    assert result.responses[0] == "utter_similar_products"
    assert result.messages[0]["title"] == product(catalog_services, focused).title
    ids = [card["id"] for card in cards(result)]
    assert focused not in ids and len(ids) == PAGE_SIZE
    assert result.slot_values()["shown_products"] == ids
    assert result.slot_values()["product_listing"] == {"kind": "similar", "product": focused}


def test_similar_to_a_position(catalog_services: Services) -> None:
    slots = listed(catalog_services)
    third = slots["shown_products"][2]
    result = run(SIMILAR, "show me alternatives to the third one", "ask_similar_products", **slots)
    assert result.slot_values()["product_listing"]["product"] == third


def test_similar_with_nothing_shown(catalog_services: Services) -> None:
    result = run(SIMILAR, "anything similar?", "ask_similar_products")
    assert result.responses == ["utter_ask_which_product"]


def _co_purchased(services: Services) -> tuple[str, list[str]]:
    """A product with co-purchases, and those (in catalog) in the service's order."""
    for item in services.catalog.products:
        pairs = services.recommendations.bought_together(item.id, limit=PAGE_SIZE)
        if len(pairs) >= 2:
            return item.id, [pid for pid, _n in pairs if services.catalog.get(pid)]
    raise AssertionError("the seeded orders should have co-purchases")


def test_bought_together_from_the_order_database(catalog_services: Services) -> None:
    product_id, expected = _co_purchased(catalog_services)
    slots = {"shown_products": [product_id], "focused_product": product_id}
    result = run(TOGETHER, "what goes well with it?", "ask_bought_together", **slots)
    assert result.responses[0] == "utter_bought_together"
    assert [card["id"] for card in cards(result)] == expected


def test_bought_together_without_orders(catalog_services: Services) -> None:
    ordered = {
        pid
        for item in catalog_services.catalog.products
        for pid, _n in catalog_services.recommendations.bought_together(item.id, limit=50)
    }
    never = next(p.id for p in catalog_services.catalog.products if p.id not in ordered)
    slots = {"shown_products": [never], "focused_product": never}
    result = run(TOGETHER, "what do people buy with these?", "ask_bought_together", **slots)
    assert result.responses == ["utter_no_bought_together"]
    assert result.events == []


def test_recommendations_for_a_verified_customer(catalog_services: Services) -> None:
    orders = sample_orders(catalog_services.database, 100, seed=2)
    order = next(o for o in orders if o["status"] == "delivered")
    number = str(order["order_number"])
    slots = {"order_number": number, "order_verified": True, "verified_order": number}
    result = run(RECOMMEND, "what would you recommend for me?", "ask_recommendation", **slots)
    assert result.responses[0] == "utter_recommendations_history"
    customer = catalog_services.recommendations.customer_of_order(number)
    assert customer is not None
    bought = set(catalog_services.recommendations.purchased_products(customer))
    ids = [card["id"] for card in cards(result)]
    assert ids and not set(ids) & bought
    assert "utter_recommend_verify_hint" not in result.responses


def test_recommendations_without_verification_use_the_focused_category(
    catalog_services: Services,
) -> None:
    slots = listed(catalog_services, "do you have merino socks")
    focused = product(catalog_services, slots["focused_product"])
    result = run(RECOMMEND, "any recommendations?", "ask_recommendation", **slots)
    assert result.responses[0] == "utter_top_rated_in_category"
    assert result.responses[-1] == "utter_recommend_verify_hint"
    assert result.messages[0]["category"] == focused.leaf_category
    picks = [product(catalog_services, card["id"]) for card in cards(result)]
    assert picks and all(p.category_path == focused.category_path for p in picks)
    assert focused.id not in [p.id for p in picks]
    ratings = [p.rating or 0 for p in picks]
    assert ratings == sorted(ratings, reverse=True)


def test_recommendations_with_nothing_known_ask_to_verify(catalog_services: Services) -> None:
    result = run(RECOMMEND, "what would you recommend for me?", "ask_recommendation")
    assert result.responses == ["utter_recommend_ask_verify"]
    assert result.events == []


# --- Failures ---------------------------------------------------------------------------------
def _database_down(
    services: Services, monkeypatch: pytest.MonkeyPatch, *, keep_catalog: bool
) -> None:
    from actions import services as services_module
    from core.db.database import Database

    down = Services.build(
        services.settings,
        Database("postgresql+psycopg://nobody:pw@127.0.0.1:1/none"),
        catalog=services.catalog if keep_catalog else None,
    )
    monkeypatch.setattr(services_module, "_override", down)


def test_database_down_before_the_catalog_is_loaded(
    catalog_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _database_down(catalog_services, monkeypatch, keep_catalog=False)
    assert search("merino socks").responses == ["utter_products_unavailable"]
    slots = {"shown_products": ["FTW-SK-0001"], "focused_product": "FTW-SK-0001"}
    assert ask("is it in stock?", **slots).responses == ["utter_products_unavailable"]


def test_database_down_for_co_purchases_and_history(
    catalog_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    product_id, _expected = _co_purchased(catalog_services)
    _database_down(catalog_services, monkeypatch, keep_catalog=True)
    slots = {"shown_products": [product_id], "focused_product": product_id}
    result = run(TOGETHER, "what goes with it?", "ask_bought_together", **slots)
    assert result.responses == ["utter_products_unavailable"]
    verified = {"order_number": "100234", "order_verified": True, "verified_order": "100234"}
    result = run(RECOMMEND, "what do you recommend?", "ask_recommendation", **verified)
    assert result.responses == ["utter_products_unavailable"]
    # The catalog itself still answers from memory.
    assert search("merino socks").responses[0] == "utter_search_results"
