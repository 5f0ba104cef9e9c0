"""What shoppers type: order numbers, emails, item choices."""

from __future__ import annotations

import pytest

from actions.parsing import parse_email, parse_line_selection, parse_order_number, suggest_email_fix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100234", "100234"),
        ("#100234", "100234"),
        ("# 100234", "100234"),
        ("order 100 234", "100234"),
        ("100-234", "100234"),
        ("order no. 100234, it still hasn't come", "100234"),
        ("my order is 100234 and my phone 0176 55501234", "100234"),
        ("#12", None),
        ("1002345", None),
        ("call me on +49 30 1234567", None),
        ("", None),
        (None, None),
        ("📦📦", None),
        # The digits of an email are no order number (a shopper's address, a test's).
        ("erase.083223fd@example.org", None),
        ("jo100234@example.com", None),
        ("order 100234, email jo.555123@example.com", "100234"),
    ],
)
def test_order_numbers(text: str | None, expected: str | None) -> None:
    assert parse_order_number(text) == expected


def test_order_number_in_a_very_long_message_is_looked_for_in_the_first_part_only() -> None:
    assert parse_order_number("x " * 5000 + "100234") is None
    assert parse_order_number("100234 " + "x " * 5000) == "100234"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna.berg@example.com", "anna.berg@example.com"),
        ("My email is Anna.Berg@Example.COM.", "anna.berg@example.com"),
        ("o'neil+shop@example.co.uk", "o'neil+shop@example.co.uk"),
        ("anna@example", None),
        ("anna@@example.com", None),
        ("anna..berg@example.com", None),
        ("no email here", None),
    ],
)
def test_emails(text: str, expected: str | None) -> None:
    assert parse_email(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna@gmial.com", "anna@gmail.com"),
        ("anna@gmail,com", "anna@gmail.com"),
        ("anna@gmail", "anna@gmail.com"),
        ("anna@hotmial.com", "anna@hotmail.com"),
        ("anna@gmail.com", None),
        ("anna@example.fr", None),
        ("anna@my-company.com", None),
        ("not an email", None),
    ],
)
def test_email_typo_suggestions(text: str, expected: str | None) -> None:
    assert suggest_email_fix(text) == expected


TITLES = ["Trail running shoes", "Merino wool socks", "Insulated water bottle"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", [0]),
        ("2 and 3", [1, 2]),
        ("the second one", [1]),
        ("the last", [2]),
        ("all", [0, 1, 2]),
        ("all of them", [0, 1, 2]),
        ("the socks", [1]),
        ("the water bottle", [2]),
        ("7", None),
        ("the purple elephant", None),
        ("", None),
    ],
)
def test_line_selection(text: str, expected: list[int] | None) -> None:
    assert parse_line_selection(text, TITLES) == expected
