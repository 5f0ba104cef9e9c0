"""Reserved: hardening part C: keyed references in orders, retention counts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

A placeholder in the chain until its part fills it in (it changes nothing yet).
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""
