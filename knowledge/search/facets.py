"""Attribute filters over the whole catalog at once, fast enough for a million products.

:class:`FacetTable` keeps, per facet value (a colour, a size, a brand, a category name),
the sorted row numbers of the products that have it, and the prices as one array. A
:class:`~knowledge.query.ProductFilters` becomes the rows that can pass it with a few
boolean masks (one pass over each posting list, no sorting) instead of one Python call per
product. Colours and sizes are
indexed by *availability* (listed, and in stock when the product tracks stock), which is
what :meth:`ProductFilters.matches` asks; the engine still checks ``matches`` exactly on
what it shows, so a colour-and-size pair that exists only as two different variants is
never offered. Prices stay in the catalog's currencies: a price filter's bounds are
converted to each of them once per query (with the shop's
:class:`~knowledge.catalog.currencies.Storefront` rates, widened by two storefront cents:
a superset), and ``matches`` then compares the storefront price exactly.

A table is saved as one ``.npz`` file (:meth:`FacetTable.save`, :meth:`FacetTable.load`):
loading it takes milliseconds where building it walks every product.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from knowledge.catalog.currencies import Storefront
from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct
from knowledge.query import PriceRange, ProductFilters, convert_price

__all__ = ["FacetTable", "Rows"]

Rows = npt.NDArray[np.int64]

_FACETS = ("colours", "sizes", "categories", "brands")


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
        postings: dict[str, dict[str, list[int]]] = {name: defaultdict(list) for name in _FACETS}
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
        self._out_of_stock_rows: Rows | None = None

    def save(self, path: str | Path) -> None:
        """Write the table to ``path`` (one ``.npz`` file, no pickles)."""
        arrays: dict[str, Any] = {
            "price": self._price, "currency": self._currency, "in_stock": self._in_stock,
        }  # fmt: skip
        values: dict[str, list[str]] = {}
        for name in _FACETS:
            table = self._postings[name]
            values[name] = list(table)
            lengths = [len(rows) for rows in table.values()]
            arrays[f"{name}_offsets"] = np.cumsum([0, *lengths], dtype=np.int64)
            arrays[f"{name}_rows"] = (
                np.concatenate(list(table.values())) if table else np.zeros(0, dtype=np.int64)
            )
        meta = {"size": self.size, "currencies": self.currencies, "values": values}
        with open(path, "wb") as file:
            np.savez(file, meta=np.array(json.dumps(meta)), **arrays)

    @classmethod
    def load(cls, path: str | Path) -> FacetTable:
        """A table written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            table = cls.__new__(cls)
            table.size = int(meta["size"])
            table.currencies = tuple(meta["currencies"])
            table._price = data["price"]
            table._currency = data["currency"]
            table._in_stock = data["in_stock"]
            table._out_of_stock_rows = None
            table._postings = {}
            for name in _FACETS:
                offsets, rows = data[f"{name}_offsets"], data[f"{name}_rows"]
                table._postings[name] = {
                    value: rows[offsets[i] : offsets[i + 1]]
                    for i, value in enumerate(meta["values"][name])
                }
        return table

    def rows(self, filters: ProductFilters, storefront: Storefront | None = None) -> Rows | None:
        """Rows that may pass ``filters`` (sorted), or ``None`` when nothing is filtered;
        prices as shown in ``storefront`` when given."""
        if filters.is_empty():
            return None
        keep = np.ones(self.size, dtype=bool)
        for name in _FACETS:
            values: tuple[str, ...] = getattr(filters, name)
            if values:
                keep &= self._any(name, values)
        if filters.in_stock:
            keep[self._out_of_stock()] = False
        if filters.price is not None:
            keep &= self._price_mask(filters, storefront)
        return np.flatnonzero(keep).astype(np.int64)

    def _any(self, facet: str, values: Iterable[str]) -> npt.NDArray[np.bool_]:
        """Rows having any of ``values`` as a mask (postings can be large at scale: a mask
        is one pass over them, where merging sorted rows would sort them)."""
        table = self._postings[facet]
        mask = np.zeros(self.size, dtype=bool)
        for value in values:
            rows = table.get(_key(value))
            if rows is not None:
                mask[rows] = True
        return mask

    def _out_of_stock(self) -> Rows:
        if self._out_of_stock_rows is None:
            mask = np.ones(self.size, dtype=bool)
            mask[self._in_stock] = False
            self._out_of_stock_rows = np.flatnonzero(mask)
        return self._out_of_stock_rows

    def _price_mask(
        self, filters: ProductFilters, storefront: Storefront | None
    ) -> npt.NDArray[np.bool_]:
        price_range = filters.price
        assert price_range is not None
        keep = np.zeros(self.size, dtype=bool)
        valued = ~np.isnan(self._price)
        for number, code in enumerate(self.currencies):
            bounds, slack = _bounds_in(price_range, code, storefront)
            if bounds is None:  # no rate: never in range
                continue
            here = valued & (self._currency == number)
            if bounds.minimum is not None:
                here &= self._price >= float(bounds.minimum) - slack
            if bounds.maximum is not None:
                here &= self._price <= float(bounds.maximum) + slack
            keep |= here
        return keep


#: Prices are kept to the cent: compare with a half-cent tolerance.
_HALF_CENT = 0.005
#: Storefront cents a converted bound is widened by (two roundings of a cent each side).
_STOREFRONT_SLACK = Decimal("0.02")


def _bounds_in(
    price_range: PriceRange, currency: str, storefront: Storefront | None
) -> tuple[PriceRange | None, float]:
    """The range's bounds in the catalog currency ``currency`` and the tolerance to compare
    with. In a storefront, bounds without a currency are in the storefront's; converted
    bounds get two storefront cents of slack (``matches`` decides exactly afterwards)."""
    if storefront is None or not storefront.can_show(currency):
        rates = None if storefront is None else storefront.rates
        return price_range.in_currency(currency, rates), _HALF_CENT
    named = price_range.currency or storefront.currency
    bounds = PriceRange(price_range.minimum, price_range.maximum, named)
    bounds_here = bounds.in_currency(currency, storefront.rates)
    if named == currency == storefront.currency:  # nothing converted
        return bounds_here, _HALF_CENT
    slack = convert_price(_STOREFRONT_SLACK, storefront.currency, currency, storefront.rates)
    return bounds_here, float(slack) + 0.01
