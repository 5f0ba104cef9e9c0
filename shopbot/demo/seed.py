"""Deterministic demo data: customers and a year of orders, on the demo catalog.

>>> summary = seed_demo_data(db, seed=7, customers=1000, orders=5000)  # doctest: +SKIP

The orders' products come from the catalog stored in the database: a shop's import, or
the demo catalog (``shopbot catalog demo``). A database with fewer than
:data:`MIN_CATALOG` orderable products first gets the demo catalog saved into it, the one
generator of demo products (:func:`knowledge.catalog.generate.generate_catalog`, its
default seed), in its own transaction. The same ``seed``, ``today`` and catalog give the
same rows (one ``random.Random(seed)``, and one of its own for the orders that need a
word from the shop, :mod:`shopbot.demo.notice_cases`; no global random, no uuid4). Rows go
in with Core bulk inserts in batches. Seeding refuses a database that already holds customers or
orders unless ``reset=True``, which deletes every row of the shop tables first.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, func, literal, select, text

from core.db import models
from core.db.base import Base
from core.db.database import Database
from core.errors import DatabaseError
from knowledge.catalog import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    CatalogProduct,
    generate_catalog,
    load_catalog,
    save_catalog,
)
from knowledge.catalog.currencies import RATES
from shopbot.demo.customers import make_customers
from shopbot.demo.notice_cases import add_notice_cases
from shopbot.demo.orders import FIRST_ORDER_NUMBER, make_orders

__all__ = [
    "BATCH_SIZE",
    "MIN_CATALOG",
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
#: Fewer orderable products than this in the database: the demo catalog is saved first.
MIN_CATALOG = 20

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


def _orderable(db: Database) -> list[CatalogProduct]:
    """The active stored products an order line can hold: priced, in a currency with a rate."""
    return [
        product
        for product in load_catalog(db)
        if product.price is not None and product.currency in RATES
    ]


def _ensure_catalog(
    db: Database, size: int, now: datetime, progress: Progress | None
) -> tuple[list[CatalogProduct], dict[str, int]]:
    """The orderable products, after saving the demo catalog (stamped ``now``) when there
    are too few; with the rows that saving wrote (``products``, ``product_variants``)."""
    items = _orderable(db)
    if len(items) >= MIN_CATALOG:
        return items, {"products": 0, "product_variants": 0}
    report = None if progress is None else (lambda done, total: progress("catalog", done, total))
    stored = save_catalog(
        db, generate_catalog(size, DEFAULT_SEED, progress=report), progress=progress, now=now
    )
    written = {"products": stored.inserted, "product_variants": stored.variants_written}
    return _orderable(db), written


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
    catalog_size: int = DEFAULT_SIZE,
    history_days: int = 0,
) -> SeedSummary:
    """Fill the database with customers and orders (and the demo catalog of ``catalog_size``
    products when it has too few); see the module doc."""
    if customers < 1 or not 0 <= orders <= MAX_ORDERS or catalog_size < MIN_CATALOG:
        raise ValueError(
            f"need customers >= 1, 0 <= orders <= {MAX_ORDERS} and catalog_size >= {MIN_CATALOG}"
        )
    started = time.perf_counter()
    today = today or datetime.now(UTC).date()
    now = datetime(today.year, today.month, today.day, tzinfo=UTC)
    if reset:
        reset_data(db)
    elif not is_empty(db):
        raise DatabaseNotEmptyError(
            "The database already holds customers or orders; use --reset to replace them."
        )
    items, catalog_rows = _ensure_catalog(db, catalog_size, now, progress)
    rng = random.Random(seed)
    customer_rows = make_customers(rng, customers)
    order_rows = make_orders(
        rng,
        count=orders,
        customers=customer_rows,
        items=items,
        now=now,
        history_days=history_days,
    )
    _fill_customer_dates(rng, customer_rows, order_rows.orders, now)
    add_notice_cases(order_rows, now, seed)
    plan: list[tuple[Table, list[Row]]] = [
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
        tables=catalog_rows | {table.name: len(rows) for table, rows in plan},
        order_statuses={status: statuses[status] for status in models.ORDER_STATUSES},
        currencies=dict(sorted(currencies.items())),
        seconds=time.perf_counter() - started,
    )
