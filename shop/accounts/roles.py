"""The console's roles and the immutable views of its users and sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.db.account_models import ROLES, ConsoleUser
from core.errors import AccountError

__all__ = ["Role", "SessionView", "UserView", "user_view"]


class Role(StrEnum):
    """What a console user may do; each role may do everything the ones before it may."""

    AGENT = "agent"  # the hand-over queue and the conversations of their tickets
    LEAD = "lead"  # every conversation, annotations, analytics
    ADMIN = "admin"  # users, reveals of personal data, erasures

    @classmethod
    def parse(cls, value: str | Role) -> Role:
        """The role named ``value``; :class:`AccountError` for any other text."""
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            raise AccountError(f"a role is one of {', '.join(ROLES)}") from None

    @property
    def rank(self) -> int:
        """0 for agent, 1 for lead, 2 for admin."""
        return ROLES.index(self.value)

    def admits(self, required: Role | str) -> bool:
        """True when this role may open what ``required`` may (``lead`` admits agent pages)."""
        return self.rank >= Role.parse(required).rank


@dataclass(frozen=True)
class UserView:
    """A console user (never their password hash)."""

    username: str
    role: Role
    active: bool = True
    created_at: datetime | None = None
    last_login_at: datetime | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (timestamps in ISO 8601, UTC)."""
        return {
            "username": self.username,
            "role": self.role.value,
            "active": self.active,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "last_login_at": self.last_login_at.isoformat() if self.last_login_at else None,
        }


@dataclass(frozen=True)
class SessionView:
    """A live console session: whose it is, its CSRF token and when it ends at the latest."""

    user: UserView
    csrf_token: str
    expires_at: datetime


def user_view(user: ConsoleUser) -> UserView:
    """The view of a user row."""
    return UserView(
        username=user.username,
        role=Role(user.role),
        active=user.active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
    )
