"""Reserved: console part 1: users, sessions, login throttling, audit log.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06

A placeholder in the chain until its part fills it in (it changes nothing yet).
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
