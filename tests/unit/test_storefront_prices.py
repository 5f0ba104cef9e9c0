"""Prices in the storefront currency: the settings, the one conversion, and price filters
that compare what the shopper sees (issue 21, "One list, three currencies")."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from core.errors import ConfigurationError, ShopbotError
from core.settings import Settings, get_settings
from knowledge.catalog import CatalogProduct, generate_catalog
from knowledge.catalog.currencies import RATES, ShownPrice, Storefront, convert_price
from knowledge.query import PriceRange, ProductFilters
from knowledge.search.facets import FacetTable


def product(price: str, currency: str, product_id: str = "P-1") -> CatalogProduct:
    return CatalogProduct(id=product_id, title="Boots", price=Decimal(price), currency=currency)


# --- Settings ------------------------------------------------------------------------------
def test_defaults_are_euros_at_the_reference_rates() -> None:
    settings = Settings(environment="test")
    assert settings.storefront_currency == "EUR" and settings.exchange_rates == {}
    storefront = Storefront.from_settings(settings)
    assert storefront.currency == "EUR" and dict(storefront.rates) == RATES


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPBOT_STOREFRONT_CURRENCY", " gbp ")
    monkeypatch.setenv("SHOPBOT_EXCHANGE_RATES", '{"eur": 1.25, "USD": "1.30", "GBP": 1}')
    get_settings.cache_clear()
    try:
        settings = get_settings()
    finally:
        get_settings.cache_clear()
    assert settings.storefront_currency == "GBP"
    assert settings.exchange_rates == {
        "EUR": Decimal("1.25"), "USD": Decimal("1.30"), "GBP": Decimal("1"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"SHOPBOT_STOREFRONT_CURRENCY": "XYZ"}, "SHOPBOT_STOREFRONT_CURRENCY: 'XYZ' is not an"),
        (
            {"SHOPBOT_STOREFRONT_CURRENCY": "euro"},
            "SHOPBOT_STOREFRONT_CURRENCY: the value is not an",
        ),
        ({"SHOPBOT_EXCHANGE_RATES": '["USD", 1.08]'}, "SHOPBOT_EXCHANGE_RATES must be a JSON"),
        ({"SHOPBOT_EXCHANGE_RATES": "{USD: 1.08"}, "SHOPBOT_EXCHANGE_RATES must be a JSON"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"DOLLAR": 1.08}'}, "SHOPBOT_EXCHANGE_RATES: a key is not an"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"USD": 0}'}, "the rate of USD must be a positive"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"USD": -1.08}'}, "the rate of USD must be a positive"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"USD": "NaN"}'}, "the rate of USD must be a positive"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"USD": true}'}, "the rate of USD must be a positive"),
        ({"SHOPBOT_EXCHANGE_RATES": '{"EUR": 1.1}'}, "the storefront currency EUR is 1"),
        (
            {"SHOPBOT_STOREFRONT_CURRENCY": "GBP", "SHOPBOT_EXCHANGE_RATES": '{"GBP": 0.86}'},
            "the storefront currency GBP is 1",
        ),
    ],
)
def test_bad_settings_are_refused_at_start(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], message: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigurationError, match=message) as refused:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert isinstance(refused.value, ShopbotError)
    assert "DOLLAR" not in str(refused.value) and "euro" not in str(refused.value)


# --- The one conversion --------------------------------------------------------------------
def test_a_shop_in_pounds_sees_a_euro_product_converted() -> None:
    shop = Storefront.of("GBP")  # the reference rates, rebased to the pound
    assert shop.price(Decimal("100"), "EUR") == ShownPrice(Decimal("86.00"), "GBP", True)
    assert shop.product_price(product("108", "USD")) == ShownPrice(Decimal("86.00"), "GBP", True)
    assert shop.price(Decimal("100"), "EUR").amount == convert_price(Decimal("100"), "EUR", "GBP")


def test_a_price_in_the_storefront_currency_is_unchanged() -> None:
    assert Storefront.of("GBP").price(Decimal("19.99"), "GBP") == ShownPrice(
        Decimal("19.99"), "GBP", False
    )
    assert Storefront().price(Decimal("7.5"), "eur") == ShownPrice(Decimal("7.5"), "EUR", False)
    assert Storefront().product_price(CatalogProduct(id="X", title="No price")) is None


def test_the_shops_own_rate_wins_over_the_reference_rate() -> None:
    settings = Settings(
        environment="test", storefront_currency="GBP", exchange_rates={"EUR": Decimal("1.25")}
    )
    shop = Storefront.from_settings(settings)
    assert shop.price(Decimal("100"), "EUR") == ShownPrice(Decimal("80.00"), "GBP", True)
    # A currency the shop left out keeps the reference rate (108 USD = 100 EUR = 86 GBP).
    assert shop.price(Decimal("108"), "USD").amount == Decimal("86.00")
    # Rounded to the cent, half up.
    assert shop.price(Decimal("0.01"), "EUR").amount == Decimal("0.01")
    assert shop.price(Decimal("33.33"), "EUR").amount == Decimal("26.66")


def test_a_currency_without_any_rate_is_shown_as_it_is() -> None:
    shop = Storefront.of("JPY", {"EUR": Decimal("0.00625")})  # 1 JPY buys 0.00625 EUR
    assert shop.price(Decimal("10"), "EUR") == ShownPrice(Decimal("1600.00"), "JPY", True)
    assert shop.price(Decimal("10"), "USD") == ShownPrice(Decimal("10"), "USD", False)
    assert not shop.can_show("USD") and shop.can_show("JPY") and shop.can_show("EUR")


# --- Price filters compare what the shopper sees -------------------------------------------
def test_under_120_euros_compares_the_storefront_price() -> None:
    under_120 = ProductFilters(price=PriceRange(maximum=Decimal("120")))
    in_euros = ProductFilters(price=PriceRange(maximum=Decimal("120"), currency="EUR"))
    dollars = product("125.00", "USD")  # shown as 115.74 EUR
    pounds = product("110.00", "GBP")  # shown as 127.91 EUR
    euros = Storefront()
    for filters in (under_120, in_euros):
        assert filters.matches(dollars, euros) and not filters.matches(pounds, euros)
    # Without a storefront the bare number is the catalog's own (the old reading).
    assert not under_120.matches(dollars) and under_120.matches(pounds)
    # A shop in pounds: "under 120" is in pounds; "under 120 euros" is 103.20 GBP.
    pounds_shop = Storefront.of("GBP")
    assert under_120.matches(pounds, pounds_shop)
    assert not in_euros.matches(pounds, pounds_shop)
    assert in_euros.matches(product("103.20", "GBP"), pounds_shop)
    assert not in_euros.matches(product("103.21", "GBP"), pounds_shop)


@pytest.mark.parametrize(
    "storefront",
    [
        None,
        Storefront(),
        Storefront.of("GBP", {"EUR": Decimal("1.1713"), "USD": Decimal("1.2642")}),
        Storefront.of("SEK"),
        Storefront.of("JPY", {"EUR": Decimal("0.0062")}),  # USD and GBP cannot be converted
    ],
)
def test_the_facet_table_keeps_every_product_the_filter_matches(
    storefront: Storefront | None,
) -> None:
    catalog = generate_catalog(400)
    facets = FacetTable(catalog)
    rng = random.Random(21)
    for _ in range(150):
        low = Decimal(rng.randint(0, 20000)) / 100
        currency = rng.choice([None, "EUR", "USD", "GBP", "SEK", "JPY"])
        price = PriceRange(low, low + Decimal(rng.randint(1, 5000)) / 100, currency)
        filters = ProductFilters(price=price)
        rows = facets.rows(filters, storefront)
        assert rows is not None
        matching = {row for row, item in enumerate(catalog) if filters.matches(item, storefront)}
        assert matching <= set(rows.tolist()), (price, storefront)
        # A superset by at most a few cents' worth at the edges.
        assert len(rows) - len(matching) <= 5, (price, storefront)
