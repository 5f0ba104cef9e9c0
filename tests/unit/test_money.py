"""The one money format: Babel's, in the locale of the reply language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.languages import LOCALES, REPLY_LANGUAGES
from core.money import format_amount, format_money, locale_for


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (None, "€1,049.50"),
        ("en", "€1,049.50"),
        ("es", "1.049,50\xa0€"),
        ("fr", "1\u202f049,50\xa0€"),
        ("de", "1.049,50\xa0€"),
        ("it", "1.049,50\xa0€"),
        ("pt", "1\xa0049,50\xa0€"),
        ("nl", "€\xa01.049,50"),
        ("zh", "€1,049.50"),
    ],
)
def test_money_is_written_the_way_the_reply_language_writes_it(
    language: str | None, expected: str
) -> None:
    assert format_money(Decimal("1049.5"), "EUR", language) == expected


def test_every_currency_keeps_its_own_symbol_and_cents() -> None:
    assert format_money(Decimal("49.9"), "EUR") == "€49.90"
    assert format_money(Decimal("120"), "GBP") == "£120.00"
    assert format_money(Decimal("89"), "USD") == "US$89.00"
    assert format_money(Decimal("89"), "USD", "de") == "89,00\xa0$"
    assert format_money(Decimal("499"), "SEK", "en") == "SEK499.00"
    assert format_money(Decimal("1000"), "JPY") == "JP¥1,000"  # no minor unit


def test_languages_the_bot_does_not_speak_get_english_and_regions_are_ignored() -> None:
    assert locale_for("ja") == locale_for(None) == locale_for("") == LOCALES["en"]
    assert locale_for("de-CH") == locale_for("DE") == "de_DE"
    assert format_money(Decimal("5"), "EUR", "ja") == format_money(Decimal("5"), "EUR")
    assert {locale_for(language) for language in REPLY_LANGUAGES} == set(LOCALES.values())


def test_an_amount_without_currency_has_the_same_digits() -> None:
    assert format_amount(Decimal("40")) == "40.00"
    assert format_amount(Decimal("1049.5"), "de") == "1.049,50"
    assert format_amount(Decimal("1049.5"), "fr") == "1\u202f049,50"
    for language in REPLY_LANGUAGES:
        assert format_amount(Decimal("1049.5"), language) in format_money(
            Decimal("1049.5"), "EUR", language
        )
