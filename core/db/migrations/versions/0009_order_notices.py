"""Proactive order notices: consent per customer and channel, and the notice ledger.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

New tables only (no table rebuild); names follow core.db.base.NAMING_CONVENTION and match
core/db/proactive_models.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = "'delayed', 'exception', 'failed_attempt', 'not_dispatched', 'refund_issued', " + (
    "'return_received'"
)


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the consent and ledger tables."""
    op.create_table(
        "notice_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        _timestamp("updated_at"),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_notice_consents_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_consents")),
        sa.UniqueConstraint(
            "customer_id", "channel", name=op.f("uq_notice_consents_customer_id_channel")
        ),
    )
    op.create_table(
        "order_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("order_number", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("event_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("answer", sa.String(length=64), nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        _timestamp("answered_at", nullable=True),
        sa.CheckConstraint(f"kind IN ({_KINDS})", name=op.f("ck_order_notices_kind")),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'answered')",
            name=op.f("ck_order_notices_status"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_order_notices_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
            name=op.f("fk_order_notices_order_id_orders"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_notices")),
        sa.UniqueConstraint(
            "order_id",
            "kind",
            "event_key",
            name=op.f("uq_order_notices_order_id_kind_event_key"),
        ),
    )
    op.create_index(
        "ix_order_notices_customer_created", "order_notices", ["customer_id", "created_at"]
    )
    op.create_index("ix_order_notices_conversation", "order_notices", ["conversation_id"])


def downgrade() -> None:
    """Remove the consent and ledger tables."""
    op.drop_table("order_notices")
    op.drop_table("notice_consents")
