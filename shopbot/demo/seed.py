"""Deterministic demo data: products, customers and a year of orders.

>>> summary = seed_demo_data(db, seed=7, customers=1000, orders=5000)  # doctest: +SKIP

The same ``seed`` and ``today`` give the same rows (one ``random.Random(seed)``, no
global random, no uuid4). Rows go in with Core bulk inserts in batches. Seeding refuses a
database that already holds customers or orders unless ``reset=True``, which deletes every
row of the shop tables first. If products exist (a catalog import) and nothing else, the
orders are drawn from those products instead of the demo catalog.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, delete, func, literal, select, text

from core.db import models
from core.db.base import Base
from core.db.database import Database
from core.errors import DatabaseError
from shopbot.demo.catalog import CatalogItem, make_customers, make_products
from shopbot.demo.orders import FIRST_ORDER_NUMBER, make_orders

__all__ = [
    "BATCH_SIZE",
    "DatabaseNotEmptyError",
    "Progress",
    "SeedSummary",
    "count_orders_by_status",
    "count_rows",
    "is_empty",
    "reset_data",
    "seed_demo_data",
]

BATCH_SIZE = 2000
MAX_ORDERS = 999_999 - FIRST_ORDER_NUMBER + 1

#: progress(stage, done, total): called as each table is written.
Progress = Callable[[str, int, int], None]
Row = dict[str, Any]


class DatabaseNotEmptyError(DatabaseError):
    """The database already holds shop data; seed with ``reset=True`` to replace it."""


@dataclass(frozen=True)
class SeedSummary:
    """What a seed wrote: rows per table, orders per status and per currency."""

    seed: int
    today: date
    tables: dict[str, int]
    order_statuses: dict[str, int]
    currencies: dict[str, int]
    seconds: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "seed": self.seed,
            "today": self.today.isoformat(),
            "tables": dict(self.tables),
            "order_statuses": dict(self.order_statuses),
            "currencies": dict(self.currencies),
            "seconds": round(self.seconds, 3),
        }


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def count_rows(db: Database) -> dict[str, int]:
    """Rows per shop table (tables in dependency order)."""
    with db.begin() as connection:
        return {
            table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in _tables()
        }


def count_orders_by_status(db: Database) -> dict[str, int]:
    """Orders per status, every status listed (zero when absent)."""
    order = _table("orders")
    with db.begin() as connection:
        found: dict[str, int] = {
            status: int(count)
            for status, count in connection.execute(
                select(order.c.status, func.count()).group_by(order.c.status)
            ).all()
        }
    return {status: int(found.get(status, 0)) for status in models.ORDER_STATUSES}


def is_empty(db: Database, tables: Iterable[str] = ("customers", "orders")) -> bool:
    """True when none of ``tables`` holds a row."""
    with db.begin() as connection:
        for name in tables:
            found = connection.scalar(select(literal(1)).select_from(_table(name)).limit(1))
            if found is not None:
                return False
    return True


def reset_data(db: Database) -> None:
    """Delete every row of every shop table (the schema stays)."""
    with db.begin() as connection:
        if db.backend == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in _tables())
            connection.execute(text(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(_tables()):
                connection.execute(delete(table))


def _existing_items(connection: Connection) -> list[CatalogItem]:
    product = _table("products")
    rows = connection.execute(
        select(
            product.c.sku,
            product.c.title,
            product.c.price,
            product.c.final_sale,
            product.c.colours,
            product.c.sizes,
        )
        .where(product.c.active.is_(True), product.c.price.is_not(None))
        .order_by(product.c.sku)
    ).all()
    return [
        CatalogItem(
            row.sku,
            row.title,
            Decimal(row.price),
            bool(row.final_sale),
            tuple(row.colours or ()),
            tuple(row.sizes or ()),
        )
        for row in rows
    ]


def _whole_seconds(rows: list[Row]) -> None:
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime):
                row[key] = value.replace(microsecond=0)


def _insert(
    connection: Connection, table: Table, rows: list[Row], progress: Progress | None
) -> None:
    _whole_seconds(rows)
    for start in range(0, len(rows), BATCH_SIZE):
        connection.execute(table.insert(), rows[start : start + BATCH_SIZE])
        if progress is not None:
            progress(table.name, min(start + BATCH_SIZE, len(rows)), len(rows))
    if progress is not None and not rows:
        progress(table.name, 0, 0)


def _fill_customer_dates(
    rng: random.Random, customers: list[Row], orders: list[Row], now: datetime
) -> None:
    first_order: dict[int, datetime] = {}
    for order in orders:  # oldest first
        first_order.setdefault(order["customer_id"], order["placed_at"])
    for customer in customers:
        start = first_order.get(customer["id"], now)
        customer["created_at"] = start - timedelta(
            days=rng.uniform(0, 400), minutes=rng.randint(1, 600)
        )


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: move id sequences past the explicit ids the seed inserted."""
    for table in _tables():
        if "id" not in table.c:
            continue
        connection.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, "id"),
                    func.coalesce(select(func.max(table.c.id)).scalar_subquery(), 0) + 1,
                    False,
                )
            )
        )


def seed_demo_data(
    db: Database,
    *,
    seed: int = 7,
    customers: int = 1000,
    orders: int = 5000,
    today: date | None = None,
    progress: Progress | None = None,
    reset: bool = False,
) -> SeedSummary:
    """Fill the database with demo products, customers and orders; see the module doc."""
    if customers < 1 or not 0 <= orders <= MAX_ORDERS:
        raise ValueError(f"need customers >= 1 and 0 <= orders <= {MAX_ORDERS}")
    started = time.perf_counter()
    today = today or datetime.now(UTC).date()
    now = datetime(today.year, today.month, today.day, tzinfo=UTC)
    if reset:
        reset_data(db)
    elif not is_empty(db):
        raise DatabaseNotEmptyError(
            "The database already holds customers or orders; use --reset to replace them."
        )
    rng = random.Random(seed)
    with db.begin() as connection:
        items = _existing_items(connection)
    product_rows: list[Row] = []
    variant_rows: list[Row] = []
    if len(items) < 20:
        product_rows, variant_rows, items = make_products(rng, now)
    customer_rows = make_customers(rng, customers)
    order_rows = make_orders(rng, count=orders, customers=customer_rows, items=items, now=now)
    _fill_customer_dates(rng, customer_rows, order_rows.orders, now)
    plan: list[tuple[Table, list[Row]]] = [
        (_table("products"), product_rows),
        (_table("product_variants"), variant_rows),
        (_table("customers"), customer_rows),
        (_table("orders"), order_rows.orders),
        (_table("order_lines"), order_rows.order_lines),
        (_table("shipments"), order_rows.shipments),
        (_table("shipment_events"), order_rows.shipment_events),
        (_table("returns"), order_rows.returns),
        (_table("return_lines"), order_rows.return_lines),
        (_table("refunds"), order_rows.refunds),
    ]
    with db.begin() as connection:
        for table, rows in plan:
            _insert(connection, table, rows, progress)
        if db.backend == "postgresql":
            _reset_sequences(connection)
    statuses = Counter(order["status"] for order in order_rows.orders)
    currencies = Counter(order["currency"] for order in order_rows.orders)
    return SeedSummary(
        seed=seed,
        today=today,
        tables={table.name: len(rows) for table, rows in plan},
        order_statuses={status: statuses[status] for status in models.ORDER_STATUSES},
        currencies=dict(sorted(currencies.items())),
        seconds=time.perf_counter() - started,
    )
