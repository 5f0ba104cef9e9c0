"""The demo catalog's pictures: their paths, their drawing, and the move of an old stored demo
catalog to them (on SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy import update

from core.db.database import Database
from core.db.models import Product
from knowledge.catalog import (
    CatalogProduct,
    catalog_fingerprint,
    generate_catalog,
    load_catalog,
    save_catalog,
)
from knowledge.catalog.picture_art import CATEGORY_SHAPES, COLOURS, HEIGHT, WIDTH, picture_svg
from knowledge.catalog.picture_upgrade import upgrade_demo_pictures
from knowledge.catalog.pictures import (
    LEGACY_DEMO_PREFIX,
    PICTURES_PATH,
    is_picture_path,
    picture_path,
    slug,
)
from knowledge.catalog.vocabulary import CATEGORIES
from shopbot.demo.seed import reset_data

SVG = "http://www.w3.org/2000/svg"


def test_paths_name_the_top_category_and_the_first_colour() -> None:
    assert slug("Outdoor & camping") == "outdoor-camping"
    assert slug("Off-White") == "off-white"
    path = picture_path("Footwear > Hiking boots", ("Forest Green", "Black"))
    assert path == "/images/products/footwear/forest-green.svg"
    assert picture_path("Toys & games > Kite", ()) == "/images/products/toys-games/plain.svg"
    assert is_picture_path(path)
    for other in ("/images/products/../x.svg", "/images/products/a/b.png", "https://x/a/b.svg",
                  "/images/products/a/b/c.svg", "/images/products/A/b.svg"):  # fmt: skip
        assert not is_picture_path(other), other


def test_the_demo_catalog_points_every_product_at_a_picture_that_is_drawn() -> None:
    catalog = generate_catalog(300, seed=5)
    assert catalog == generate_catalog(300, seed=5)
    for product in catalog:
        assert product.image_url == picture_path(product.category_path, product.colours)
        category, colour = str(product.image_url).removeprefix(PICTURES_PATH)[:-4].split("/")
        assert picture_svg(category, colour) is not None, product.image_url
    assert len({product.image_url for product in catalog}) > 50


def test_every_category_and_colour_of_the_vocabulary_has_a_drawing() -> None:
    colours = {
        c for top in CATEGORIES for s in top.subcategories for t in s.types for c in t.colours
    }
    assert colours <= set(COLOURS)
    assert {slug(top.name) for top in CATEGORIES} == set(CATEGORY_SHAPES)


@pytest.mark.parametrize("category", sorted(CATEGORY_SHAPES))
def test_a_drawing_is_a_small_svg_in_its_colour(category: str) -> None:
    drawing = picture_svg(category, "forest-green")
    assert drawing is not None and len(drawing) < 4000
    assert drawing.startswith(f'<svg xmlns="{SVG}" width="{WIDTH}" height="{HEIGHT}" ')
    assert drawing.endswith("</svg>") and "<script" not in drawing
    assert COLOURS["Forest Green"] in drawing
    assert picture_svg(category, "forest-green") == drawing  # deterministic
    assert "url(#f)" in str(picture_svg(category, "multicolour"))  # stripes


def test_unknown_names_draw_nothing() -> None:
    assert picture_svg("spaceships", "red") is None
    assert picture_svg("footwear", "ultraviolet") is None
    assert picture_svg("footwear", "<script>") is None


# --- an old stored demo catalog ------------------------------------------------------------


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    """The module's migrated database, emptied before each test."""
    reset_data(database)
    yield database


def _legacy(product: CatalogProduct) -> CatalogProduct:
    return dataclasses.replace(product, image_url=f"{LEGACY_DEMO_PREFIX}{product.id.lower()}.jpg")


def test_an_old_demo_catalog_moves_to_the_pictures_and_matches_a_fresh_one(db: Database) -> None:
    fresh = generate_catalog(40, seed=2)
    own = CatalogProduct(id="OWN-1", title="Our own mug", category_path="Home & kitchen",
                         image_url="https://cdn.shop.example/mug.jpg")  # fmt: skip
    save_catalog(db, [*map(_legacy, fresh), own])
    assert upgrade_demo_pictures(db) == 40
    stored = {product.id: product for product in load_catalog(db)}
    assert stored.pop("OWN-1").image_url == "https://cdn.shop.example/mug.jpg"  # untouched
    assert catalog_fingerprint(stored.values()) == catalog_fingerprint(fresh)
    assert upgrade_demo_pictures(db) == 0  # nothing left to move


def test_a_stored_url_that_is_neither_https_nor_a_picture_is_dropped(db: Database) -> None:
    save_catalog(db, generate_catalog(3, seed=2))
    with db.begin() as connection:
        connection.execute(update(Product).values(image_url="/elsewhere/x.svg"))
    assert all(product.image_url is None for product in load_catalog(db))
