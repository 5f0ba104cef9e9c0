"""The product catalog: its schema, the demo catalog, ingestion of a shop's file, storage.

>>> from knowledge.catalog import generate_catalog, save_catalog, load_catalog
>>> products = generate_catalog()  # doctest: +SKIP
>>> save_catalog(db, products)  # doctest: +SKIP

File formats (CSV and JSON Lines) are documented in ``docs/catalog.md``.
"""

from __future__ import annotations

from knowledge.catalog.currencies import KNOWN_CURRENCIES
from knowledge.catalog.generate import DEFAULT_SEED, DEFAULT_SIZE, generate_catalog
from knowledge.catalog.ingest import (
    CSV_COLUMNS,
    PROBLEM_CODES,
    IngestProblem,
    IngestReport,
    read_catalog,
    write_catalog,
)
from knowledge.catalog.schema import (
    CatalogProduct,
    Stock,
    StockKey,
    catalog_stats,
    format_stock,
    parse_stock,
)
from knowledge.catalog.store import StoreSummary, catalog_fingerprint, load_catalog, save_catalog

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_SEED",
    "DEFAULT_SIZE",
    "KNOWN_CURRENCIES",
    "PROBLEM_CODES",
    "CatalogProduct",
    "IngestProblem",
    "IngestReport",
    "Stock",
    "StockKey",
    "StoreSummary",
    "catalog_fingerprint",
    "catalog_stats",
    "format_stock",
    "generate_catalog",
    "load_catalog",
    "parse_stock",
    "read_catalog",
    "save_catalog",
    "write_catalog",
]
