"""Support console, part 3: tags and notes on conversations, intent corrections.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06

Hand-checked on SQLite and PostgreSQL: new tables only (no table rebuild); names follow
core.db.base.NAMING_CONVENTION and match core/db/annotation_models.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the annotation tables."""
    op.create_table(
        "conversation_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("tag", sa.String(length=32), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_tags")),
        sa.UniqueConstraint(
            "conversation_id", "tag", name=op.f("uq_conversation_tags_conversation_id_tag")
        ),
    )
    op.create_index(
        "ix_conversation_tags_tag_conversation", "conversation_tags", ["tag", "conversation_id"]
    )
    op.create_table(
        "conversation_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_notes")),
    )
    op.create_index(
        "ix_conversation_notes_conversation_created",
        "conversation_notes",
        ["conversation_id", "created_at"],
    )
    op.create_table(
        "nlu_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("turn_position", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("predicted_intent", sa.String(length=128), nullable=True),
        sa.Column("predicted_confidence", sa.Float(), nullable=True),
        sa.Column("intent", sa.String(length=128), nullable=False),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        _timestamp("reviewed_at", nullable=True),
        sa.CheckConstraint(
            "kind IN ('correction', 'example')", name=op.f("ck_nlu_corrections_kind")
        ),
        sa.CheckConstraint(
            "status IN ('open', 'done', 'dismissed')", name=op.f("ck_nlu_corrections_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nlu_corrections")),
        sa.UniqueConstraint(
            "conversation_id",
            "turn_position",
            name=op.f("uq_nlu_corrections_conversation_id_turn_position"),
        ),
    )
    op.create_index("ix_nlu_corrections_status_language", "nlu_corrections", ["status", "language"])
    op.create_index("ix_nlu_corrections_status_intent", "nlu_corrections", ["status", "intent"])


def downgrade() -> None:
    """Remove the annotation tables."""
    op.drop_table("nlu_corrections")
    op.drop_table("conversation_notes")
    op.drop_table("conversation_tags")
