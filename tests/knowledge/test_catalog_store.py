"""The catalog in the order database, on SQLite and PostgreSQL: upsert, replace, fingerprint."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from core.db.database import Database
from core.db.models import OrderLine, Product, ProductVariant
from knowledge.catalog import (
    CatalogProduct,
    catalog_fingerprint,
    generate_catalog,
    load_catalog,
    save_catalog,
)
from knowledge.catalog.store import BATCH_SIZE
from shopbot.demo.seed import reset_data, seed_demo_data
from tests.sql_statements import recorded_statements


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    """The module's migrated database, emptied before each test."""
    reset_data(database)
    yield database


def _product(product_id: str, **changes: object) -> CatalogProduct:
    base = CatalogProduct(
        id=product_id,
        title=f"Product {product_id}",
        description="A plain product.",
        brand="Brand",
        category_path="Home & kitchen > Mugs",
        price=Decimal("10.00"),
        currency="EUR",
        colours=("Red", "Blue"),
        sizes=("S", "M"),
        stock={("Red", "S"): 1, ("Red", "M"): 0, ("Blue", "S"): 5, ("Blue", "M"): 2},
        rating=4.2,
        image_url=f"https://images.example.com/{product_id}.jpg",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _variant_ids(db: Database, sku: str) -> dict[tuple[str | None, str | None], int]:
    with db.session() as session:
        rows = session.execute(
            select(ProductVariant.colour, ProductVariant.size, ProductVariant.id).where(
                ProductVariant.product_sku == sku
            )
        ).all()
    return {(colour, size): variant_id for colour, size, variant_id in rows}


def test_saving_twice_is_idempotent(db: Database) -> None:
    products = generate_catalog(300, seed=5)
    first = save_catalog(db, products)
    assert (first.inserted, first.updated, first.unchanged, first.deactivated) == (300, 0, 0, 0)
    assert first.variants_written == sum(len(p.stock) for p in products)
    second = save_catalog(db, products)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 300)
    assert not second.changed and second.variants_written == 0
    assert load_catalog(db) == sorted(products, key=lambda product: product.id)


def test_stock_per_variant_and_empty_fields_round_trip(db: Database) -> None:
    products = [
        _product("A"),
        _product("B", colours=(), sizes=("42", "43"), stock={(None, "42"): 0, (None, "43"): 7}),
        _product("C", colours=("Green",), sizes=(), stock={("Green", None): 3}),
        _product("D", colours=(), sizes=(), stock={(None, None): 9}),
        _product("E", stock={}, price=None, brand="", rating=None, image_url=None, tags=()),
        _product("F", final_sale=True, tags=("gift", "final-sale"), materials=("oak", "steel")),
    ]
    save_catalog(db, products)
    loaded = {product.id: product for product in load_catalog(db)}
    assert loaded == {product.id: product for product in products}
    assert loaded["B"].in_stock(size="43") and not loaded["B"].in_stock(size="42")
    assert loaded["A"].available_sizes(colour="Red") == ("S",)
    assert not loaded["E"].tracks_stock and loaded["E"].in_stock(colour="red")


def test_changes_update_only_what_changed(db: Database) -> None:
    products = [_product(name) for name in "ABCD"]
    save_catalog(db, products)
    kept_ids = _variant_ids(db, "B")
    changed = [
        dataclasses.replace(products[0], price=Decimal("12.50")),
        dataclasses.replace(
            products[1],
            stock={("Red", "S"): 4, ("Red", "M"): 0, ("Blue", "S"): 5, ("Green", "S"): 1},
            colours=("Red", "Blue", "Green"),
        ),
        dataclasses.replace(products[2], description="Now with a lid."),
        products[3],
    ]
    summary = save_catalog(db, changed)
    assert (summary.inserted, summary.updated, summary.unchanged) == (0, 3, 1)
    assert summary.variants_written == 3  # one stock change, one new variant, one removed
    assert {p.id: p for p in load_catalog(db)} == {p.id: p for p in changed}
    after = _variant_ids(db, "B")
    assert after[("Red", "S")] == kept_ids[("Red", "S")]  # updated in place
    assert ("Blue", "M") not in after and ("Green", "S") in after


def test_replace_deactivates_missing_products_and_never_deletes(db: Database) -> None:
    products = [_product(f"P{n}") for n in range(10)]
    save_catalog(db, products)
    kept = save_catalog(db, products[:6])
    assert kept.deactivated == 0 and len(load_catalog(db)) == 10
    summary = save_catalog(db, products[:6], replace=True)
    assert summary.deactivated == 4 and summary.unchanged == 6
    assert [p.id for p in load_catalog(db)] == [f"P{n}" for n in range(6)]
    assert len(load_catalog(db, active_only=False)) == 10
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 10
        inactive = session.scalars(select(Product.sku).where(Product.active.is_(False))).all()
    assert sorted(inactive) == ["P6", "P7", "P8", "P9"]
    back = save_catalog(db, products)
    assert (back.updated, back.reactivated, back.unchanged) == (4, 4, 6)
    assert len(load_catalog(db)) == 10


def test_fingerprint_follows_content_not_order() -> None:
    products = [_product(name) for name in "ABC"]
    fingerprint = catalog_fingerprint(products)
    assert len(fingerprint) == 64
    assert catalog_fingerprint(reversed(products)) == fingerprint
    changes: list[dict[str, object]] = [
        {"price": Decimal("10.01")},
        {"stock": {("Red", "S"): 2}},
        {"description": "Another text."},
        {"title": "Renamed"},
        {"rating": 4.3},
        {"tags": ("new",)},
        {"currency": "USD"},
    ]
    seen = {fingerprint}
    for change in changes:
        altered = [dataclasses.replace(products[0], **change), *products[1:]]  # type: ignore[arg-type]
        seen.add(catalog_fingerprint(altered))
    assert len(seen) == len(changes) + 1
    assert catalog_fingerprint(products[:2]) != fingerprint


def test_fingerprint_of_the_stored_catalog_matches(db: Database) -> None:
    products = generate_catalog(120, seed=8)
    save_catalog(db, products)
    assert catalog_fingerprint(load_catalog(db)) == catalog_fingerprint(products)
    cheaper = dataclasses.replace(products[0], price=Decimal("1.99"))
    save_catalog(db, [cheaper, *products[1:]])
    assert catalog_fingerprint(load_catalog(db)) != catalog_fingerprint(products)


def test_duplicate_ids_are_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="share an id"):
        save_catalog(db, [_product("A"), _product("A", title="Other")])


def test_the_full_demo_catalog_saves_in_bulk_and_orders_come_from_it(db: Database) -> None:
    """Statements are counted, not timed: two reads, then bulk inserts of up to BATCH_SIZE
    rows (never one per product); saving the same catalog again only reads. (How long a
    save takes: ``bench/unit_speed.py``.)"""
    products = generate_catalog()
    variants = sum(len(product.stock) for product in products)
    stages: set[str] = set()
    with recorded_statements(db.engine) as first:
        summary = save_catalog(db, products, progress=lambda stage, done, total: stages.add(stage))
    assert summary.inserted == 2400 and stages == {"products", "variants"}
    assert summary.variants_written == variants
    writes = [kind for kind in first if kind != "SELECT"]
    assert first.count("SELECT") == 2 and set(writes) == {"INSERT"}
    assert len(writes) <= math.ceil(2400 / BATCH_SIZE) + math.ceil(variants / BATCH_SIZE)
    with recorded_statements(db.engine) as again:
        assert save_catalog(db, products).unchanged == 2400
    assert again == ["SELECT", "SELECT"]
    seed_demo_data(db, seed=3, customers=10, orders=40, today=date(2026, 6, 15))
    with db.session() as session:
        skus = set(session.scalars(select(OrderLine.product_sku)).all())
    assert skus and skus <= {product.id for product in products}
