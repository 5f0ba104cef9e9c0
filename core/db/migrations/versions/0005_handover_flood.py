"""Hand-over desk against floods: the client that asked, last activity, the previous ticket.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06

Hardening part D (docs/handover.md): ticket creation is limited per pseudonymous client
(``client_key``, an HMAC), the agents' list is ordered by ``last_activity_at`` (newest
first; existing tickets get their creation time) and a conversation's new ticket names its
last closed one (``previous_ticket``). Columns are added as nullable, so no table rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the three columns and their indexes; backfill ``last_activity_at``."""
    op.add_column("handover_tickets", sa.Column("client_key", sa.String(length=64), nullable=True))
    op.add_column(
        "handover_tickets",
        sa.Column("last_activity_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column(
        "handover_tickets", sa.Column("previous_ticket", sa.String(length=32), nullable=True)
    )
    op.execute("UPDATE handover_tickets SET last_activity_at = created_at")
    op.create_index(
        "ix_handover_tickets_status_activity",
        "handover_tickets",
        ["status", "last_activity_at"],
    )
    op.create_index(
        "ix_handover_tickets_client_created_at",
        "handover_tickets",
        ["client_key", "created_at"],
    )


def downgrade() -> None:
    """Remove what :func:`upgrade` added."""
    op.drop_index("ix_handover_tickets_client_created_at", table_name="handover_tickets")
    op.drop_index("ix_handover_tickets_status_activity", table_name="handover_tickets")
    with op.batch_alter_table("handover_tickets") as batch:
        batch.drop_column("previous_ticket")
        batch.drop_column("last_activity_at")
        batch.drop_column("client_key")
