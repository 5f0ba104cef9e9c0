"""Opening offers: messaging ids seen with a verified order, by keyed hash.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

A new table only (core/db/opening_models.py); names follow core.db.base.NAMING_CONVENTION.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create channel_identities."""
    op.create_table(
        "channel_identities",
        sa.Column("identity_key", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("last_intents", sa.JSON(), nullable=False),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(identity_key) = 64",
            name=op.f("ck_channel_identities_identity_key_is_hmac"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_channel_identities_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("identity_key", name=op.f("pk_channel_identities")),
    )
    op.create_index(
        "ix_channel_identities_customer_verified",
        "channel_identities",
        ["customer_id", "verified_at"],
    )


def downgrade() -> None:
    """Drop it again."""
    op.drop_index("ix_channel_identities_customer_verified", table_name="channel_identities")
    op.drop_table("channel_identities")
