"""Reserved: hardening part A: verification attempts keyed per client, email and conversation.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

A placeholder in the chain until its part fills it in (it changes nothing yet).
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
