"""Server-side console sessions: a random token in the browser, only its SHA-256 here.

A session ends at an absolute expiry (hours after sign-in), after an idle time without
requests, or when it is revoked: on sign-out, and for every session of a user who is
deactivated, gets another role or a new password.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from core.db.account_models import ConsoleSession, ConsoleUser
from core.db.base import utc_now
from core.db.database import Database
from core.errors import NotFoundError
from shop.accounts.roles import SessionView, user_view
from shop.orders import Clock

__all__ = ["MAX_TOKEN_LENGTH", "SessionStore", "revoke_sessions", "token_hash"]

#: Anything longer is not one of our tokens (43 characters); it is not even hashed.
MAX_TOKEN_LENGTH = 256
#: ``last_seen_at`` is written at most this often (not on every request).
_TOUCH_EVERY = timedelta(seconds=30)


def token_hash(token: str) -> str:
    """The SHA-256 hex digest stored for a token (32 random bytes need no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()


def revoke_sessions(session: Session, user_id: int, now: datetime) -> None:
    """Revoke every live session of one user, inside the caller's transaction."""
    session.execute(
        update(ConsoleSession)
        .where(ConsoleSession.user_id == user_id, ConsoleSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )


class SessionStore:
    """Opens, resolves and revokes console sessions."""

    def __init__(
        self,
        db: Database,
        *,
        lifetime: timedelta,
        idle: timedelta,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self._lifetime = lifetime
        self._idle = idle
        self._clock = clock

    def open(self, username: str) -> tuple[str, SessionView]:
        """A new session of an active user: ``(token for the cookie, session)``.

        Also removes sessions that have ended (expired, idle or revoked).
        """
        now = self._clock()
        token, csrf_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._db.session() as session:
            user = session.scalar(
                select(ConsoleUser).where(
                    ConsoleUser.username == username, ConsoleUser.active.is_(True)
                )
            )
            if user is None:
                raise NotFoundError("no active console user has this name")
            self._purge(session, now)
            record = ConsoleSession(
                token_hash=token_hash(token),
                user_id=user.id,
                csrf_token=csrf_token,
                created_at=now,
                last_seen_at=now,
                expires_at=now + self._lifetime,
            )
            session.add(record)
            session.flush()
            return token, SessionView(user_view(user), csrf_token, record.expires_at)

    def resolve(self, token: str | None) -> SessionView | None:
        """The live session of ``token``, or None; notes the activity (idle timer)."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        now = self._clock()
        with self._db.session() as session:
            row = session.execute(
                select(ConsoleSession, ConsoleUser)
                .join(ConsoleUser, ConsoleUser.id == ConsoleSession.user_id)
                .where(ConsoleSession.token_hash == token_hash(token))
            ).one_or_none()
            if row is None:
                return None
            record, user = row
            if (
                record.revoked_at is not None
                or not user.active
                or now >= record.expires_at
                or now - record.last_seen_at >= self._idle
            ):
                return None
            if now - record.last_seen_at >= _TOUCH_EVERY:
                record.last_seen_at = now
            return SessionView(user_view(user), record.csrf_token, record.expires_at)

    def revoke(self, token: str | None) -> None:
        """End the session of ``token`` (sign-out); nothing happens for an unknown token."""
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return
        with self._db.session() as session:
            session.execute(
                update(ConsoleSession)
                .where(
                    ConsoleSession.token_hash == token_hash(token),
                    ConsoleSession.revoked_at.is_(None),
                )
                .values(revoked_at=self._clock())
            )

    def count_live(self, username: str) -> int:
        """How many sessions of ``username`` are live now (for tests and the users page)."""
        now = self._clock()
        with self._db.session() as session:
            records = session.scalars(
                select(ConsoleSession)
                .join(ConsoleUser, ConsoleUser.id == ConsoleSession.user_id)
                .where(
                    ConsoleUser.username == username,
                    ConsoleSession.revoked_at.is_(None),
                    ConsoleSession.expires_at > now,
                )
            )
            return sum(1 for record in records if now - record.last_seen_at < self._idle)

    def _purge(self, session: Session, now: datetime) -> None:
        session.execute(
            delete(ConsoleSession).where(
                or_(
                    ConsoleSession.revoked_at.is_not(None),
                    ConsoleSession.expires_at <= now,
                    ConsoleSession.last_seen_at <= now - self._idle,
                )
            )
        )
