"""The catalog in the order database: upsert, load, and a fingerprint of its content.

The catalog lives in the order database's ``products`` and ``product_variants`` tables
(:mod:`core.db.models`), so orders and catalog agree. :func:`save_catalog` compares the
new products with the stored ones and writes only what changed, with Core bulk
statements in one transaction. Products are never deleted (order lines keep their SKU):
with ``replace=True`` the ones missing from the new catalog are marked inactive.
:func:`catalog_fingerprint` hashes the products' canonical JSON, so any change of price,
stock or text gives another fingerprint; the search index stores it to detect staleness.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Row, Table, bindparam, delete, insert, select, update

from core.db.base import Base, utc_now
from core.db.database import Database
from knowledge.catalog.schema import CatalogProduct, StockKey, is_image_url

__all__ = [
    "BATCH_SIZE",
    "FINGERPRINT_VERSION",
    "StoreProgress",
    "StoreSummary",
    "catalog_fingerprint",
    "load_catalog",
    "save_catalog",
]

BATCH_SIZE = 1000
#: Changes when the fingerprint's input format changes (so old fingerprints never match).
FINGERPRINT_VERSION = "shopbot-catalog-v1"

#: progress(stage, done, total) while products and variants are written.
StoreProgress = Callable[[str, int, int], None]

_PRODUCT_COLUMNS = (
    "title", "description", "brand", "category_path", "price", "currency", "colours", "sizes",
    "materials", "tags", "rating", "image_url", "final_sale",
)  # fmt: skip


@dataclass(frozen=True)
class StoreSummary:
    """What :func:`save_catalog` did (``reactivated`` products are counted in ``updated``)."""

    inserted: int
    updated: int
    unchanged: int
    deactivated: int
    reactivated: int = 0
    variants_written: int = 0
    seconds: float = field(default=0.0, compare=False)

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.inserted or self.updated or self.deactivated)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "reactivated": self.reactivated,
            "variants_written": self.variants_written,
            "seconds": round(self.seconds, 3),
        }


def _tables() -> tuple[Table, Table]:
    return Base.metadata.tables["products"], Base.metadata.tables["product_variants"]


def catalog_fingerprint(products: Iterable[CatalogProduct]) -> str:
    """SHA-256 (hex) over the products' canonical JSON, sorted by id; order-independent."""
    digest = hashlib.sha256(FINGERPRINT_VERSION.encode())
    for product in sorted(products, key=lambda item: item.id):
        digest.update(b"\n")
        digest.update(product.canonical_json().encode("utf-8"))
    return digest.hexdigest()


def _product(row: Row[Any], stock: dict[StockKey, int]) -> CatalogProduct:
    """A stored product as a :class:`CatalogProduct` (bad stored URLs are dropped)."""
    image_url = row.image_url if is_image_url(row.image_url or "") else None
    return CatalogProduct(
        id=row.sku,
        title=row.title,
        description=row.description or "",
        brand=row.brand or "",
        category_path=row.category_path or "",
        price=None if row.price is None else Decimal(row.price),
        currency=row.currency,
        colours=tuple(row.colours or ()),
        sizes=tuple(row.sizes or ()),
        materials=tuple(row.materials or ()),
        tags=tuple(row.tags or ()),
        stock=stock,
        rating=row.rating,
        image_url=image_url,
        final_sale=bool(row.final_sale),
    )


def _variants(
    connection: Connection, *, active_only: bool
) -> dict[str, dict[StockKey, tuple[int, int]]]:
    """``sku -> {(colour, size): (variant id, stock)}``."""
    products, variants = _tables()
    query = select(variants.c.product_sku, variants.c.colour, variants.c.size,
                   variants.c.id, variants.c.stock)  # fmt: skip
    if active_only:
        query = query.join(products, products.c.sku == variants.c.product_sku).where(
            products.c.active.is_(True)
        )
    found: dict[str, dict[StockKey, tuple[int, int]]] = {}
    for sku, colour, size, variant_id, stock in connection.execute(query.order_by(variants.c.id)):
        found.setdefault(sku, {})[(colour, size)] = (variant_id, stock)
    return found


def _stored(
    connection: Connection, *, active_only: bool
) -> tuple[dict[str, tuple[CatalogProduct, bool]], dict[str, dict[StockKey, tuple[int, int]]]]:
    products, _ = _tables()
    query = select(products.c.sku, products.c.active, *(products.c[c] for c in _PRODUCT_COLUMNS))
    if active_only:
        query = query.where(products.c.active.is_(True))
    variants = _variants(connection, active_only=active_only)
    stored: dict[str, tuple[CatalogProduct, bool]] = {}
    for row in connection.execute(query.order_by(products.c.sku)):
        stock = {key: units for key, (_id, units) in variants.get(row.sku, {}).items()}
        stored[row.sku] = (_product(row, stock), bool(row.active))
    return stored, variants


def load_catalog(db: Database, active_only: bool = True) -> list[CatalogProduct]:
    """The stored catalog, sorted by id (only active products unless told otherwise)."""
    with db.begin() as connection:
        stored, _ = _stored(connection, active_only=active_only)
    return [product for product, _active in stored.values()]


def _row(product: CatalogProduct) -> dict[str, Any]:
    return {
        "title": product.title,
        "description": product.description,
        "brand": product.brand or None,
        "category_path": product.category_path,
        "price": product.price,
        "currency": product.currency,
        "colours": list(product.colours),
        "sizes": list(product.sizes),
        "materials": list(product.materials),
        "tags": list(product.tags),
        "rating": product.rating,
        "image_url": product.image_url,
        "final_sale": product.final_sale,
        "active": True,
    }


def _batches(rows: Sequence[Any], size: int = BATCH_SIZE) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class _Plan:
    """The statements one save needs, collected before anything is written."""

    def __init__(self) -> None:
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.variant_inserts: list[dict[str, Any]] = []
        self.variant_updates: list[dict[str, Any]] = []
        self.variant_deletes: list[int] = []
        self.unchanged = 0
        self.reactivated = 0

    def variants(
        self, sku: str, new: dict[StockKey, int], old: dict[StockKey, tuple[int, int]]
    ) -> None:
        for (colour, size), units in new.items():
            if (colour, size) not in old:
                self.variant_inserts.append(
                    {"product_sku": sku, "colour": colour, "size": size, "stock": units}
                )
            elif old[(colour, size)][1] != units:
                self.variant_updates.append({"b_id": old[(colour, size)][0], "stock": units})
        self.variant_deletes += [
            variant_id for key, (variant_id, _) in old.items() if key not in new
        ]


def save_catalog(
    db: Database,
    products: Iterable[CatalogProduct],
    *,
    replace: bool = False,
    progress: StoreProgress | None = None,
    now: datetime | None = None,
) -> StoreSummary:
    """Upsert ``products`` (and their variants) into the order database; see the module doc.

    Written rows get ``updated_at=now`` (default: the current time). Raises ``ValueError``
    when two products share an id.
    """
    started = time.perf_counter()
    items = list(products)
    ids = {product.id for product in items}
    if len(ids) != len(items):
        raise ValueError("two products share an id")
    table, variant_table = _tables()
    now = now or utc_now()
    with db.begin() as connection:
        stored, stored_variants = _stored(connection, active_only=False)
        plan = _Plan()
        for product in items:
            old = stored.get(product.id)
            if old is not None and old[0] == product and old[1]:
                plan.unchanged += 1
                continue
            row = {**_row(product), "updated_at": now}
            if old is None:
                plan.inserts.append({"sku": product.id, **row})
            else:
                plan.updates.append({"b_sku": product.id, **row})
                plan.reactivated += not old[1]
            plan.variants(product.id, dict(product.stock), stored_variants.get(product.id, {}))
        retired = sorted(
            sku for sku, (_old, active) in stored.items() if replace and active and sku not in ids
        )
        total = len(plan.inserts) + len(plan.updates)
        done = 0
        for batch in _batches(plan.inserts):
            connection.execute(insert(table), list(batch))
            done += len(batch)
            if progress is not None:
                progress("products", done, total)
        for batch in _batches(plan.updates):
            connection.execute(update(table).where(table.c.sku == bindparam("b_sku")), list(batch))
            done += len(batch)
            if progress is not None:
                progress("products", done, total)
        for batch in _batches(retired, 500):
            connection.execute(
                update(table)
                .where(table.c.sku.in_(list(batch)))
                .values(active=False, updated_at=now)
            )
        for batch in _batches(plan.variant_deletes, 500):
            connection.execute(delete(variant_table).where(variant_table.c.id.in_(list(batch))))
        for batch in _batches(plan.variant_updates):
            connection.execute(
                update(variant_table).where(variant_table.c.id == bindparam("b_id")), list(batch)
            )
        written = 0
        variant_total = len(plan.variant_inserts)
        for batch in _batches(plan.variant_inserts, 5000):
            connection.execute(insert(variant_table), list(batch))
            written += len(batch)
            if progress is not None:
                progress("variants", written, variant_total)
    return StoreSummary(
        inserted=len(plan.inserts),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        deactivated=len(retired),
        reactivated=plan.reactivated,
        variants_written=variant_total + len(plan.variant_updates) + len(plan.variant_deletes),
        seconds=time.perf_counter() - started,
    )
