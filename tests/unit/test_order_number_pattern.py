"""The order-number pattern: one for the NLU's regex entity and the Python side."""

from __future__ import annotations

import re

import pytest
import yaml

from core.settings import PROJECT_ROOT
from shop.orders import ORDER_NUMBER_PATTERN


def _nlu_pattern() -> str:
    data = yaml.safe_load((PROJECT_ROOT / "data" / "nlu" / "regex.yml").read_text("utf-8"))
    (entry,) = [item for item in data["nlu"] if item.get("regex") == "order_number"]
    lines = [line.strip() for line in entry["examples"].splitlines() if line.strip()]
    (pattern,) = [line.removeprefix("- ") for line in lines]
    return str(pattern)


def test_the_nlu_regex_is_the_python_pattern() -> None:
    assert _nlu_pattern() == ORDER_NUMBER_PATTERN


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("where is 100234?", ["100234"]),
        ("#100 234 please", ["#100 234"]),
        ("订单100234在哪里", ["100234"]),
        ("order no.100234", ["100234"]),
        ("1002345", []),
        ("erase.083223fd@example.org", []),
        ("my email is jo.100234@example.com", []),
        ("me@x100234.org", ["100234"]),  # a domain's digits are rare: not refused
        ("order 100234, jo@example.com", ["100234"]),
    ],
)
def test_what_the_pattern_finds(text: str, found: list[str]) -> None:
    assert [m.group() for m in re.finditer(ORDER_NUMBER_PATTERN, text)] == found
