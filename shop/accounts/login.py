"""Signing in: throttling, then the password, then a new session.

Unknown user, wrong password and deactivated user get the same outcome, with one argon2
verification each; a refused attempt (throttled) does no password work at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shop.accounts.roles import SessionView
from shop.accounts.sessions import SessionStore
from shop.accounts.throttle import LoginThrottle
from shop.accounts.users import UserDirectory

__all__ = ["LoginOutcome", "LoginResult", "LoginService"]


class LoginOutcome(StrEnum):
    """How a sign-in ended."""

    SIGNED_IN = "signed_in"
    INVALID = "invalid"  # unknown user, wrong password or deactivated: one answer
    THROTTLED = "throttled"


@dataclass(frozen=True)
class LoginResult:
    """The outcome, and for a success the cookie's token and the session."""

    outcome: LoginOutcome
    token: str | None = None
    session: SessionView | None = None


class LoginService:
    """Signs users in and out."""

    def __init__(
        self, users: UserDirectory, sessions: SessionStore, throttle: LoginThrottle
    ) -> None:
        self._users = users
        self._sessions = sessions
        self._throttle = throttle

    def log_in(self, username: str, password: str, client: str) -> LoginResult:
        """Check the throttle, the password, then open a session."""
        if self._throttle.refused(username, client):
            return LoginResult(LoginOutcome.THROTTLED)
        user = self._users.authenticate(username, password)
        if user is None:
            self._throttle.record_failure(username, client)
            return LoginResult(LoginOutcome.INVALID)
        self._throttle.forget_user(user.username)
        token, session = self._sessions.open(user.username)
        return LoginResult(LoginOutcome.SIGNED_IN, token, session)

    def log_out(self, token: str | None) -> None:
        """End the session of ``token``."""
        self._sessions.revoke(token)
