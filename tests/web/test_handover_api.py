"""The hand-over API's reading of the ``Authorization`` header: a malformed one is no token
(401), never an error (the server's routes are tested end to end in tests/e2e)."""

from __future__ import annotations

import pytest

from shopbot.web.handover_api import bearer_token

TOKEN = "q3vQ0b-Zr5_kT9xW2mN8pL4sY7dF1gH6jK0cV3bA2eU"


@pytest.mark.parametrize(
    "header",
    [
        f"Bearer {TOKEN}",
        f"bearer {TOKEN}",
        f"  Bearer   {TOKEN}  ",
        "Bearer abc+/=",
    ],
)
def test_a_bearer_token_is_read(header: str) -> None:
    assert bearer_token(header) == header.split()[-1]


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        f"Basic {TOKEN}",
        f"Token {TOKEN}",
        TOKEN,
        "Bearer é",  # non-ASCII: 500 before the fix
        "Bearer \udcc3\udca9",  # undecodable bytes as the server hands them over
        "Bearér abc",
        "Bearer ab\tc",
        "Bearer a\x00b",
        "Bearer a b",
        "Bearer <script>",
        "Bearer " + "a" * 257,
    ],
)
def test_a_malformed_header_is_no_token(header: str) -> None:
    assert bearer_token(header) == ""
