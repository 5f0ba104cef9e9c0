"""The catalog product: normalisation, stock questions, JSON and embedding text."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal

import pytest

import knowledge.catalog
from knowledge.catalog import CatalogProduct, catalog_stats, format_stock, parse_stock

BOOTS = CatalogProduct(
    id="FTW-1",
    title="Trailhead Waterproof Leather Hiking Boots",
    description="Leather boots for wet trails.",
    brand="Trailhead",
    category_path="Footwear > Hiking boots",
    price=Decimal("99.9"),
    currency="EUR",
    colours=("Brown", "Black", "Brown"),
    sizes=("42", "43"),
    materials=("full-grain leather",),
    tags=("waterproof", "hiking"),
    stock={("Brown", "42"): 2, ("Brown", "43"): 0, ("Black", "42"): 0, ("Black", "43"): 1},
    rating=4.5,
    image_url="https://images.example.com/ftw-1.jpg",
)


def test_values_are_normalised() -> None:
    assert BOOTS.price == Decimal("99.90")
    assert BOOTS.colours == ("Brown", "Black")
    assert BOOTS.top_category == "Footwear" and BOOTS.leaf_category == "Hiking boots"
    assert BOOTS.total_stock == 3 and BOOTS.tracks_stock
    assert hash(BOOTS) == hash(CatalogProduct.from_json(BOOTS.to_json()))


@pytest.mark.parametrize(
    ("colour", "size", "expected"),
    [
        (None, None, True),
        ("brown", None, True),
        ("Brown", "43", False),
        (None, "43", True),
        ("black", "42", False),
        ("Red", None, False),
        (None, "44", False),
    ],
)
def test_in_stock_per_variant(colour: str | None, size: str | None, expected: bool) -> None:
    assert BOOTS.in_stock(colour=colour, size=size) is expected


def test_available_sizes_and_colours() -> None:
    assert BOOTS.available_sizes() == ("42", "43")
    assert BOOTS.available_sizes(colour="Black") == ("43",)
    assert BOOTS.available_colours(size="42") == ("Brown",)


def test_json_round_trip_is_exact_and_plain_json() -> None:
    data = BOOTS.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["price"] == "99.90"
    assert {"colour": "Black", "size": "43", "qty": 1} in data["stock"]
    assert CatalogProduct.from_json(data) == BOOTS
    assert CatalogProduct.from_json({**data, "stock": format_stock(BOOTS.stock)}) == BOOTS
    assert BOOTS.canonical_json() == CatalogProduct.from_json(data).canonical_json()


def test_embedding_text_has_the_words_but_no_price_or_stock() -> None:
    text = BOOTS.text_for_embedding()
    for words in (
        "Trailhead Waterproof",
        "Brand: Trailhead",
        "Footwear > Hiking boots",
        "wet trails",
        "Brown, Black",
        "full-grain leather",
        "waterproof, hiking",
    ):
        assert words in text
    assert "99.90" not in text and "EUR" not in text


def test_stock_text_form() -> None:
    stock = parse_stock("Red:M:3| :L:0|Blue::2")
    assert stock == {("Red", "M"): 3, (None, "L"): 0, ("Blue", None): 2}
    assert parse_stock(format_stock(stock)) == stock
    for bad in ("Red:M", "Red:M:-1", "Red:M:2|Red:M:3", "Red:M:x"):
        with pytest.raises(ValueError):
            parse_stock(bad)


@pytest.mark.parametrize(
    "changes",
    [
        {"id": " "},
        {"image_url": "http://images.example.com/x.jpg"},
        {"price": Decimal("-1")},
        {"stock": {("Red", None): -2}},
    ],
)
def test_invalid_products_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(BOOTS, **changes)  # type: ignore[arg-type]


def test_stats() -> None:
    sold_out = CatalogProduct(
        id="X", title="X", price=Decimal(5), currency="USD", stock={(None, None): 0}
    )
    stats = catalog_stats([BOOTS, sold_out])
    assert stats["products"] == 2 and stats["in_stock_share"] == 0.5
    assert stats["categories"]["Footwear"]["price_min_eur"] == "99.90"
    assert stats["currencies"]["USD"] == {"products": 1, "price_min": "5.00", "price_max": "5.00"}


def test_public_names_exist() -> None:
    for name in knowledge.catalog.__all__:
        assert hasattr(knowledge.catalog, name), name
