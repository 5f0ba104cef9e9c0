"""Currency codes and the shop's exchange rates as settings read them.

The list of active ISO 4217 codes lives here, on the lowest floor, so that the settings can
refuse an unknown storefront currency at start-up; the catalog's import checks the same list
(:mod:`knowledge.catalog.currencies` re-exports it, with the reference rates and the one
conversion).

>>> parse_exchange_rates('{"eur": 1.17, "USD": "1.26"}', "GBP")
{'EUR': Decimal('1.17'), 'USD': Decimal('1.26')}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from core.errors import ConfigurationError

__all__ = ["KNOWN_CURRENCIES", "parse_currency", "parse_exchange_rates"]


def parse_currency(
    value: object, variable: str = "SHOPBOT_STOREFRONT_CURRENCY", what: str = "the value"
) -> str:
    """An ISO 4217 code (any case, spaces ignored) in upper case; :class:`ConfigurationError`
    naming ``variable`` when it is not an active code (only a code-like value is repeated:
    settings never echo arbitrary values)."""
    code = str(value or "").strip().upper()
    if code not in KNOWN_CURRENCIES:
        shown = repr(code) if len(code) == 3 and code.isalpha() else what
        raise ConfigurationError(
            f"{variable}: {shown} is not an active ISO 4217 currency code (EUR, GBP, USD, ...)"
        )
    return code


def parse_exchange_rates(
    value: str | Mapping[str, object] | None,
    storefront: str,
    variable: str = "SHOPBOT_EXCHANGE_RATES",
) -> dict[str, Decimal]:
    """The shop's own rates: a JSON object (or the mapping already decoded) of ISO codes and
    the units of that currency one unit of the ``storefront`` currency buys, e.g.
    ``{"EUR": 1.17, "USD": 1.26}`` for a shop that sells in pounds. Empty or unset: none
    (the reference rates apply). The storefront's own entry, when given, must be 1.

    Raises :class:`ConfigurationError` naming ``variable`` for anything else: not an object,
    an unknown code, a rate that is not a positive finite number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    decoded: object = value
    if isinstance(value, str):
        try:
            decoded = json.loads(value, parse_float=Decimal, parse_int=Decimal)
        except ValueError:
            decoded = None
    if not isinstance(decoded, Mapping):
        raise ConfigurationError(
            f'{variable} must be a JSON object of currency codes and rates, e.g. {{"USD": 1.08}}'
        )
    rates: dict[str, Decimal] = {}
    for key, raw in decoded.items():
        code = parse_currency(key, variable, "a key")
        rate = _rate(raw)
        if rate is None:
            raise ConfigurationError(
                f"{variable}: the rate of {code} must be a positive number (units of {code} "
                f"for one {storefront})"
            )
        if code == storefront and rate != 1:
            raise ConfigurationError(
                f"{variable}: the storefront currency {code} is 1 by definition (rates are "
                f"units of each currency for one {storefront})"
            )
        rates[code] = rate
    return rates


def _rate(raw: object) -> Decimal | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        return None
    try:
        rate = Decimal(str(raw).strip())
    except InvalidOperation:
        return None
    return rate if rate.is_finite() and rate > 0 else None


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
