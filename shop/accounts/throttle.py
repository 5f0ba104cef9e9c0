"""Sign-in throttling: too many failures for one user name, or from one client address,
within a window, and sign-in is refused until the oldest of them leaves the window.

Failures are stored as keyed hashes (HMAC-SHA256) of the name or address, so neither a
mistyped password in the name field nor a staff member's address is kept in the clear.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import delete, func, select

from core.db.account_models import LoginFailure
from core.db.base import utc_now
from core.db.database import Database
from shop.orders import Clock

__all__ = ["LoginThrottle", "derive_key"]


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose, derived from a server secret (HMAC-SHA256)."""
    return hmac.new(secret.encode(), f"shopbot:{purpose}".encode(), hashlib.sha256).digest()


class LoginThrottle:
    """Counts failed sign-ins per user name and per client address in a sliding window."""

    def __init__(
        self,
        db: Database,
        key: bytes,
        *,
        user_limit: int,
        client_limit: int,
        window: timedelta,
        clock: Clock = utc_now,
    ) -> None:
        if not key:
            raise ValueError("the throttle needs a non-empty key")
        self._db = db
        self._key = key
        self._limits = {"user": user_limit, "client": client_limit}
        self._window = window
        self._clock = clock

    def _subject(self, scope: str, value: str) -> str:
        text = value.strip().lower() if scope == "user" else value.strip()
        message = f"{scope}\0{text or '-'}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def _subjects(self, username: str, client: str) -> dict[str, str]:
        return {"user": self._subject("user", username), "client": self._subject("client", client)}

    def refused(self, username: str, client: str) -> bool:
        """True while the name or the address has reached its limit in the window."""
        since = self._clock() - self._window
        with self._db.session() as session:
            for scope, subject in self._subjects(username, client).items():
                count = session.scalar(
                    select(func.count())
                    .select_from(LoginFailure)
                    .where(
                        LoginFailure.scope == scope,
                        LoginFailure.subject == subject,
                        LoginFailure.created_at > since,
                    )
                )
                if (count or 0) >= self._limits[scope]:
                    return True
        return False

    def record_failure(self, username: str, client: str) -> None:
        """Count one failed sign-in for the name and the address; forget expired ones."""
        now = self._clock()
        with self._db.session() as session:
            session.execute(
                delete(LoginFailure).where(LoginFailure.created_at <= now - self._window)
            )
            for scope, subject in self._subjects(username, client).items():
                session.add(LoginFailure(scope=scope, subject=subject, created_at=now))

    def forget_user(self, username: str) -> None:
        """Clear the name's failures (after a successful sign-in or a new password)."""
        subject = self._subject("user", username)
        with self._db.session() as session:
            session.execute(
                delete(LoginFailure).where(
                    LoginFailure.scope == "user", LoginFailure.subject == subject
                )
            )
