"""What the verification tests share: a clock moved by hand, settings with a real secret."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from core.settings import Settings

__all__ = ["CLIENT_KEY_SECRET", "Clock", "morning_of", "verification_settings"]

#: The key of the attempts' HMACs in these tests (random, of real length).
CLIENT_KEY_SECRET = secrets.token_hex(24)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def morning_of(day: date) -> datetime:
    """9:00 UTC on ``day``."""
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def verification_settings(**limits: Any) -> Settings:
    """Settings with the test secret and ``limits`` (generous where not given)."""
    values: dict[str, Any] = {
        "client_key_secret": CLIENT_KEY_SECRET,
        "max_verification_failures": 50,
        "client_failure_limit": 50,
        "email_failure_limit": 50,
        "order_failure_limit": 50,
        "global_failure_limit": 10_000,
    }
    values.update(limits)
    return Settings(**values)
