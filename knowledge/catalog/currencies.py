"""Currencies: the ISO 4217 codes a catalog may use (active codes, 2025) and the one table
of reference exchange rates, with the conversion every part of the project uses.

>>> convert_price(Decimal("86"), "GBP", "EUR")
Decimal('100.00')
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["KNOWN_CURRENCIES", "RATES", "convert_price"]

#: Approximate reference rates: units of each currency for one euro. The demo catalog's
#: prices, the demo orders' prices and the search's price filters all use them: good
#: enough to compare a shopper's budget with a price, not to charge anyone. Override or
#: extend at start-up, e.g. ``RATES["JPY"] = Decimal("160")``; a currency missing here
#: cannot be converted.
RATES: dict[str, Decimal] = {
    "EUR": Decimal("1"), "USD": Decimal("1.08"), "GBP": Decimal("0.86"),
    "CHF": Decimal("0.95"), "SEK": Decimal("11.4"), "AUD": Decimal("1.65"),
}  # fmt: skip

_CENT = Decimal("0.01")


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


#: Active ISO 4217 alphabetic codes (no funds, precious metals or testing codes).
# fmt: off
KNOWN_CURRENCIES: frozenset[str] = frozenset((
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
))
# fmt: on
