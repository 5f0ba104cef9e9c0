"""The demo page's product tiles (shopbot/web/showcase.py): the catalog's products with their
pictures and one currency, the storefront's (issue 21), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from core.db.database import Database
from knowledge.catalog import CatalogProduct, save_catalog
from knowledge.catalog.currencies import Storefront
from knowledge.catalog.pictures import picture_path
from shopbot.demo.seed import reset_data
from shopbot.web.app import render_page
from shopbot.web.showcase import SHOWCASE_PLACEHOLDER, Showcase, Tile, pick_tiles, render_tiles


def product(sku: str, category: str, price: str | None, currency: str = "EUR", **more):  # type: ignore[no-untyped-def]
    fields = {
        "title": f"Product {sku}",
        "category_path": category,
        "price": None if price is None else Decimal(price),
        "currency": currency,
        "colours": ("Black",),
        "stock": {("Black", None): 3},
        "image_url": picture_path(category, ("Black",)),
        **more,
    }
    return CatalogProduct(id=sku, **fields)


CATALOG = [
    product("BOOT-1", "Footwear > Hiking boots", "120.00", rating=4.1),
    product("BOOT-2", "Footwear > Hiking boots", "108.00", "USD", rating=4.8),  # best boot
    product("BOOT-3", "Footwear > Trail shoes", "99.00", rating=4.9, stock={("Black", None): 0}),
    product(
        "JKT-1",
        "Clothing > Jackets",
        "86.00",
        "GBP",
        rating=4.5,
        colours=("Red", "Navy Blue", "Black", "Olive Green"),
    ),
    product("TENT-1", "Outdoor > Tents", None, rating=5.0),  # no price: never shown
    product(
        "MUG-1",
        "Home & kitchen > Mugs",
        "12.50",
        rating=3.0,
        image_url="https://cdn.shop.example/mug.jpg",
    ),
]


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    reset_data(database)
    save_catalog(database, CATALOG)
    yield database


def test_one_product_per_top_category_the_best_rated_in_stock_with_a_price(db: Database) -> None:
    tiles = pick_tiles(db, Storefront.of("EUR"))
    assert [tile.sku for tile in tiles] == ["BOOT-2", "JKT-1", "MUG-1"]
    assert pick_tiles(db, Storefront.of("EUR"), count=2) == tiles[:2]


def test_every_price_is_in_the_storefront_currency_and_conversions_are_marked(
    db: Database,
) -> None:
    euros = {tile.sku: tile for tile in pick_tiles(db, Storefront.of("EUR"))}
    assert (euros["BOOT-2"].price_text, euros["BOOT-2"].converted) == ("€100.00", True)
    assert (euros["JKT-1"].price_text, euros["JKT-1"].converted) == ("€100.00", True)
    assert (euros["MUG-1"].price_text, euros["MUG-1"].converted) == ("€12.50", False)
    # A shop in pounds with its own rate for euros.
    pounds = {
        tile.sku: tile for tile in pick_tiles(db, Storefront.of("GBP", {"EUR": Decimal("1.25")}))
    }
    assert (pounds["JKT-1"].price_text, pounds["JKT-1"].converted) == ("£86.00", False)
    assert pounds["MUG-1"].price_text == "£10.00"
    assert all(tile.price_text.startswith("£") for tile in pounds.values())


def test_the_page_shows_the_pictures_the_prices_and_the_colours(db: Database) -> None:
    page = render_page(
        f"<ul>{SHOWCASE_PLACEHOLDER}</ul>", "http://127.0.0.1:5005",
        Showcase(db, Storefront.of("EUR")).html(),
    )  # fmt: skip
    assert SHOWCASE_PLACEHOLDER not in page
    assert '<img src="/images/products/footwear/black.svg"' in page  # a shipped demo picture
    assert '<img src="https://cdn.shop.example/mug.jpg"' in page  # the shop's own stays
    assert page.count('<li class="tile"') == 3
    assert "$" not in page and "£" not in page
    assert page.count(">≈</abbr>\u00a0€100.00") == 2 and "€12.50" in page
    assert "Red · Navy Blue · Black +1" in page


def test_titles_and_urls_are_escaped() -> None:
    tile = Tile(
        sku='x"y', title="<script>alert(1)</script>", price_text="€1.00", converted=False,
        image_url='https://cdn.example/a.jpg" onerror="alert(1)', colours=("<b>",),
    )  # fmt: skip
    rendered = render_tiles([tile])
    assert "<script>" not in rendered and "<b>" not in rendered
    assert 'onerror="alert' not in rendered and "&quot; onerror=&quot;" in rendered


def test_an_empty_or_unreadable_catalog_says_so(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    reset_data(database)
    assert "shopbot catalog demo" in Showcase(database, Storefront.of("EUR")).html()
    missing = Database(f"sqlite:///{tmp_path / 'no-tables.db'}")
    try:
        assert "shopbot catalog demo" in Showcase(missing, Storefront.of("EUR")).html()
    finally:
        missing.dispose()


def test_the_tiles_are_read_again_after_the_refresh_time(db: Database) -> None:
    showcase = Showcase(db, Storefront.of("EUR"), refresh_seconds=3600)
    before = showcase.html()
    reset_data(db)
    assert showcase.html() == before  # kept
    showcase.refresh_seconds = 0
    assert "shopbot catalog demo" in showcase.html()
