"""Attribute filters read from a shopper's message, and what it means for a product to pass.

:class:`ProductFilters` is the contract between the query parser (which fills it) and the
search (which keeps only the products that :meth:`ProductFilters.matches`). Semantics, in
short (``docs/query.md`` has the long form):

- **price**: a product without a price never passes. Given the shop's
  :class:`~knowledge.catalog.currencies.Storefront` (the search always has one), the price
  compared is the one the shopper sees, in the storefront currency; with no currency named
  the bounds are in that currency too (shoppers mean the number they see), with a currency
  named they are converted to it first with the shop's rates (:func:`convert_price`).
  Without a storefront the catalog's own price is compared, the bounds converted to the
  product's currency when the shopper named another. Bounds are inclusive.
- **colours / sizes**: the product lists one of them (case-insensitive); when the product
  tracks stock, some variant in one of those colours and one of those sizes has units.
- **categories**: any level of the category path equals one of them (case-insensitive).
- **brands**: the product's brand equals one of them (case-insensitive).
- **in_stock**: some variant has units (untracked stock counts as available).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from typing import Any

from core.i18n import FILTER_WORDS, word
from core.languages import DEFAULT_LANGUAGE
from core.money import format_amount, format_money
from knowledge.catalog.currencies import RATES, Storefront, convert_price
from knowledge.catalog.schema import CATEGORY_SEPARATOR, CatalogProduct
from knowledge.query.lexicon import lexicon_for

__all__ = ["FILTER_NAMES", "RATES", "PriceRange", "ProductFilters", "convert_price"]

#: The filter names, in the order of :meth:`ProductFilters.active_names`.
FILTER_NAMES = ("price", "colours", "sizes", "categories", "brands", "in_stock")

_DEFAULTS: dict[str, Any] = {
    "price": None, "colours": (), "sizes": (), "categories": (), "brands": (), "in_stock": False
}  # fmt: skip


def _casefolded(values: Iterable[str]) -> frozenset[str]:
    """The values as case-insensitive keys (accents count: catalog values are compared)."""
    return frozenset(value.strip().casefold() for value in values)


def _money(amount: Decimal, currency: str | None, language: str = DEFAULT_LANGUAGE) -> str:
    """The one money format ("€120.00", "120,00 €"); digits alone without a currency."""
    if currency:
        return format_money(amount, currency, language)
    return format_amount(amount, language)


def _alternatives(values: tuple[str, ...], noun: str, language: str = DEFAULT_LANGUAGE) -> str:
    """ "a", "a or b", "a, b or c", "a, b, c or 4 more <noun>" (in ``language``)."""
    separator = word(FILTER_WORDS, "list", language)
    joiner = word(FILTER_WORDS, "or", language)
    if len(values) <= 3:
        return values[0] if len(values) == 1 else separator.join(values[:-1]) + joiner + values[-1]
    more = word(FILTER_WORDS, f"more_{noun}", language).format(count=len(values) - 3)
    return f"{separator.join(values[:3])}{joiner}{more}"


@cache
def _colour_names(language: str) -> dict[str, str]:
    """English colour -> the language's word for it ("black" -> "negro"); the first form
    of the query lexicon, so the shopper reads back the word they could have typed."""
    names: dict[str, str] = {}
    for form, english in lexicon_for(language).colours.items():
        names.setdefault(english, form)
    return names


def _colour_name(colour: str, language: str) -> str:
    if language == DEFAULT_LANGUAGE:
        return colour
    name = _colour_names(language).get(colour, colour)
    return name.capitalize() if language == "de" and name != colour else name  # "in Schwarz"


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

    def in_currency(
        self, currency: str, rates: Mapping[str, Decimal] | None = None
    ) -> PriceRange | None:
        """These bounds in ``currency`` (converted with ``rates``, the reference rates when
        not given, to the cent); unchanged when no currency is named; ``None`` when there is
        no rate to convert with."""
        if self.currency is None or self.currency == currency:
            return self
        try:
            low, high = (
                None if bound is None else convert_price(bound, self.currency, currency, rates)
                for bound in (self.minimum, self.maximum)
            )
        except ValueError:
            return None
        return PriceRange(low, high, currency)

    def matches(self, product: CatalogProduct, storefront: Storefront | None = None) -> bool:
        """Whether the product's price is in range: the price the shopper sees in the
        ``storefront`` (the catalog's own without one), against the bounds in its currency."""
        if product.price is None:
            return False
        if storefront is None:
            amount, currency, rates = product.price, product.currency, None
        else:
            shown = storefront.price(product.price, product.currency)
            amount, currency, rates = shown.amount, shown.currency, storefront.rates
        bounds = self.in_currency(currency, rates)
        return bounds is not None and bounds.contains(amount)

    def describe(self, language: str = DEFAULT_LANGUAGE) -> str:
        """ "under €120.00", "from 40.00", "between £50.00 and £100.00" (English); the
        words and money format of ``language`` otherwise ("menos de 120,00 €")."""
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return word(FILTER_WORDS, "price_between", language).format(
                low=_money(low, self.currency, language), high=_money(high, self.currency, language)
            )
        if high is not None:
            amount = _money(high, self.currency, language)
            return word(FILTER_WORDS, "price_under", language).format(amount=amount)
        if low is not None:
            amount = _money(low, self.currency, language)
            return word(FILTER_WORDS, "price_from", language).format(amount=amount)
        return word(FILTER_WORDS, "price_any", language)


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

    def matches(self, product: CatalogProduct, storefront: Storefront | None = None) -> bool:
        """Whether ``product`` passes every filter that is set (its price as the shopper
        sees it in ``storefront``, when given)."""
        price = self.price
        if price is not None and not price.is_empty and not price.matches(product, storefront):
            return False
        if self.brands and product.brand.strip().casefold() not in _casefolded(self.brands):
            return False
        if self.categories and not self._category_matches(product):
            return False
        if (self.colours or self.sizes) and not self._variant_matches(product):
            return False
        return not self.in_stock or product.in_stock()

    def describe(self, language: str = DEFAULT_LANGUAGE) -> list[str]:
        """Short phrases, e.g. ``["under €120.00", "size 43", "in black"]`` in English,
        ``["unter 120,00 €", "Größe 43", "in schwarz"]`` in German. Sizes, categories and
        brands stay as the catalog spells them; base colours read in ``language``."""
        language = (language or DEFAULT_LANGUAGE).lower()[:2]

        def phrase(key: str, values: tuple[str, ...]) -> str:
            template = word(FILTER_WORDS, key, language)
            return template.format(values=_alternatives(values, key, language))

        phrases: list[str] = []
        if self.price is not None and not self.price.is_empty:
            phrases.append(self.price.describe(language))
        if self.colours:
            colours = tuple(_colour_name(colour.lower(), language) for colour in self.colours)
            phrases.append(phrase("colours", colours))
        if self.sizes:
            phrases.append(phrase("sizes", self.sizes))
        if self.categories:
            phrases.append(phrase("categories", self.categories))
        if self.brands:
            phrases.append(phrase("brands", self.brands))
        if self.in_stock:
            phrases.append(word(FILTER_WORDS, "in_stock", language))
        return phrases

    # --- Helpers -------------------------------------------------------------------------

    def _is_set(self, name: str) -> bool:
        if name == "price":
            return self.price is not None and not self.price.is_empty
        return bool(getattr(self, name))

    def _category_matches(self, product: CatalogProduct) -> bool:
        wanted = _casefolded(self.categories)
        levels = product.category_path.split(CATEGORY_SEPARATOR.strip())
        return any(level.strip().casefold() in wanted for level in levels)

    def _variant_matches(self, product: CatalogProduct) -> bool:
        """Listed in a wanted colour and size, with units in one such variant if tracked."""
        colours: list[str | None] = [None]
        sizes: list[str | None] = [None]
        if self.colours:
            wanted = _casefolded(self.colours)
            colours = [c for c in product.colours if c.casefold() in wanted]
        if self.sizes:
            wanted = _casefolded(self.sizes)
            sizes = [s for s in product.sizes if s.casefold() in wanted]
        if not colours or not sizes:
            return False
        if not product.tracks_stock:
            return True
        return any(product.in_stock(colour, size) for colour in colours for size in sizes)
