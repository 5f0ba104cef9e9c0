"""Attribute filters read from a shopper's message, and what it means for a product to pass.

:class:`ProductFilters` is the contract between the query parser (which fills it) and the
search (which keeps only the products that :meth:`ProductFilters.matches`). Semantics, in
short (``docs/query.md`` has the long form):

- **price**: a product without a price never passes. With no currency named, the product's
  displayed price is compared as is (shoppers mean the number they see); with a currency
  named, the product's price is converted to it first (:func:`convert_price`). Bounds are
  inclusive.
- **colours / sizes**: the product lists one of them (case-insensitive); when the product
  tracks stock, some variant in one of those colours and one of those sizes has units.
- **categories**: any level of the category path equals one of them (case-insensitive).
- **brands**: the product's brand equals one of them (case-insensitive).
- **in_stock**: some variant has units (untracked stock counts as available).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct

__all__ = ["FILTER_NAMES", "RATES", "PriceRange", "ProductFilters", "convert_price"]

#: Approximate reference rates: units of each currency for one euro. They are the demo
#: catalog's rates (``knowledge.catalog.generate._RATES``), good enough to compare a
#: shopper's budget with a price, not to charge anyone. Override or extend at start-up,
#: e.g. ``RATES["CHF"] = Decimal("0.95")``; a currency missing here cannot be converted.
RATES: dict[str, Decimal] = {"EUR": Decimal("1"), "USD": Decimal("1.08"), "GBP": Decimal("0.86")}

#: The filter names, in the order of :meth:`ProductFilters.active_names`.
FILTER_NAMES = ("price", "colours", "sizes", "categories", "brands", "in_stock")

_CENT = Decimal("0.01")
_DEFAULTS: dict[str, Any] = {
    "price": None, "colours": (), "sizes": (), "categories": (), "brands": (), "in_stock": False
}  # fmt: skip


def convert_price(amount: Decimal, from_currency: str, to_currency: str) -> Decimal:
    """``amount`` in ``from_currency`` expressed in ``to_currency`` with :data:`RATES`, to the cent.

    Raises ``ValueError`` when either currency has no rate.
    """
    source, target = from_currency.strip().upper(), to_currency.strip().upper()
    if source == target:
        return Decimal(amount)
    if source not in RATES or target not in RATES:
        raise ValueError(f"no exchange rate for {source} -> {target}")
    converted = Decimal(amount) / RATES[source] * RATES[target]
    return converted.quantize(_CENT, rounding=ROUND_HALF_UP)


def _fold(values: Iterable[str]) -> frozenset[str]:
    return frozenset(value.strip().casefold() for value in values)


def _money(amount: Decimal, currency: str | None) -> str:
    text = f"{amount.quantize(_CENT)}"
    return f"{text} {currency}" if currency else text


def _alternatives(values: tuple[str, ...], noun: str) -> str:
    """ "a", "a or b", "a, b or c", "a, b, c or 4 more <noun>"."""
    if len(values) <= 3:
        return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
    return f"{', '.join(values[:3])} or {len(values) - 3} more {noun}"


@dataclass(frozen=True, slots=True)
class PriceRange:
    """Inclusive price bounds; ``currency`` is the ISO code the shopper named, if any."""

    minimum: Decimal | None = None
    maximum: Decimal | None = None
    currency: str | None = None

    @property
    def is_empty(self) -> bool:
        """True when neither bound is set."""
        return self.minimum is None and self.maximum is None

    def contains(self, amount: Decimal) -> bool:
        """Whether ``amount`` (already in this range's currency) lies within the bounds."""
        if self.minimum is not None and amount < self.minimum:
            return False
        return self.maximum is None or amount <= self.maximum

    def matches(self, product: CatalogProduct) -> bool:
        """Whether the product's price (converted when a currency is named) is in range."""
        if product.price is None:
            return False
        if self.currency is None:
            return self.contains(product.price)
        try:
            return self.contains(convert_price(product.price, product.currency, self.currency))
        except ValueError:
            return False

    def describe(self) -> str:
        """ "under 120.00 EUR", "from 40.00", "between 50.00 and 100.00 GBP"."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"between {_money(low, None)} and {_money(high, self.currency)}"
        if high is not None:
            return f"under {_money(high, self.currency)}"
        if low is not None:
            return f"from {_money(low, self.currency)}"
        return "any price"


@dataclass(frozen=True, slots=True)
class ProductFilters:
    """The attribute filters of one message; every set filter must pass (see the module)."""

    price: PriceRange | None = None
    colours: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    in_stock: bool = False

    def active_names(self) -> tuple[str, ...]:
        """The names of the filters that are set, in :data:`FILTER_NAMES` order."""
        return tuple(name for name in FILTER_NAMES if self._is_set(name))

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return not self.active_names()

    def without(self, *names: str) -> ProductFilters:
        """A copy with the named filters cleared (e.g. to relax a search that found nothing)."""
        unknown = [name for name in names if name not in FILTER_NAMES]
        if unknown:
            raise ValueError(f"unknown filter names: {', '.join(unknown)}")
        return replace(self, **{name: _DEFAULTS[name] for name in names})

    def matches(self, product: CatalogProduct) -> bool:
        """Whether ``product`` passes every filter that is set."""
        if self.price is not None and not self.price.is_empty and not self.price.matches(product):
            return False
        if self.brands and product.brand.strip().casefold() not in _fold(self.brands):
            return False
        if self.categories and not self._category_matches(product):
            return False
        if (self.colours or self.sizes) and not self._variant_matches(product):
            return False
        return not self.in_stock or product.in_stock()

    def describe(self) -> list[str]:
        """Short English phrases, e.g. ``["under 120.00 EUR", "size 43", "in black"]``."""
        phrases: list[str] = []
        if self.price is not None and not self.price.is_empty:
            phrases.append(self.price.describe())
        if self.colours:
            colours = tuple(colour.lower() for colour in self.colours)
            phrases.append("in " + _alternatives(colours, "colours"))
        if self.sizes:
            phrases.append("size " + _alternatives(self.sizes, "sizes"))
        if self.categories:
            phrases.append("in " + _alternatives(self.categories, "categories"))
        if self.brands:
            phrases.append("by " + _alternatives(self.brands, "brands"))
        if self.in_stock:
            phrases.append("in stock")
        return phrases

    # --- Helpers -------------------------------------------------------------------------

    def _is_set(self, name: str) -> bool:
        if name == "price":
            return self.price is not None and not self.price.is_empty
        return bool(getattr(self, name))

    def _category_matches(self, product: CatalogProduct) -> bool:
        wanted = _fold(self.categories)
        levels = product.category_path.split(CATEGORY_SEPARATOR.strip())
        return any(level.strip().casefold() in wanted for level in levels)

    def _variant_matches(self, product: CatalogProduct) -> bool:
        """Listed in a wanted colour and size, with units in one such variant if tracked."""
        colours: list[str | None] = [None]
        sizes: list[str | None] = [None]
        if self.colours:
            wanted = _fold(self.colours)
            colours = [c for c in product.colours if c.casefold() in wanted]
        if self.sizes:
            wanted = _fold(self.sizes)
            sizes = [s for s in product.sizes if s.casefold() in wanted]
        if not colours or not sizes:
            return False
        if not product.tracks_stock:
            return True
        return any(product.in_stock(colour, size) for colour in colours for size in sizes)
