"""Console part 2: conversation and turn summaries, the event consumer's cursor, full text.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

Hand-checked on SQLite and PostgreSQL. Full-text search in the shoppers' messages (per
conversation, ``conversation_summaries.search_text``) is made here only (the models cannot
declare it): on SQLite an external-content FTS5 table kept in step by three triggers, on
PostgreSQL a GIN index on ``to_tsvector('simple', search_text)`` (the expression the
queries use, word for word).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FTS_TABLE = "conversation_summaries_fts"
PG_FULLTEXT_INDEX = "ix_conversation_summaries_search_text_fulltext"
# Constant SQL (our own table names): the trigger bodies.
_DELETE_OLD = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "  # noqa: S608
    "VALUES ('delete', old.id, old.search_text);"
)
_INSERT_NEW = f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (new.id, new.search_text);"  # noqa: S608
SQLITE_FULLTEXT = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_text, "
    "content='conversation_summaries', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON conversation_summaries "
    f"BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON conversation_summaries "
    f"BEGIN {_DELETE_OLD} END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF search_text ON conversation_summaries "
    f"WHEN old.search_text IS NOT new.search_text BEGIN {_DELETE_OLD} {_INSERT_NEW} END",
)


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Create the summary tables, their indexes and the full-text index."""
    op.create_table(
        "conversation_summaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        _timestamp("started_at"),
        _timestamp("last_activity_at"),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("turn_count", sa.Integer(), nullable=False),
        sa.Column("intents", sa.JSON(), nullable=False),
        sa.Column("sentiment_min", sa.Float(), nullable=True),
        sa.Column("sentiment_mean", sa.Float(), nullable=True),
        sa.Column("sentiment_sum", sa.Float(), nullable=False),
        sa.Column("sentiment_count", sa.Integer(), nullable=False),
        sa.Column("human_offered", sa.Boolean(), nullable=False),
        sa.Column("handed_over", sa.Boolean(), nullable=False),
        sa.Column("handover_reason", sa.String(length=64), nullable=True),
        _timestamp("handed_over_at", nullable=True),
        _timestamp("agent_joined_at", nullable=True),
        _timestamp("first_agent_reply_at", nullable=True),
        sa.Column("agent_messages", sa.Integer(), nullable=False),
        sa.Column("fallback_count", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.Column("failed_searches", sa.Integer(), nullable=False),
        sa.Column("verified_order", sa.String(length=32), nullable=True),
        sa.Column("verified_orders", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("last_event_at", sa.Float(), nullable=False),
        sa.Column("last_event_keys", sa.JSON(), nullable=False),
        _timestamp("updated_at"),
        sa.CheckConstraint(
            "rating IS NULL OR rating BETWEEN 1 AND 5",
            name=op.f("ck_conversation_summaries_rating_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_summaries")),
        sa.UniqueConstraint(
            "conversation_id", name=op.f("uq_conversation_summaries_conversation_id")
        ),
    )
    for name, columns in (
        ("last_activity_at", ["last_activity_at"]),
        ("started_at", ["started_at"]),
        ("channel_activity", ["channel", "last_activity_at"]),
        ("language_activity", ["language", "last_activity_at"]),
        ("handed_over_activity", ["handed_over", "last_activity_at"]),
        ("sentiment_min", ["sentiment_min"]),
        ("sentiment_mean", ["sentiment_mean"]),
        ("fallback_count", ["fallback_count"]),
        ("rating", ["rating"]),
        ("failed_searches", ["failed_searches"]),
        ("verified_order", ["verified_order"]),
    ):
        op.create_index(f"ix_conversation_summaries_{name}", "conversation_summaries", columns)
    op.create_table(
        "conversation_turns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_pk", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=True),
        _timestamp("at"),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=128), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("runner_up", sa.String(length=128), nullable=True),
        sa.Column("runner_up_confidence", sa.Float(), nullable=True),
        sa.Column("entities", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("sentiment_label", sa.String(length=16), nullable=True),
        sa.Column("sentiment", sa.Float(), nullable=True),
        sa.Column("actions", sa.JSON(), nullable=False),
        sa.Column("slots", sa.JSON(), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=False),
        sa.Column("searches", sa.JSON(), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("failed_searches", sa.Integer(), nullable=False),
        sa.Column("fallback", sa.Boolean(), nullable=False),
        sa.Column("handed_over", sa.Boolean(), nullable=False),
        sa.Column("handover_reason", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_pk"],
            ["conversation_summaries.id"],
            name=op.f("fk_conversation_turns_conversation_pk_conversation_summaries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_turns")),
        sa.UniqueConstraint(
            "conversation_pk",
            "position",
            name=op.f("uq_conversation_turns_conversation_pk_position"),
        ),
    )
    op.create_index(
        "ix_conversation_turns_intent_conversation",
        "conversation_turns",
        ["intent", "conversation_pk"],
    )
    op.create_index(
        "ix_conversation_turns_failed_searches", "conversation_turns", ["failed_searches"]
    )
    op.create_index("ix_conversation_turns_message_id", "conversation_turns", ["message_id"])
    op.create_table(
        "conversation_event_cursors",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=True),
        _timestamp("lease_until", nullable=True),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_conversation_event_cursors")),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FULLTEXT:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(
            f"CREATE INDEX {PG_FULLTEXT_INDEX} ON conversation_summaries "
            "USING gin (to_tsvector('simple', search_text))"
        )


def downgrade() -> None:
    """Remove what :func:`upgrade` made."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{trigger}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    elif dialect == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_FULLTEXT_INDEX}")
    op.drop_table("conversation_event_cursors")
    op.drop_table("conversation_turns")
    op.drop_table("conversation_summaries")
