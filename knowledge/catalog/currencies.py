"""Currencies: the ISO 4217 codes a catalog may use (:data:`core.currencies.KNOWN_CURRENCIES`),
the one table of reference exchange rates, the one conversion every part of the project uses,
and the shop's storefront: the one currency shoppers see prices in.

>>> convert_price(Decimal("86"), "GBP", "EUR")
Decimal('100.00')
>>> shop = Storefront.of("GBP", {"EUR": Decimal("1.20")})
>>> shop.price(Decimal("120"), "EUR")
ShownPrice(amount=Decimal('100.00'), currency='GBP', converted=True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from core.currencies import KNOWN_CURRENCIES

if TYPE_CHECKING:
    from core.settings import Settings
    from knowledge.catalog.schema import CatalogProduct

__all__ = [
    "DEFAULT_STOREFRONT_CURRENCY",
    "KNOWN_CURRENCIES",
    "RATES",
    "ShownPrice",
    "Storefront",
    "convert_price",
]

#: Approximate reference rates: units of each currency for one euro. The demo catalog's
#: prices, the demo orders' prices and, unless the shop sets its own
#: (``SHOPBOT_EXCHANGE_RATES``), the storefront's conversions all use them: good enough to
#: compare a shopper's budget with a price, not to charge anyone. Override or extend at
#: start-up, e.g. ``RATES["JPY"] = Decimal("160")``; a currency missing here (and from the
#: shop's rates) cannot be converted.
RATES: dict[str, Decimal] = {
    "EUR": Decimal("1"), "USD": Decimal("1.08"), "GBP": Decimal("0.86"),
    "CHF": Decimal("0.95"), "SEK": Decimal("11.4"), "AUD": Decimal("1.65"),
}  # fmt: skip

#: The storefront currency of a shop that sets none (``SHOPBOT_STOREFRONT_CURRENCY``).
DEFAULT_STOREFRONT_CURRENCY = "EUR"

_CENT = Decimal("0.01")


def convert_price(
    amount: Decimal,
    from_currency: str,
    to_currency: str,
    rates: Mapping[str, Decimal] | None = None,
) -> Decimal:
    """``amount`` in ``from_currency`` expressed in ``to_currency``, to the cent.

    ``rates`` are units of each currency for one unit of a common base (any base: only
    their ratios count); :data:`RATES` when not given. Raises ``ValueError`` when either
    currency has no rate.
    """
    table = RATES if rates is None else rates
    source, target = from_currency.strip().upper(), to_currency.strip().upper()
    if source == target:
        return Decimal(amount)
    if source not in table or target not in table:
        raise ValueError(f"no exchange rate for {source} -> {target}")
    converted = Decimal(amount) / table[source] * table[target]
    return converted.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class ShownPrice:
    """A price as the shopper sees it: ``converted`` when it was not in the catalog's
    currency already (the reply then says so)."""

    amount: Decimal
    currency: str
    converted: bool = False


@dataclass(frozen=True)
class Storefront:
    """The shop's storefront currency and its exchange rates.

    ``rates`` are units of each currency for **one unit of the storefront currency** (for a
    shop in pounds, ``{"EUR": 1.17, "USD": 1.26}``); the storefront's own rate is 1.
    :meth:`of` builds them from the shop's own rates and the reference :data:`RATES`.
    Every price shown to a shopper and every price filter goes through :meth:`price`.
    """

    currency: str = DEFAULT_STOREFRONT_CURRENCY
    rates: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType(dict(RATES)))

    @classmethod
    def of(cls, currency: str, own_rates: Mapping[str, Decimal] | None = None) -> Storefront:
        """The storefront in ``currency``: the shop's ``own_rates`` (units per storefront
        unit) win; every other currency with a reference rate gets it, rebased to the
        storefront (possible only when the storefront currency has a reference rate)."""
        code = currency.strip().upper()
        table: dict[str, Decimal] = {}
        if code in RATES:
            base = RATES[code]
            table.update({other: rate / base for other, rate in RATES.items()})
        own = own_rates or {}
        table.update({other.strip().upper(): Decimal(rate) for other, rate in own.items()})
        table[code] = Decimal(1)
        return cls(code, MappingProxyType(table))

    @classmethod
    def from_settings(cls, settings: Settings) -> Storefront:
        """The storefront ``SHOPBOT_STOREFRONT_CURRENCY`` and ``SHOPBOT_EXCHANGE_RATES`` set
        (the settings have checked both at start-up)."""
        return cls.of(settings.storefront_currency, settings.exchange_rates)

    def can_show(self, currency: str) -> bool:
        """Whether prices in ``currency`` can be shown in the storefront currency."""
        code = currency.strip().upper()
        return code == self.currency or code in self.rates

    def price(self, amount: Decimal, currency: str) -> ShownPrice:
        """``amount`` in ``currency`` as the shopper sees it: in the storefront currency, to
        the cent, with :func:`convert_price` and the shop's rates; a currency without a rate
        stays as it is (and is not marked converted)."""
        code = currency.strip().upper()
        if code == self.currency:
            return ShownPrice(Decimal(amount), code)
        try:
            converted = convert_price(amount, code, self.currency, self.rates)
        except ValueError:
            return ShownPrice(Decimal(amount), code)
        return ShownPrice(converted, self.currency, converted=True)

    def product_price(self, product: CatalogProduct) -> ShownPrice | None:
        """A product's price as the shopper sees it; ``None`` when it has none."""
        if product.price is None:
            return None
        return self.price(product.price, product.currency)
