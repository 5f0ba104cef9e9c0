"""Money, dates and item lists as the shopper reads them, in their locale (Babel's CLDR data)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency

from core.i18n import LOCALES
from core.views import LineView

__all__ = ["DEFAULT_LOCALE", "format_day", "format_lines", "format_money", "locale_for"]

DEFAULT_LOCALE = "en_GB"
_LOCALES = LOCALES


def locale_for(language: str | None) -> str:
    """The Babel locale used for a conversation language (``"de"`` -> ``"de_DE"``)."""
    return _LOCALES.get((language or "en").lower()[:2], DEFAULT_LOCALE)


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """``Decimal("49.9"), "EUR"`` -> ``"€49.90"`` (en) or ``"49,90 €"`` (de)."""
    return format_currency(amount, currency, locale=locale_for(language))


def format_day(value: date | datetime | None, language: str | None = None) -> str:
    """A date as a shopper reads it: ``"Tuesday, 24 November 2026"`` in English."""
    if value is None:
        return "-"
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, format="full", locale=locale_for(language))


def format_lines(
    lines: Iterable[LineView], currency: str, language: str | None = None, numbered: bool = False
) -> str:
    """One line per item: ``"2 x Trail boots (€89.00)"``, optionally numbered."""
    rows = []
    for position, line in enumerate(lines, start=1):
        prefix = f"{position}. " if numbered else "- "
        price = format_money(line.unit_price, currency, language)
        rows.append(f"{prefix}{line.quantity} x {line.title} ({price})")
    return "\n".join(rows)
