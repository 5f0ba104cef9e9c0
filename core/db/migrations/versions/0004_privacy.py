"""Personal data's lifetime: keyed conversation references in orders, retention counts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

Hardening part C (shop/privacy). Orders' audit columns (``orders.cancel_conversation_id``,
``returns.conversation_id``) held raw conversation ids, and a Twilio id is a phone number:
from now on they hold the conversation's keyed pseudonym, HMAC-SHA256 under
``SHOPBOT_CLIENT_KEY_SECRET`` (the formula of ``shop.pseudonyms.conversation_key``,
repeated here so that this migration never changes with the code). Values stored before
are keyed here; that needs the secret only when there are any, and refuses to go on
without it rather than leave them raw. ``conversation_counts`` keeps what retention
removes as daily counts (core/db/privacy_models.py).

Downgrade drops the counts; the keyed references stay keyed (a key cannot be turned back).
Hand-checked on SQLite and PostgreSQL: no table is rebuilt (values are updated in place).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.errors import ConfigurationError
from core.secret_rules import secret_problem

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SECRET_VARIABLE = "SHOPBOT_CLIENT_KEY_SECRET"  # noqa: S105 - a variable's name
_KEYED = re.compile(r"[0-9a-f]{64}")
#: (table, column) of every audit column that refers to a conversation.
AUDIT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("orders", "cancel_conversation_id"),
    ("returns", "conversation_id"),
)


def _conversation_key(secret: str, conversation_id: str) -> str:
    message = f"conversation\x00{conversation_id}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _key_audit_columns() -> None:
    connection = op.get_bind()
    secret: str | None = None
    for table_name, column_name in AUDIT_COLUMNS:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column_name))
        column = table.c[column_name]
        rows = connection.execute(sa.select(table.c.id, column).where(column.isnot(None)))
        raw = [(row_id, value) for row_id, value in rows if not _KEYED.fullmatch(str(value))]
        if not raw:
            continue
        if secret is None:
            secret = os.environ.get(SECRET_VARIABLE)
            problem = secret_problem(secret)
            if secret is None or problem is not None:
                raise ConfigurationError(
                    f"{SECRET_VARIABLE} {problem}: it is needed to key the conversation ids "
                    f"stored in {table_name}.{column_name} (make run writes one)"
                )
        for row_id, value in raw:
            connection.execute(
                sa.update(table)
                .where(table.c.id == row_id)
                .values({column_name: _conversation_key(secret, str(value))})
            )


def upgrade() -> None:
    """Key the stored conversation ids; add ``conversation_counts``."""
    _key_audit_columns()
    op.create_table(
        "conversation_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("conversations", sa.Integer(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('handed_over', 'order_verified', 'other')",
            name=op.f("ck_conversation_counts_outcome"),
        ),
        sa.CheckConstraint(
            "conversations >= 0 AND messages >= 0",
            name=op.f("ck_conversation_counts_counts_not_negative"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_counts")),
        sa.UniqueConstraint(
            "day",
            "channel",
            "language",
            "outcome",
            name=op.f("uq_conversation_counts_day_channel_language_outcome"),
        ),
    )


def downgrade() -> None:
    """Drop ``conversation_counts`` (the references stay keyed)."""
    op.drop_table("conversation_counts")
