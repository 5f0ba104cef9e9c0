"""Tests of ``bot.channels.limits``, ``bot.channels.replays`` and ``bot.channels.refusals``:
token buckets per conversation and per client, the body read within its size, the record
of deliveries handled, and the refusals' texts in every reply language.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot -k channel --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

pytest.importorskip(
    "rasa",
    reason="needs the Rasa environment: .venv-rasa/bin/python -m pytest tests/bot "
    "--confcutdir tests/bot -p no:cacheprovider",
)

from bot.channels.config import ChannelConfigurationError
from bot.channels.limits import (
    DEFAULT_MAX_REQUEST_BYTES,
    DEFAULT_RATE_PER_CLIENT,
    DEFAULT_RATE_PER_CONVERSATION,
    ChannelLimits,
    MessageGate,
    RateLimiter,
    Refusal,
    read_body,
)
from bot.channels.refusals import (
    REFUSAL_TEXTS,
    language_of,
    rate_limited,
    refusal_text,
    request_too_large,
)
from bot.channels.replays import DeliveryRecord
from core.languages import REPLY_LANGUAGES


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- rates --------------------------------------------------------------------------


def test_a_bucket_allows_its_rate_at_once_then_refills_over_the_minute() -> None:
    clock = Clock()
    limiter = RateLimiter(6, clock=clock)  # one every 10 s
    assert [limiter.take("a") for _ in range(6)] == [0.0] * 6
    assert limiter.take("a") == pytest.approx(10.0)
    clock.now += 5
    assert limiter.take("a") == pytest.approx(5.0)  # half refilled
    clock.now += 5
    assert limiter.take("a") == 0.0
    assert limiter.take("b") == 0.0  # keys are independent
    clock.now += 3600
    assert [limiter.take("a") for _ in range(6)] == [0.0] * 6  # full again, never more
    assert limiter.take("a") > 0


def test_a_flood_does_not_earn_more_than_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(60, clock=clock)
    allowed = 0
    for _ in range(600):  # ten attempts a second for a minute
        allowed += limiter.take("flooder") == 0.0
        clock.now += 0.1
    assert 60 <= allowed <= 121  # the burst, then one a second


def test_the_buckets_are_bounded() -> None:
    limiter = RateLimiter(1, max_keys=3, clock=Clock())
    for key in "abcde":
        limiter.take(key)
    assert len(limiter._buckets) == 3


def test_the_gate_counts_the_client_first_then_the_conversation() -> None:
    gate = MessageGate(ChannelLimits(per_conversation=2, per_client=4), clock=Clock())
    assert gate.admit("c1", "ana") is None
    assert gate.admit("c1", "ana") is None
    refusal = gate.admit("c1", "ana")
    assert refusal is not None and refusal.scope == "conversation" and refusal.retry_after >= 1
    # The refused attempt counted for the client: one left, in another conversation.
    refusal = gate.admit("c2", "ana")
    assert refusal is None
    refusal = gate.admit("c3", "ana")
    assert refusal == Refusal("client", 15)  # one every 60 / 4 seconds
    # Other clients and their conversations are not affected.
    assert gate.admit("c4", "bea") is None


def test_limits_come_from_the_credentials_with_defaults() -> None:
    assert ChannelLimits.from_credentials("x", {}) == ChannelLimits(
        DEFAULT_RATE_PER_CONVERSATION, DEFAULT_RATE_PER_CLIENT, DEFAULT_MAX_REQUEST_BYTES
    )
    limits = ChannelLimits.from_credentials(
        "x", {"rate_per_conversation": "5", "rate_per_client": " 9 ", "max_request_bytes": ""}
    )
    assert limits == ChannelLimits(5, 9, DEFAULT_MAX_REQUEST_BYTES)
    for bad in ("0", "-1", "many", "1.5"):
        with pytest.raises(ChannelConfigurationError, match="rate_per_client"):
            ChannelLimits.from_credentials("x", {"rate_per_client": bad})


# --- sizes --------------------------------------------------------------------------


class _Stream:
    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)
        self.read_count = 0

    async def read(self) -> bytes | None:
        self.read_count += 1
        return self.chunks.pop(0) if self.chunks else None


class _Request:
    def __init__(self, chunks: list[bytes], declared: str | None = None) -> None:
        self.headers: dict[str, str] = {}
        if declared is not None:
            self.headers["content-length"] = declared
        self.body = b""
        self.stream = _Stream(chunks)


def _read(request: Any, limit: int) -> bytes | None:
    return asyncio.run(read_body(request, limit))


def test_a_body_within_the_limit_is_read_and_kept() -> None:
    request = _Request([b'{"a"', b": 1}"], declared="8")
    assert _read(request, 8) == b'{"a": 1}'
    assert request.body == b'{"a": 1}'


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    request = _Request([b"x" * 10], declared="1000001")
    assert _read(request, 1000) is None
    assert request.stream.read_count == 0


def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit() -> None:
    request = _Request([b"x" * 600, b"x" * 600, b"x" * 600])
    assert _read(request, 1000) is None
    assert request.stream.read_count == 2  # the third chunk is never asked for


@pytest.mark.parametrize("declared", ["lots", "-"])
def test_a_malformed_length_is_refused(declared: str) -> None:
    assert _read(_Request([b"x"], declared=declared), 1000) is None


# --- deliveries ---------------------------------------------------------------------


def test_a_delivery_is_handled_once_by_any_of_its_ids() -> None:
    clock = Clock()
    record = DeliveryRecord(ttl_seconds=60, clock=clock)
    assert record.first_time(["event:1", "message:m1"])
    assert not record.first_time(["event:1"])
    assert not record.first_time(["event:2", "message:m1"])  # the same message again
    assert record.first_time(["event:3", None, ""])
    assert record.first_time([]) and record.first_time([None])  # no id: never a duplicate
    clock.now += 61
    assert record.first_time(["event:1"])  # forgotten after its time


# --- refusals -----------------------------------------------------------------------


def test_every_refusal_has_a_text_in_every_reply_language() -> None:
    for code, texts in REFUSAL_TEXTS.items():
        assert set(texts) == set(REPLY_LANGUAGES), code
        assert all(text.strip() for text in texts.values()), code
    assert refusal_text("rate_limited", "xx") == REFUSAL_TEXTS["rate_limited"]["en"]


@pytest.mark.parametrize(
    ("header", "language"),
    [("de-DE,de;q=0.9,en;q=0.8", "de"), ("ja, fr;q=0.5", "fr"), ("", "en"), (None, "en")],
)
def test_the_callers_language_comes_from_accept_language(header: str | None, language: str) -> None:
    assert language_of(header) == language


def test_http_refusals_are_json_with_a_code_a_text_and_details() -> None:
    answer = rate_limited(Refusal("client", 7), "es")
    assert answer.status == 429 and answer.headers["Retry-After"] == "7"
    assert json.loads(answer.body) == {
        "error": "rate_limited",
        "message": REFUSAL_TEXTS["rate_limited"]["es"],
        "scope": "client",
        "retry_after": 7,
    }
    too_large = request_too_large(131072)
    assert too_large.status == 413
    assert json.loads(too_large.body)["limit_bytes"] == 131072
