"""Every account service of the console, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher

from core.db.base import utc_now
from core.db.database import Database
from core.settings import Settings
from shop.accounts.audit import AuditLog
from shop.accounts.login import LoginService
from shop.accounts.passwords import PasswordHashing
from shop.accounts.sessions import SessionStore
from shop.accounts.throttle import LoginThrottle, derive_key
from shop.accounts.users import UserDirectory
from shop.orders import Clock

__all__ = ["Accounts", "user_directory"]


def user_directory(
    database: Database,
    settings: Settings,
    *,
    hasher: PasswordHasher | None = None,
    clock: Clock = utc_now,
) -> UserDirectory:
    """The users alone (what ``shopbot users`` needs), with the settings' password rule."""
    return UserDirectory(
        database,
        PasswordHashing(hasher),
        min_password_length=settings.console_password_min_length,
        clock=clock,
    )


@dataclass(frozen=True)
class Accounts:
    """Users, sessions, sign-in throttling, sign-in and the audit log, on one database."""

    users: UserDirectory
    sessions: SessionStore
    throttle: LoginThrottle
    login: LoginService
    audit: AuditLog

    @classmethod
    def build(
        cls,
        database: Database,
        settings: Settings,
        *,
        hasher: PasswordHasher | None = None,
        clock: Clock = utc_now,
    ) -> Accounts:
        """The services with the settings' limits. The throttle's hashes are keyed with a
        key derived from ``SHOPBOT_CLIENT_KEY_SECRET`` (ConfigurationError when unset)."""
        users = user_directory(database, settings, hasher=hasher, clock=clock)
        sessions = SessionStore(
            database,
            lifetime=timedelta(hours=settings.console_session_hours),
            idle=timedelta(minutes=settings.console_idle_minutes),
            clock=clock,
        )
        throttle = LoginThrottle(
            database,
            derive_key(settings.require_secret("client_key_secret"), "console-login-throttle"),
            user_limit=settings.console_login_user_failures,
            client_limit=settings.console_login_client_failures,
            window=timedelta(minutes=settings.console_login_window_minutes),
            clock=clock,
        )
        return cls(
            users=users,
            sessions=sessions,
            throttle=throttle,
            login=LoginService(users, sessions, throttle),
            audit=AuditLog(database, clock),
        )
