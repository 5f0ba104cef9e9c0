"""Dates and item lists as the shopper reads them, in their locale (Babel's CLDR data).
Money has one format everywhere: :func:`core.money.format_money`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from babel.dates import format_date

from core.money import format_money, locale_for
from core.views import LineView

__all__ = ["format_day", "format_lines"]


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
