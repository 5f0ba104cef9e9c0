"""Demo data: deterministic, complete, consistent and quick to write."""

from __future__ import annotations

import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.db.base import Base
from core.db.database import Database
from core.db.migrate import upgrade
from core.db.models import Customer, Order, Product, Shipment
from core.views import OrderStatus
from knowledge.catalog import DEFAULT_SIZE, catalog_fingerprint, generate_catalog, load_catalog
from knowledge.catalog.generate import price_in
from knowledge.catalog.pictures import is_picture_path
from knowledge.catalog.store import BATCH_SIZE as CATALOG_BATCH_SIZE
from shopbot.demo.seed import BATCH_SIZE, DatabaseNotEmptyError, count_rows, seed_demo_data
from shopbot.demo.tracking import royal_mail_check_digit
from tests.sql_statements import recorded_statements

TRACKING = {
    "DHL": r"\d{10}",
    "UPS": r"1Z[0-9A-Z]{6}\d{10}",
    "FedEx": r"\d{12}",
    "USPS": r"9400\d{18}",
    "Royal Mail": r"[A-Z]{2}\d{9}GB",
    "PostNL": r"3S[A-Z]{4}\d{9}",
    "DPD": r"\d{14}",
    "GLS": r"\d{11}",
}


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.begin() as connection:
        return {
            table.name: [
                tuple(row)
                for row in connection.execute(select(table).order_by(*table.primary_key.columns))
            ]
            for table in Base.metadata.sorted_tables
        }


def _sqlite(folder: Path, name: str) -> Database:
    db = Database(f"sqlite:///{folder / name}")
    upgrade(db)
    return db


def _orders(db: Database) -> list[Order]:
    with db.session() as session:
        return list(
            session.scalars(
                select(Order)
                .options(
                    selectinload(Order.lines),
                    selectinload(Order.customer),
                    selectinload(Order.shipment).selectinload(Shipment.events),
                    selectinload(Order.returns),
                    selectinload(Order.refunds),
                )
                .order_by(Order.id)
            )
        )


def test_same_seed_and_day_give_the_same_data(tmp_path: Path) -> None:
    first, second, other = (_sqlite(tmp_path, f"{name}.db") for name in ("a", "b", "c"))
    today = date(2026, 2, 1)
    summary = seed_demo_data(first, seed=3, customers=40, orders=150, today=today)
    assert seed_demo_data(second, seed=3, customers=40, orders=150, today=today) == summary
    seed_demo_data(other, seed=4, customers=40, orders=150, today=today)
    assert _dump(first) == _dump(second)
    assert _dump(first)["orders"] != _dump(other)["orders"]
    for db in (first, second, other):
        db.dispose()


def test_summary_matches_the_tables(seeded_database: Database) -> None:
    rows = count_rows(seeded_database)
    assert rows["customers"] == 60
    assert rows["orders"] == 300
    assert rows["products"] == DEFAULT_SIZE  # the demo catalog, saved by the seed
    assert rows["product_variants"] > rows["products"]
    assert rows["order_lines"] >= 300
    assert rows["shipment_events"] > rows["shipments"] > 0
    assert rows["returns"] > 0 and rows["return_lines"] >= rows["returns"]
    assert rows["refunds"] > 0


def test_every_status_and_several_currencies(seeded_database: Database) -> None:
    orders = _orders(seeded_database)
    assert {order.status for order in orders} == {status.value for status in OrderStatus}
    assert {"EUR", "USD", "GBP"} <= {order.currency for order in orders}
    numbers = [order.order_number for order in orders]
    assert all(re.fullmatch(r"\d{6}", number) for number in numbers)
    assert len(set(numbers)) == len(numbers)


def test_catalog_covers_the_categories_with_some_final_sale(seeded_database: Database) -> None:
    with seeded_database.session() as session:
        products = list(session.scalars(select(Product)))
    categories = {product.category_path.split(" > ")[0] for product in products}
    assert len(categories) == 10
    assert any(product.final_sale for product in products)
    assert sum(product.final_sale for product in products) < len(products) / 4
    assert all(product.price and product.price > 0 for product in products)
    assert all(product.image_url and is_picture_path(product.image_url) for product in products)
    assert any(line.final_sale for order in _orders(seeded_database) for line in order.lines)


def test_the_catalog_is_the_demo_catalog_and_lines_are_priced_from_it(
    seeded_database: Database,
) -> None:
    catalog = {product.id: product for product in load_catalog(seeded_database)}
    assert catalog_fingerprint(catalog.values()) == catalog_fingerprint(generate_catalog())
    currencies = set()
    for order in _orders(seeded_database):
        for line in order.lines:
            product = catalog[line.product_sku]
            assert product.price is not None and line.title.startswith(product.title)
            assert line.final_sale == product.final_sale
            assert line.unit_price == price_in(product.price, product.currency, order.currency)
            currencies.add((product.currency, order.currency))
    assert ("EUR", "EUR") in currencies and len(currencies) > 6  # converted lines too


def test_customers_have_example_emails(seeded_database: Database) -> None:
    with seeded_database.session() as session:
        customers = list(session.scalars(select(Customer)))
    emails = [customer.email for customer in customers]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9._]+@example\.[a-z.]+", email) for email in emails)
    assert len({customer.locale for customer in customers}) >= 4


def test_timelines_are_consistent(seeded_database: Database, seed_today: date) -> None:
    now = datetime(seed_today.year, seed_today.month, seed_today.day, tzinfo=UTC)
    inside = outside = 0
    for order in _orders(seeded_database):
        assert now - timedelta(days=366) < order.placed_at < now
        assert order.customer.created_at <= order.placed_at
        assert order.placed_at <= order.updated_at < now
        assert order.total == sum(line.unit_price * line.quantity for line in order.lines)
        assert 1 <= len(order.lines) <= 5
        status = OrderStatus(order.status)
        parcel = order.shipment
        if status in (OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.CANCELLED):
            assert parcel is None
            assert (order.cancelled_at is not None) == (status is OrderStatus.CANCELLED)
            continue
        assert parcel is not None
        times = [event.occurred_at for event in parcel.events]
        assert times == sorted(times) and order.placed_at <= times[0] and times[-1] < now
        assert re.fullmatch(TRACKING[parcel.carrier], parcel.tracking_number)
        assert parcel.tracking_url.startswith("https://")
        assert parcel.tracking_number in parcel.tracking_url
        assert (parcel.shipped_at is None) == (status is OrderStatus.PACKED)
        if status is OrderStatus.DELAYED:
            assert parcel.promised_date < seed_today
        if status in (OrderStatus.SHIPPED, OrderStatus.IN_TRANSIT, OrderStatus.OUT_FOR_DELIVERY):
            assert parcel.promised_date >= seed_today
        if status.has_shipped and status not in (
            OrderStatus.SHIPPED,
            OrderStatus.IN_TRANSIT,
            OrderStatus.DELAYED,
            OrderStatus.OUT_FOR_DELIVERY,
        ):
            assert parcel.delivered_at is not None and parcel.events[-1].status == "delivered"
        if status is OrderStatus.DELIVERED and parcel.delivered_at is not None:
            if (seed_today - parcel.delivered_at.date()).days <= 30:
                inside += 1
            else:
                outside += 1
    assert inside > 0 and outside > 0


def test_returns_and_refunds_fit_the_status(seeded_database: Database) -> None:
    expected_return = {
        "return_requested": "requested",
        "returned": "received",
        "refunded": "refunded",
    }
    for order in _orders(seeded_database):
        refund_statuses = Counter(refund.status for refund in order.refunds)
        if order.status in expected_return:
            assert [r.status for r in order.returns] == [expected_return[order.status]]
            assert order.returns[0].rma_number == f"RMA-{order.order_number}-1"
            assert order.shipment is not None and order.shipment.delivered_at is not None
            assert order.returns[0].created_at > order.shipment.delivered_at
        else:
            assert order.returns == []
        if order.status == "refunded":
            assert refund_statuses == {"completed": 1}
        elif order.status == "returned":
            assert set(refund_statuses) <= {"pending", "processing"}
            assert sum(refund_statuses.values()) == 1
        elif order.status != "cancelled":
            assert not refund_statuses


def test_royal_mail_numbers_carry_their_check_digit() -> None:
    assert royal_mail_check_digit("47312482") == 9  # AA 47312482 9 GB, the usual S10 example


def test_seeding_twice_refuses_unless_reset(seeded_database: Database, seed_today: date) -> None:
    before = count_rows(seeded_database)
    with pytest.raises(DatabaseNotEmptyError, match="--reset"):
        seed_demo_data(seeded_database, seed=7, customers=60, orders=300, today=seed_today)
    assert count_rows(seeded_database) == before
    summary = seed_demo_data(
        seeded_database, seed=7, customers=60, orders=300, today=seed_today, reset=True
    )
    after = count_rows(seeded_database)
    assert after == before
    # The demo tables hold what the summary says; every other table (tickets, verification
    # attempts, console accounts, conversation summaries...) stays empty.
    assert {table: after[table] for table in summary.tables} == summary.tables
    others = {table: rows for table, rows in after.items() if table not in summary.tables}
    assert {table: rows for table, rows in others.items() if rows} == {}


def test_five_thousand_orders_seed_in_bulk(tmp_path: Path) -> None:
    """Statements are counted, not timed: rows go in whole batches, never one at a time.
    (How long seeding takes: bench/unit_speed.py.)"""
    db = _sqlite(tmp_path, "big.db")
    with recorded_statements(db.engine) as statements:
        summary = seed_demo_data(db, customers=1000, orders=5000, today=date(2026, 1, 10))
    assert summary.tables["orders"] == 5000
    assert all(summary.order_statuses.values())
    smallest_batch = min(BATCH_SIZE, CATALOG_BATCH_SIZE)
    batches = sum(math.ceil(rows / smallest_batch) for rows in summary.tables.values())
    assert 0 < statements.count("INSERT") <= batches < sum(summary.tables.values()) / 100
    db.dispose()


def test_orders_use_an_imported_catalog(tmp_path: Path) -> None:
    db = _sqlite(tmp_path, "catalog.db")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with db.session() as session:
        session.add_all(
            Product(
                sku=f"IMP-{index}",
                title=f"Imported {index}",
                price=Decimal("10.00"),
                colours=[],
                sizes=[],
                materials=[],
                tags=[],
                updated_at=now,
            )
            for index in range(25)
        )
    summary = seed_demo_data(db, customers=10, orders=40, today=date(2026, 1, 10))
    assert summary.tables["products"] == 0
    assert count_rows(db)["products"] == 25
    skus = {line.product_sku for order in _orders(db) for line in order.lines}
    assert skus and all(sku.startswith("IMP-") for sku in skus)
    db.dispose()
