"""Attribute filters over the whole catalog at once, fast enough for a million products.

:class:`FacetTable` keeps, per facet value (a colour, a size, a brand, a category name),
the sorted row numbers of the products that have it, and the prices as one array. A
:class:`~knowledge.query.ProductFilters` becomes the rows that can pass it with a few
numpy set operations instead of one Python call per product. Colours and sizes are
indexed by *availability* (listed, and in stock when the product tracks stock), which is
what :meth:`ProductFilters.matches` asks; the engine still checks ``matches`` exactly on
what it shows, so a colour-and-size pair that exists only as two different variants is
never offered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct
from knowledge.query import ProductFilters, convert_price

__all__ = ["FacetTable", "Rows"]

Rows = npt.NDArray[np.int64]

_NO_ROWS: Rows = np.zeros(0, dtype=np.int64)


def _key(value: str) -> str:
    return value.strip().casefold()


def _category_levels(path: str) -> Iterable[str]:
    return (level for level in path.split(CATEGORY_SEPARATOR) if level.strip())


class FacetTable:
    """Row sets per facet value and a price column, aligned with ``products``."""

    def __init__(self, products: Sequence[CatalogProduct]) -> None:
        self.size = len(products)
        self.currencies: tuple[str, ...] = tuple(sorted({p.currency for p in products}))
        currency_code = {code: number for number, code in enumerate(self.currencies)}
        self._price = np.full(self.size, np.nan, dtype=np.float64)
        self._currency = np.zeros(self.size, dtype=np.int16)
        postings: dict[str, dict[str, list[int]]] = {
            name: defaultdict(list) for name in ("colours", "sizes", "categories", "brands")
        }
        in_stock: list[int] = []
        for row, product in enumerate(products):
            if product.price is not None:
                self._price[row] = float(product.price)
            self._currency[row] = currency_code[product.currency]
            for colour in product.colours:
                if product.in_stock(colour=colour):
                    postings["colours"][_key(colour)].append(row)
            for size in product.sizes:
                if product.in_stock(size=size):
                    postings["sizes"][_key(size)].append(row)
            for level in _category_levels(product.category_path):
                postings["categories"][_key(level)].append(row)
            if product.brand:
                postings["brands"][_key(product.brand)].append(row)
            if product.in_stock():
                in_stock.append(row)
        self._postings = {
            name: {value: np.asarray(rows, dtype=np.int64) for value, rows in table.items()}
            for name, table in postings.items()
        }
        self._in_stock = np.asarray(in_stock, dtype=np.int64)

    def rows(self, filters: ProductFilters) -> Rows | None:
        """Rows that may pass ``filters`` (sorted), or ``None`` when nothing is filtered."""
        if filters.is_empty():
            return None
        selected: Rows | None = None
        for name in ("colours", "sizes", "categories", "brands"):
            values: tuple[str, ...] = getattr(filters, name)
            if values:
                selected = _intersect(selected, self._any(name, values))
        if filters.in_stock:
            selected = _intersect(selected, self._in_stock)
        if filters.price is not None:
            selected = _intersect(selected, self._price_rows(filters))
        return _NO_ROWS if selected is None else selected

    def _any(self, facet: str, values: Iterable[str]) -> Rows:
        table = self._postings[facet]
        found = [table[_key(v)] for v in values if _key(v) in table]
        if not found:
            return _NO_ROWS
        return found[0] if len(found) == 1 else np.unique(np.concatenate(found))

    def _price_rows(self, filters: ProductFilters) -> Rows:
        price_range = filters.price
        assert price_range is not None
        prices = self._price
        if price_range.currency:
            target = price_range.currency
            factors = np.array([_rate(code, target) for code in self.currencies])
            prices = prices * factors[self._currency] if len(factors) else prices
        keep = ~np.isnan(prices)
        # Prices are kept to the cent; compare with a half-cent tolerance after conversion.
        if price_range.minimum is not None:
            keep &= prices >= float(price_range.minimum) - 0.005
        if price_range.maximum is not None:
            keep &= prices <= float(price_range.maximum) + 0.005
        return np.flatnonzero(keep).astype(np.int64)


def _rate(source: str, target: str) -> float:
    """What one unit of ``source`` is in ``target``; NaN (never in range) without a rate."""
    try:
        return float(convert_price(Decimal(1), source, target))
    except ValueError:
        return float("nan")


def _intersect(left: Rows | None, right: Rows) -> Rows:
    if left is None:
        return right
    return np.intersect1d(left, right, assume_unique=True)
