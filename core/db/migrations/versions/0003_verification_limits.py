"""Verification attempts keyed per network client, conversation and email (HMACs).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

Hardening part A (shop/verification.py): failed checks are limited per network client,
conversation, email, order number and overall, and every key is an HMAC with the server's
``client_key_secret`` instead of an unkeyed SHA-256 of the conversation id. The rows
written before were rate-limit records of at most a day under the old unkeyed hashes,
which no new key can match, so the table is rebuilt empty (both ways).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "verification_attempts"


def _create(keys: Sequence[str], check_suffix: str) -> None:
    """The attempts table with one 64-character key column per name in ``keys``."""
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        *(sa.Column(key, sa.String(length=64), nullable=False) for key in keys),
        sa.Column("order_number", sa.String(length=32), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        *(
            sa.CheckConstraint(f"length({key}) = 64", name=op.f(f"ck_{TABLE}_{key}_{check_suffix}"))
            for key in keys
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
    )


def upgrade() -> None:
    """Rebuild the table with the three keyed columns and an index per limit."""
    op.drop_table(TABLE)
    _create(("client_key", "conversation_key", "email_key"), "is_hmac")
    for name, columns in (
        ("client", ["client_key", "success", "created_at"]),
        ("conversation", ["conversation_key", "success", "created_at"]),
        ("email", ["email_key", "success", "created_at"]),
        ("order", ["order_number", "success", "created_at"]),
        ("outcome", ["success", "created_at"]),
    ):
        op.create_index(f"ix_{TABLE}_{name}", TABLE, columns)


def downgrade() -> None:
    """Back to the table of revision 0002 (empty: the new keys cannot be turned back)."""
    op.drop_table(TABLE)
    _create(("client_key",), "is_sha256")
    op.create_index(f"ix_{TABLE}_client", TABLE, ["client_key", "success", "created_at"])
    op.create_index(f"ix_{TABLE}_order", TABLE, ["order_number", "success", "created_at"])
