"""Customer value: predicted 12-month value and tier per customer; tiers on tickets.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

A new table (customer_values, core/db/customer_value_models.py) and two nullable columns
of handover_tickets (value_tier, queued_at) with their index; existing tickets are queued
at their creation. Names follow core.db.base.NAMING_CONVENTION.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create customer_values; add the tickets' tier and queue key."""
    op.create_table(
        "customer_values",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("predicted_value", sa.Numeric(12, 2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("expected_orders", sa.Float(), nullable=False),
        sa.Column("probability_alive", sa.Float(), nullable=False),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "tier IN ('top', 'high', 'standard', 'new')", name=op.f("ck_customer_values_tier")
        ),
        sa.CheckConstraint(
            "predicted_value >= 0",
            name=op.f("ck_customer_values_predicted_value_not_negative"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_values_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_customer_values")),
    )
    op.create_index(op.f("ix_customer_values_tier"), "customer_values", ["tier"])
    op.add_column("handover_tickets", sa.Column("value_tier", sa.String(length=16), nullable=True))
    op.add_column(
        "handover_tickets", sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute("UPDATE handover_tickets SET queued_at = created_at")
    op.create_index(
        "ix_handover_tickets_status_queued_at", "handover_tickets", ["status", "queued_at"]
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_handover_tickets_status_queued_at", table_name="handover_tickets")
    with op.batch_alter_table("handover_tickets") as batch:
        batch.drop_column("queued_at")
        batch.drop_column("value_tier")
    op.drop_index(op.f("ix_customer_values_tier"), table_name="customer_values")
    op.drop_table("customer_values")
