"""Locale formatting, the policy document, settings, redaction."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from actions.formatting import format_day, format_lines
from core.errors import PolicyError
from core.redaction import RedactingFilter, redact
from core.settings import PROJECT_ROOT, Settings
from core.views import LineView
from knowledge.policy import TOPICS, load_policy


def test_dates_follow_the_locale() -> None:  # money: tests/unit/test_money.py
    assert format_day(date(2026, 11, 24)) == "Tuesday, 24 November 2026"
    assert format_day(date(2026, 11, 24), "fr") == "mardi 24 novembre 2026"
    assert format_day(None) == "-"


def test_lines() -> None:
    lines = [LineView(1, "SKU1", "Trail shoes", 2, Decimal("89"), False)]
    assert format_lines(lines, "USD") == "- 2 x Trail shoes (US$89.00)"
    assert format_lines(lines, "USD", numbered=True).startswith("1. ")


def test_policy_has_every_topic_with_facts_filled_in() -> None:
    policy = load_policy(PROJECT_ROOT / "knowledge" / "policies", "en")
    for topic in TOPICS:
        assert policy.answer(topic)
        assert "{" not in policy.answer(topic)
    assert f"{policy.facts.return_window_days} days" in policy.answer("returns")


def test_unknown_language_falls_back_to_english() -> None:
    assert load_policy(PROJECT_ROOT / "knowledge" / "policies", "xx").language == "en"


def test_broken_policy_is_a_policy_error(tmp_path: Path) -> None:
    (tmp_path / "store.yml").write_text("return_window_days: 30\n", encoding="utf-8")
    (tmp_path / "en.md").write_text("## shipping\nFree over {missing_fact}.\n", encoding="utf-8")
    with pytest.raises(PolicyError):
        load_policy(tmp_path, "en")


def test_database_url_from_either_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SHOPBOT_DATABASE_URL", "sqlite:///other.db")
    assert Settings().database_url == "sqlite:///other.db"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/shop")
    assert Settings().database_url == "postgresql+psycopg://db/shop"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail anna.berg@example.com now", "mail [email] now"),
        ("card 4111 1111 1111 1111 thanks", "card [card] thanks"),
        ("call +49 30 1234 5678", "call [phone]"),
        ("I live at 12 Baker Street", "I live at [address]"),
        ("Lagerstrasse 12, Berlin", "[address], Berlin"),
        ("order 100234 is late", "order 100234 is late"),
    ],
)
def test_redaction(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_log_records_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("shopbot.test")
    caplog.handler.addFilter(RedactingFilter())
    logger.warning("lookup for %s failed", "anna.berg@example.com")
    assert "anna.berg" not in caplog.text and "[email]" in caplog.text
