"""ORM models of the support console's accounts: users, sessions, login failures, audit log.

:mod:`core.db.models` imports this module, so the tables are on the shared metadata that
Alembic compares with the migrations (revision 0006). The services of
:mod:`shop.accounts` read and write them and hand out immutable views.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, UTCDateTime, utc_now

__all__ = ["ROLES", "AuditEntry", "ConsoleSession", "ConsoleUser", "LoginFailure"]

#: The console's roles, least to most trusted.
ROLES: tuple[str, ...] = ("agent", "lead", "admin")


def _in(column: str, values: tuple[str, ...]) -> str:
    """SQL text of ``column IN ('a', 'b')`` for a check constraint (constants only)."""
    return f"{column} IN ({', '.join(repr(value) for value in values)})"


class ConsoleUser(Base):
    """A person who signs in to the console; only an argon2 hash of the password is kept."""

    __tablename__ = "console_users"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ConsoleSession(Base):
    """A signed-in browser: the SHA-256 of its random token, never the token itself.

    It ends at ``expires_at`` (absolute), after the idle time since ``last_seen_at``, or
    when revoked (logout, the user deactivated, their role or password changed).
    """

    __tablename__ = "console_sessions"
    __table_args__ = (
        CheckConstraint("length(token_hash) = 64", name="token_hash_is_sha256"),
        Index("ix_console_sessions_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("console_users.id", ondelete="CASCADE"), index=True
    )
    #: Sent back with every state-changing request (form field or header).
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LoginFailure(Base):
    """One failed sign-in, counted per user name and per client address.

    ``subject`` is a keyed hash (HMAC-SHA256) of ``scope`` and the name or address: what
    was typed into the name field (sometimes a password) is never stored.
    """

    __tablename__ = "console_login_failures"
    __table_args__ = (
        CheckConstraint("length(subject) = 64", name="subject_is_sha256"),
        CheckConstraint(_in("scope", ("user", "client")), name="scope"),
        Index("ix_console_login_failures_scope_subject", "scope", "subject", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)


class AuditEntry(Base):
    """Who did what, when: reveals of personal data, erasures, user management.

    ``target`` names a console user for user management, never a shopper's email.
    """

    __tablename__ = "console_audit_log"
    __table_args__ = (Index("ix_console_audit_log_conversation_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    target: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(300), default="")
