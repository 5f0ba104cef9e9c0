"""Console users: created, listed, given a role, deactivated, given a new password, signed in.

User names are lower-case letters, digits, ``.``, ``_`` and ``-``. There is always at
least one active admin once one exists: the last one cannot be demoted or deactivated.
Changing a user's role, password or active flag revokes their sessions.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db.account_models import ConsoleUser
from core.db.base import utc_now
from core.db.database import Database
from core.errors import AccountError, NotFoundError
from shop.accounts.passwords import MAX_PASSWORD_LENGTH, PasswordHashing, check_new_password
from shop.accounts.roles import Role, UserView, user_view
from shop.accounts.sessions import revoke_sessions
from shop.orders import Clock

__all__ = ["USERNAME_PATTERN", "UserDirectory", "normalise_username"]

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def normalise_username(username: str) -> str:
    """The stored form of a user name (trimmed, lower-case); AccountError when invalid."""
    name = username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        raise AccountError(
            "a user name has 2-64 characters: letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    return name


def _find(session: Session, username: str) -> ConsoleUser:
    user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == username))
    if user is None:
        raise NotFoundError("no console user has this name")
    return user


def _keep_an_admin(session: Session, user: ConsoleUser) -> None:
    """Refuse to take away the last active admin."""
    if user.role != Role.ADMIN or not user.active:
        return
    admins = session.scalar(
        select(func.count())
        .select_from(ConsoleUser)
        .where(ConsoleUser.role == Role.ADMIN.value, ConsoleUser.active.is_(True))
    )
    if (admins or 0) <= 1:
        raise AccountError("this is the last active admin: make another admin first")


class UserDirectory:
    """The console's users and their passwords (argon2 hashes)."""

    def __init__(
        self,
        db: Database,
        hashing: PasswordHashing,
        *,
        min_password_length: int = 12,
        clock: Clock = utc_now,
    ) -> None:
        self._db = db
        self._hashing = hashing
        self._min_password_length = min_password_length
        self._clock = clock

    @property
    def min_password_length(self) -> int:
        """The shortest password :meth:`create` and :meth:`set_password` accept."""
        return self._min_password_length

    def create(self, username: str, role: Role | str, password: str) -> UserView:
        """A new active user; AccountError when the name is taken or the password weak."""
        name = normalise_username(username)
        parsed = Role.parse(role)
        digest = self._hashing.hash(check_new_password(password, self._min_password_length))
        try:
            with self._db.session() as session:
                user = ConsoleUser(
                    username=name,
                    role=parsed.value,
                    password_hash=digest,
                    active=True,
                    created_at=self._clock(),
                )
                session.add(user)
                session.flush()
                return user_view(user)
        except IntegrityError as error:
            raise AccountError("a console user with this name exists") from error

    def get(self, username: str) -> UserView:
        """One user; NotFoundError for an unknown name."""
        with self._db.session() as session:
            return user_view(_find(session, username.strip().lower()))

    def list(self) -> list[UserView]:
        """Every user, by name."""
        with self._db.session() as session:
            users = session.scalars(select(ConsoleUser).order_by(ConsoleUser.username))
            return [user_view(user) for user in users]

    def count_active_admins(self) -> int:
        """How many active admins there are (0 before the first is created)."""
        with self._db.session() as session:
            count = session.scalar(
                select(func.count())
                .select_from(ConsoleUser)
                .where(ConsoleUser.role == Role.ADMIN.value, ConsoleUser.active.is_(True))
            )
            return int(count or 0)

    def set_role(self, username: str, role: Role | str) -> UserView:
        """Give a user another role; their sessions end. The last admin keeps theirs."""
        parsed = Role.parse(role)
        with self._db.session() as session:
            user = _find(session, username.strip().lower())
            if user.role == parsed.value:
                return user_view(user)
            _keep_an_admin(session, user)
            user.role = parsed.value
            revoke_sessions(session, user.id, self._clock())
            return user_view(user)

    def set_active(self, username: str, active: bool) -> UserView:
        """Deactivate (sessions end, sign-in refused) or reactivate a user."""
        with self._db.session() as session:
            user = _find(session, username.strip().lower())
            if user.active == active:
                return user_view(user)
            if not active:
                _keep_an_admin(session, user)
                revoke_sessions(session, user.id, self._clock())
            user.active = active
            return user_view(user)

    def set_password(self, username: str, password: str) -> UserView:
        """Give a user a new password; their sessions end."""
        digest = self._hashing.hash(check_new_password(password, self._min_password_length))
        with self._db.session() as session:
            user = _find(session, username.strip().lower())
            user.password_hash = digest
            revoke_sessions(session, user.id, self._clock())
            return user_view(user)

    def authenticate(self, username: str, password: str) -> UserView | None:
        """The active user with this name and password, or None.

        Unknown and inactive users cost one argon2 verification too; a hash made with
        older parameters is replaced by a new one. Records the sign-in time.
        """
        name = username.strip().lower()
        if len(password) > MAX_PASSWORD_LENGTH or not USERNAME_PATTERN.fullmatch(name):
            self._hashing.burn(password[:MAX_PASSWORD_LENGTH])
            return None
        with self._db.session() as session:
            user = session.scalar(select(ConsoleUser).where(ConsoleUser.username == name))
            if user is None or not user.active:
                self._hashing.burn(password)
                return None
            matches, needs_rehash = self._hashing.verify(user.password_hash, password)
            if not matches:
                return None
            if needs_rehash:
                user.password_hash = self._hashing.hash(password)
            user.last_login_at = self._clock()
            return user_view(user)
