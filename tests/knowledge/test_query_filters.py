"""Product filters: price ranges and currencies, variants and stock, categories, brands."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.catalog import CatalogProduct
from knowledge.query import RATES, PriceRange, ProductFilters, convert_price

BOOTS = CatalogProduct(
    id="FTW-1",
    title="Trailhead Waterproof Leather Hiking Boots",
    brand="Trailhead",
    category_path="Footwear > Hiking boots",
    price=Decimal("114.99"),
    currency="EUR",
    colours=("Brown", "Black"),
    sizes=("42", "43"),
    stock={("Brown", "42"): 2, ("Brown", "43"): 0, ("Black", "42"): 0, ("Black", "43"): 0},
)
JACKET = CatalogProduct(
    id="APP-1",
    title="Hearth & Oak Waxed Jacket",
    brand="Hearth & Oak",
    category_path="Apparel > Jackets & coats",
    price=Decimal("86.00"),
    currency="GBP",
    colours=("Olive Green", "Navy Blue"),
    sizes=("M", "L"),
)
SOLD_OUT = CatalogProduct(
    id="TOY-1",
    title="Crystal Growing Kit",
    category_path="Toys & games > Science & STEM",
    price=Decimal("24.00"),
    currency="USD",
    stock={(None, None): 0},
)
NO_PRICE = CatalogProduct(id="X-1", title="Mystery box", category_path="Toys & games")


def euros(
    minimum: str | None = None, maximum: str | None = None, currency: str | None = None
) -> PriceRange:
    return PriceRange(
        None if minimum is None else Decimal(minimum),
        None if maximum is None else Decimal(maximum),
        currency,
    )


@pytest.mark.parametrize(
    ("amount", "source", "target", "expected"),
    [
        ("100", "EUR", "USD", "108.00"),
        ("108", "USD", "EUR", "100.00"),
        ("86", "GBP", "EUR", "100.00"),
        ("100", "GBP", "USD", "125.58"),
        ("19.99", "eur", "EUR", "19.99"),
    ],
)
def test_convert_price_uses_the_reference_rates(
    amount: str, source: str, target: str, expected: str
) -> None:
    assert convert_price(Decimal(amount), source, target) == Decimal(expected)


def test_convert_price_refuses_unknown_currencies_and_rates_can_be_extended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(ValueError, match="JPY"):
        convert_price(Decimal(10), "JPY", "EUR")
    monkeypatch.setitem(RATES, "JPY", Decimal("160"))
    assert convert_price(Decimal("16000"), "JPY", "EUR") == Decimal("100.00")


@pytest.mark.parametrize(
    ("price", "product", "expected"),
    [
        (euros(maximum="120"), BOOTS, True),
        (euros(maximum="114.99"), BOOTS, True),  # bounds are inclusive
        (euros(maximum="114.98"), BOOTS, False),
        (euros(minimum="100", maximum="120"), BOOTS, True),
        (euros(minimum="115"), BOOTS, False),
        # No currency named: the displayed number (86.00 GBP) is compared as is.
        (euros(maximum="90"), JACKET, True),
        # A currency named: 86.00 GBP is 100.00 EUR.
        (euros(maximum="90", currency="EUR"), JACKET, False),
        (euros(minimum="99", maximum="101", currency="EUR"), JACKET, True),
        (euros(maximum="125", currency="USD"), BOOTS, True),  # 114.99 EUR = 124.19 USD
        (euros(maximum="120", currency="USD"), BOOTS, False),
        (euros(maximum="10", currency="CHF"), BOOTS, False),  # no rate: cannot match
        (euros(maximum="1000"), NO_PRICE, False),  # no price never matches
        (euros(), NO_PRICE, True),  # an empty range is no filter
    ],
)
def test_price_filter(price: PriceRange, product: CatalogProduct, expected: bool) -> None:
    assert ProductFilters(price=price).matches(product) is expected


@pytest.mark.parametrize(
    ("filters", "product", "expected"),
    [
        (ProductFilters(colours=("brown",)), BOOTS, True),
        (ProductFilters(colours=("Black",)), BOOTS, False),  # listed, but no Black units
        (ProductFilters(colours=("Red",)), BOOTS, False),
        (ProductFilters(sizes=("42",)), BOOTS, True),
        (ProductFilters(sizes=("43",)), BOOTS, False),  # size 43 is sold out
        (ProductFilters(sizes=("44",)), BOOTS, False),
        (ProductFilters(colours=("Brown",), sizes=("42",)), BOOTS, True),
        (ProductFilters(colours=("Brown",), sizes=("43",)), BOOTS, False),
        (ProductFilters(colours=("Black", "Brown"), sizes=("43", "42")), BOOTS, True),
        (ProductFilters(colours=("navy blue",), sizes=("l",)), JACKET, True),  # untracked
        (ProductFilters(colours=("Black",)), JACKET, False),
        (ProductFilters(sizes=("42",)), SOLD_OUT, False),  # no sizes at all
        (ProductFilters(in_stock=True), BOOTS, True),
        (ProductFilters(in_stock=True), JACKET, True),  # untracked counts as available
        (ProductFilters(in_stock=True), SOLD_OUT, False),
        (ProductFilters(categories=("footwear",)), BOOTS, True),
        (ProductFilters(categories=("Hiking Boots",)), BOOTS, True),
        (ProductFilters(categories=("Boots",)), BOOTS, False),  # whole level names only
        (ProductFilters(categories=("Apparel", "Footwear")), JACKET, True),
        (ProductFilters(brands=("trailhead",)), BOOTS, True),
        (ProductFilters(brands=("Trailcraft",)), BOOTS, False),
        (ProductFilters(brands=("HEARTH & OAK",), categories=("Jackets & coats",)), JACKET, True),
        (ProductFilters(), NO_PRICE, True),
    ],
)
def test_attribute_filters(
    filters: ProductFilters, product: CatalogProduct, expected: bool
) -> None:
    assert filters.matches(product) is expected


def test_every_filter_must_pass() -> None:
    filters = ProductFilters(
        price=euros(maximum="120"), colours=("Brown",), sizes=("42",), brands=("Trailhead",)
    )
    assert filters.matches(BOOTS)
    assert not filters.matches(JACKET)
    assert not ProductFilters(price=euros(maximum="100"), colours=("Brown",)).matches(BOOTS)


def test_active_names_without_and_is_empty() -> None:
    filters = ProductFilters(
        price=euros(maximum="50"), sizes=("M",), brands=("Forma",), in_stock=True
    )
    assert filters.active_names() == ("price", "sizes", "brands", "in_stock")
    assert not filters.is_empty()
    relaxed = filters.without("price", "in_stock")
    assert relaxed == ProductFilters(sizes=("M",), brands=("Forma",))
    assert relaxed.without("sizes", "brands").is_empty()
    assert ProductFilters().is_empty() and ProductFilters(price=PriceRange()).is_empty()
    with pytest.raises(ValueError, match="colour"):
        filters.without("colour")


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ProductFilters(), []),
        (
            ProductFilters(
                price=euros(maximum="120", currency="EUR"), sizes=("43",), colours=("Black",)
            ),
            ["under €120.00", "in black", "size 43"],
        ),
        (ProductFilters(price=euros(minimum="40")), ["from 40.00"]),
        (ProductFilters(price=euros("50", "100", "GBP")), ["between £50.00 and £100.00"]),
        (
            ProductFilters(colours=("Blue", "Navy Blue", "Sky Blue", "Cobalt Blue", "Powder Blue")),
            ["in blue, navy blue, sky blue or 2 more colours"],
        ),
        (
            ProductFilters(
                sizes=("42", "43"),
                categories=("Hiking boots",),
                brands=("Trailhead",),
                in_stock=True,
            ),
            ["size 42 or 43", "in Hiking boots", "by Trailhead", "in stock"],
        ),
    ],
)
def test_describe(filters: ProductFilters, expected: list[str]) -> None:
    assert filters.describe() == expected
