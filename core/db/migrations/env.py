"""Alembic environment of the shop database.

:mod:`core.db.migrate` builds the alembic ``Config`` in code and hands over an open
connection in ``config.attributes["connection"]`` (so SQLite pragmas and PostgreSQL
options of :class:`core.db.database.Database` apply). Without one, the URL comes from
``sqlalchemy.url`` or else the settings. ``render_as_batch`` lets later migrations alter
tables on SQLite.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from core.db import models  # noqa: F401 - registers the tables on the metadata
from core.db.base import Base
from core.db.conversation_models import is_fulltext_object

config = context.config
target_metadata = Base.metadata


def _include_name(name: str | None, _type: str, _parents: object) -> bool:
    """Autogenerate leaves out the full-text objects migration 0007 makes (no model has them)."""
    return not is_fulltext_object(name)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Emit the SQL of the migrations without a database (``alembic upgrade --sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new one from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    from core.db.database import Database

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from core.settings import get_settings

        url = get_settings().database_url
    database = Database(url)
    try:
        with database.begin() as new_connection:
            _configure(new_connection)
    finally:
        database.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
