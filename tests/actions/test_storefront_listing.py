"""A listing of products priced in euros, dollars and pounds reads in one currency, the
storefront's, and says once, in the shopper's language, that prices were converted."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, cast

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.product_format import any_converted, format_list, format_price, product_cards
from actions.product_listing import show_listing
from actions.product_questions import answer_question, parse_question
from actions.services import Services
from core.languages import REPLY_LANGUAGES
from core.settings import PROJECT_ROOT, Settings
from knowledge.catalog import CatalogProduct
from knowledge.catalog.currencies import Storefront
from knowledge.responses import ResponseCatalog, render

URL = "https://shop.example.com/products/{id}"
BOOTS = CatalogProduct(
    id="FTW-1", title="Fjellmark Tind Hiking Boots", price=Decimal("119.00"), currency="EUR"
)
JACKET = CatalogProduct(
    id="APP-1", title="Cobblestone Rain Jacket", price=Decimal("68.00"), currency="USD"
)
SCARF = CatalogProduct(
    id="ACC-1", title="Hearth & Oak Cashmere Scarf", price=Decimal("86.00"), currency="GBP"
)
MIXED = [BOOTS, JACKET, SCARF]
NOTE = "utter_prices_converted"


@cache
def responses() -> ResponseCatalog:
    return ResponseCatalog.load(
        PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "responses", list(REPLY_LANGUAGES)
    )


@dataclass
class _Catalog:
    storefront: Storefront


@dataclass
class _Services:
    """What show_listing reads of the services: the product link and the storefront."""

    settings: Settings
    catalog: _Catalog


def listing(storefront: Storefront, language: str, products: list[CatalogProduct]) -> list[str]:
    """The texts a listing of ``products`` shows a shopper in ``language`` (the responses
    rendered as the Rasa server renders them), and its cards at the end."""
    dispatcher = CollectingDispatcher()
    services = _Services(Settings(environment="test"), _Catalog(storefront))
    show_listing(
        dispatcher,
        cast(Services, services),
        products,
        "utter_search_results",
        {"kind": "search", "query": "x"},
        language,
    )
    texts: list[str] = []
    for message in dispatcher.messages:
        if message.get("response"):
            rendered = render(
                responses(), message["response"], message, {"slots": {"language": language}}
            )
            texts.append(str(rendered["text"]))
        else:
            texts.append(repr(message["custom"]))
    return texts


def test_a_mixed_listing_shows_euros_only_and_the_note_in_english() -> None:
    texts = listing(Storefront(), "en", MIXED)
    shown = texts[0]
    assert "1. Fjellmark Tind Hiking Boots \u00b7 \u20ac119.00" in shown
    assert "2. Cobblestone Rain Jacket \u00b7 \u2248\u00a0\u20ac62.96" in shown  # 68 / 1.08
    assert "3. Hearth & Oak Cashmere Scarf \u00b7 \u2248\u00a0\u20ac100.00" in shown  # 86 / 0.86
    assert "$" not in shown and "\u00a3" not in shown
    assert texts[-1] == (
        "\u2248 = converted from the catalog's currency at the shop's exchange rate, "
        "so approximate."
    )
    assert "'currency': 'EUR'" in texts[-2] and "USD" not in texts[-2] and "GBP" not in texts[-2]


def test_a_mixed_listing_shows_euros_only_and_the_note_in_german() -> None:
    texts = listing(Storefront(), "de", MIXED)
    shown = texts[0]
    assert "Cobblestone Rain Jacket \u00b7 \u2248\u00a062,96\u00a0\u20ac" in shown
    assert "Hearth & Oak Cashmere Scarf \u00b7 \u2248\u00a0100,00\u00a0\u20ac" in shown
    assert "$" not in shown and "\u00a3" not in shown
    assert texts[-1].startswith("\u2248 = aus der Katalogw\u00e4hrung") and "ungef" in texts[-1]


def test_the_note_comes_only_with_a_converted_price() -> None:
    assert listing(Storefront(), "en", [BOOTS])[-1].startswith("{'type': 'product_cards'")
    assert not any_converted([BOOTS], Storefront())
    assert any_converted([BOOTS, JACKET], Storefront())
    # A shop in dollars: the jacket is as it is, the boots are converted.
    dollars = listing(Storefront.of("USD"), "en", [JACKET, BOOTS])
    assert "US$68.00" in dollars[0] and "\u2248\u00a0US$128.52" in dollars[0]
    assert "\u20ac" not in dollars[0] and dollars[-1].startswith("\u2248 = converted")


def test_cards_carry_the_storefront_price() -> None:
    pounds = Storefront.of("GBP", {"EUR": Decimal("1.19"), "USD": Decimal("1.27")})
    cards = product_cards(MIXED, URL, "en", pounds)["cards"]
    assert [(c["price"], c["currency"], c["price_converted"]) for c in cards] == [
        (100.0, "GBP", True), (53.54, "GBP", True), (86.0, "GBP", False),
    ]  # fmt: skip
    assert [c["price_text"] for c in cards] == [
        "\u2248\u00a0\u00a3100.00",
        "\u2248\u00a0\u00a353.54",
        "\u00a386.00",
    ]
    assert format_list(MIXED, URL, "en", storefront=pounds).count("\u00a3") == 3


@pytest.mark.parametrize("language", sorted(REPLY_LANGUAGES))
def test_every_language_has_the_note(language: str) -> None:
    message = render(responses(), NOTE, {}, {"slots": {"language": language}})
    assert str(message["text"]).startswith("\u2248 = ")


def test_a_price_answer_is_in_the_storefront_currency() -> None:
    question = parse_question("how much is it?", JACKET)
    answer = answer_question(JACKET, question, None, "de", Storefront())
    assert answer.response == "utter_product_price" and answer.shows_price
    assert answer.values["price"] == "\u2248\u00a062,96\u00a0\u20ac"
    assert format_price(JACKET, "en", Storefront.of("USD")) == "US$68.00"
    values: dict[str, Any] = answer_question(JACKET, question, None, "en").values
    assert values["price"] == "\u2248\u00a0\u20ac62.96"  # the default storefront: euros
