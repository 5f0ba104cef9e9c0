"""Money as people read it: the one format of an amount with its currency.

Babel's CLDR data in the locale of the reply language (:data:`core.languages.LOCALES`;
English's for any other language): ``format_money(Decimal("49.9"), "EUR")`` is ``"€49.90"``,
``"49,90 €"`` in German, ``"€ 49,90"`` in Dutch, ``"US$49.90"`` for dollars in English. The
bot's answers, the search's price filters and the command line's tables all use it;
machine-readable output (``--json``, catalog files) keeps plain numbers and ISO codes.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, format_decimal

from core.languages import DEFAULT_LANGUAGE, LOCALES

__all__ = ["format_amount", "format_money", "locale_for"]

_AMOUNT_PATTERN = "#,##0.00"


def locale_for(language: str | None) -> str:
    """The CLDR locale of a conversation language (``"de"`` -> ``"de_DE"``; English's for a
    language the bot does not speak)."""
    code = (language or DEFAULT_LANGUAGE).lower()[:2]
    return LOCALES.get(code, LOCALES[DEFAULT_LANGUAGE])


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """``Decimal("49.9"), "EUR"`` -> ``"€49.90"`` (en) or ``"49,90 €"`` (de)."""
    return format_currency(amount, currency, locale=locale_for(language))


def format_amount(amount: Decimal, language: str | None = None) -> str:
    """An amount whose currency is left open, to the cent: ``"1,049.50"`` (en),
    ``"1.049,50"`` (de)."""
    return format_decimal(amount, format=_AMOUNT_PATTERN, locale=locale_for(language))
