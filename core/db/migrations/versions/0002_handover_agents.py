"""Hand-over desk: support agents (hashed API tokens) and who took each ticket.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

Hand-checked on SQLite and PostgreSQL (columns added as nullable, so no table rebuild).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``support_agents`` and the assignment columns of ``handover_tickets``."""
    op.add_column(
        "handover_tickets", sa.Column("assigned_agent", sa.String(length=64), nullable=True)
    )
    op.add_column(
        "handover_tickets", sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_table(
        "support_agents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_support_agents_token_hash_is_sha256")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_agents")),
        sa.UniqueConstraint("name", name=op.f("uq_support_agents_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_support_agents_token_hash")),
    )


def downgrade() -> None:
    """Remove what :func:`upgrade` added."""
    op.drop_table("support_agents")
    with op.batch_alter_table("handover_tickets") as batch:
        batch.drop_column("assigned_at")
        batch.drop_column("assigned_agent")
