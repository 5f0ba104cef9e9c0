"""The demo catalog: deterministic, complete, realistic, and its vocabulary well formed."""

from __future__ import annotations

import re
import string
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from knowledge.catalog import CatalogProduct, generate_catalog
from knowledge.catalog.currencies import RATES
from knowledge.catalog.generate import _context, price_in, product_types
from knowledge.catalog.pictures import picture_path
from knowledge.catalog.vocabulary import CATEGORIES
from knowledge.catalog.vocabulary.common import (
    INTROS,
    MATERIAL_SENTENCES,
    MATERIALS,
    MODIFIERS,
    Brand,
)

TOP_CATEGORIES = {
    "Apparel",
    "Footwear",
    "Outdoor & camping",
    "Sports & fitness",
    "Electronics accessories",
    "Home & kitchen",
    "Beauty & personal care",
    "Toys & games",
    "Bags & luggage",
    "Watches & jewellery",
}


@pytest.fixture(scope="module")
def catalog() -> list[CatalogProduct]:
    return generate_catalog()


def test_same_seed_same_catalog_and_another_seed_another(catalog: list[CatalogProduct]) -> None:
    assert generate_catalog() == catalog
    other = generate_catalog(seed=14)
    assert other != catalog
    assert len(other) == len(catalog)


@pytest.mark.parametrize("size", [1, 7, 10, 123, 2001])
def test_size_is_exact_and_ids_unique(size: int) -> None:
    products = generate_catalog(size, seed=3)
    assert len(products) == size
    assert len({product.id for product in products}) == size


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate_catalog(0)


def test_default_catalog_has_every_category_with_three_to_six_subcategories(
    catalog: list[CatalogProduct],
) -> None:
    assert len(catalog) >= 2000
    tops = Counter(product.top_category for product in catalog)
    assert set(tops) == TOP_CATEGORIES
    assert min(tops.values()) == max(tops.values()) == 240
    for top in TOP_CATEGORIES:
        subs = {p.leaf_category for p in catalog if p.top_category == top}
        assert 3 <= len(subs) <= 6, (top, subs)
    assert {product.category_path.count(" > ") for product in catalog} == {1}


def test_titles_and_descriptions_are_distinct_and_say_something(
    catalog: list[CatalogProduct],
) -> None:
    assert len({product.title for product in catalog}) == len(catalog)
    assert len({product.description for product in catalog}) == len(catalog)
    for product in catalog:
        assert product.brand and product.title.startswith(product.brand)
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])", product.description)
        # "Co." inside brand names splits too, so allow one extra piece
        assert 2 <= len(sentences) <= 5, product.description
        assert len(product.description) >= 60
        assert "{" not in product.description and "}" not in product.description
        assert product.description[0].isupper() and product.description.endswith(".")
        assert "  " not in product.title + product.description


def test_prices_currencies_ratings_and_images_are_realistic(
    catalog: list[CatalogProduct],
) -> None:
    currencies = Counter(product.currency for product in catalog)
    assert set(currencies) == {"EUR", "USD", "GBP"}
    assert currencies["EUR"] > len(catalog) / 2
    for product in catalog:
        assert product.price is not None
        in_eur = product.price / RATES[product.currency]
        assert Decimal(5) < in_eur < Decimal(800), product
        assert product.price.as_tuple().exponent == -2
        assert product.rating is None or 2.5 <= product.rating <= 5.0
        assert product.image_url == picture_path(product.category_path, product.colours)
    ratings = [product.rating for product in catalog]
    assert 0 < ratings.count(None) < len(catalog) * 0.1


@pytest.mark.parametrize(
    ("price", "currency", "target", "expected"),
    [
        ("91.95", "EUR", "EUR", "91.95"),  # the catalog's own currency: unchanged
        ("91.95", "eur", "EUR", "91.95"),
        ("100.00", "EUR", "USD", "107.99"),  # 108.00, then x.99
        ("86.00", "GBP", "EUR", "99.99"),
        ("49.00", "USD", "GBP", "38.99"),  # 39.02
        ("100.00", "EUR", "SEK", "1139.00"),  # 1140 kronor, then ending in 9
        ("0.20", "EUR", "CHF", "0.99"),  # never below 0.99
    ],
)
def test_price_in_another_currency_is_rounded_like_a_shop_price(
    price: str, currency: str, target: str, expected: str
) -> None:
    assert price_in(Decimal(price), currency, target) == Decimal(expected)


def test_price_in_a_currency_without_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="XAU"):
        price_in(Decimal("10.00"), "EUR", "XAU")


def test_sizes_colours_and_stock_per_variant(catalog: list[CatalogProduct]) -> None:
    shoes = [p for p in catalog if p.top_category == "Footwear" and "36-38" not in p.sizes]
    shoe_sizes = {size for product in shoes for size in product.sizes if size.isdigit()}
    assert shoe_sizes == {str(size) for size in range(36, 48)}
    tops = [p for p in catalog if p.category_path == "Apparel > Tops & sweatshirts"]
    assert {size for p in tops for size in p.sizes} == {"XS", "S", "M", "L", "XL", "XXL"}
    assert any(product.sizes == ("One size",) for product in catalog)
    units = [n for product in catalog for n in product.stock.values()]
    assert 0.05 < units.count(0) / len(units) < 0.3
    for product in catalog:
        colours: list[str | None] = [*product.colours] or [None]
        sizes: list[str | None] = [*product.sizes] or [None]
        assert set(product.stock) == {(c, s) for c in colours for s in sizes}
    sold_out = [p for p in catalog if not p.in_stock()]
    assert 0 < len(sold_out) < len(catalog) * 0.15


def test_title_claims_are_backed_by_tags_and_description(catalog: list[CatalogProduct]) -> None:
    for claim in ("Waterproof", "Vegan"):  # the checks below have products to check
        assert sum(claim in product.title.split() for product in catalog) >= 10, claim
    for product in catalog:
        if "Waterproof" in product.title.split():
            assert "waterproof" in product.tags
            assert "waterproof" in product.description.lower()
        if "Vegan" in product.title.split():
            assert "vegan" in product.tags
            assert not {"full-grain leather", "merino wool", "cashmere"} & set(product.materials)
    assert all(tag == tag.lower() for product in catalog for tag in product.tags)
    tags = Counter(tag for product in catalog for tag in product.tags)
    for tag in ("gift", "kids", "waterproof", "vegan", "bestseller", "bpa-free", "wireless"):
        assert tags[tag] >= 10, tag


def test_filter_targets_exist_without_being_hand_made(catalog: list[CatalogProduct]) -> None:
    boots = [
        p
        for p in catalog
        if "boots" in p.title.lower()
        and "waterproof" in p.tags
        and p.currency == "EUR"
        and p.price is not None
        and p.price < 120
        and p.in_stock(size="43")
    ]
    assert len(boots) >= 3
    science = [
        p
        for p in catalog
        if "science" in p.tags and any(t in p.tags for t in ("ages 8-12", "ages 10+", "ages 8+"))
    ]
    assert len(science) >= 5
    assert any("litres" in p.description for p in catalog if p.top_category == "Bags & luggage")
    assert any("hours" in p.description for p in catalog if "wireless" in p.tags)


def test_every_template_formats_for_every_product_type() -> None:
    brand = Brand("Test & Co")
    for _top, _sub, kind in product_types():
        numbers = {name: values[0] for name, values in kind.numbers}
        for material in kind.materials:
            context = _context(kind, brand, "Line", "", MATERIALS[material].phrase, kind.uses[0])
            context.update(numbers, material_label="material")
            templates = (*INTROS, *MATERIAL_SENTENCES, *kind.features, *kind.specs)
            templates += tuple(MODIFIERS[key].sentence for key in kind.modifiers)
            for template in templates:
                assert "{" not in template.format(**context), (kind.noun, template)
            kind.title_spec.format(**numbers)
        assert kind.price[0] < kind.price[1]
        for values in (kind.colours, kind.sizes):
            assert len(set(values)) == len(values), kind.noun


def test_vocabulary_names_only_known_materials_and_modifiers() -> None:
    for _top, _sub, kind in product_types():
        assert set(kind.materials) <= set(MATERIALS), kind.noun
        assert set(kind.modifiers) <= set(MODIFIERS), kind.noun
    codes = [f"{top.code}-{sub.code}" for top in CATEGORIES for sub in top.subcategories]
    assert len(codes) == len(set(codes))
    placeholders = {
        name for sentence in INTROS for _, name, _, _ in string.Formatter().parse(sentence) if name
    }
    assert "use" in placeholders


def test_vocabulary_modules_stay_small() -> None:
    folder = Path(__file__).parents[2] / "knowledge" / "catalog"
    for module in [folder / "generate.py", *folder.glob("vocabulary/*.py")]:
        assert len(module.read_text(encoding="utf-8").splitlines()) < 400, module.name
