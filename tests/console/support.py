"""Helpers of the console tests: a fast clock, sign-in over HTTP, tokens read from pages."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from argon2 import PasswordHasher

__all__ = [
    "FAST_HASHER",
    "PASSWORD",
    "FakeClock",
    "csrf_token",
    "login_token",
    "secret",
    "sign_in",
]

#: Cheap argon2 parameters for service tests (the servers use argon2-cffi's defaults).
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse battery staple"
_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
_LOGIN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def secret() -> str:
    """A secret that passes the settings' rule (32+ random characters)."""
    return secrets.token_hex(24)


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 6, 15, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        """Move the clock forward."""
        self.now += timedelta(**delta)


def login_token(client: httpx.Client) -> str:
    """Open the sign-in page (which sets its cookie) and read the form's token."""
    page = client.get("/console/login")
    assert page.status_code == 200, page.text
    match = _LOGIN.search(page.text)
    assert match, "the sign-in form has no csrf_token field"
    return match.group(1)


def sign_in(
    client: httpx.Client, username: str, password: str = PASSWORD, **extra: str
) -> httpx.Response:
    """Submit the sign-in form as a browser does (its token from the page and cookie)."""
    token = login_token(client)
    data = {"username": username, "password": password, "csrf_token": token, **extra}
    return client.post("/console/login", data=data)


def csrf_token(client: httpx.Client) -> str:
    """The session's CSRF token, read from a console page's <meta name="csrf-token">."""
    page = client.get("/console/", follow_redirects=True)
    match = _META.search(page.text)
    assert match, f"no csrf-token on {page.url} ({page.status_code})"
    return match.group(1)
