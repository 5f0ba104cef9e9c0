"""Schema migrations with alembic, configured in code (no ``alembic.ini`` needed).

The migration scripts live in the package (``core/db/migrations``) so that an installed
shopbot can create and upgrade its own database: ``shopbot db init`` calls :func:`upgrade`.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from core.db.database import Database

__all__ = [
    "MIGRATIONS_DIR",
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(database: Database | None = None) -> Config:
    """An alembic ``Config`` whose script location is the package's migrations folder."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database is not None:
        # configparser interpolates '%': escape it (URL-encoded passwords contain it).
        url = database.url.render_as_string(hide_password=False).replace("%", "%%")
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of shopbot."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships a migration
        raise RuntimeError("no migration found in core/db/migrations/versions")
    return head


def current_revision(database: Database) -> str | None:
    """The revision the database is at, or ``None`` before ``shopbot db init``."""
    with database.begin() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return MigrationContext.configure(connection).get_current_revision()


def _run(database: Database, action: str, revision: str) -> str | None:
    config = alembic_config(database)
    with database.begin() as connection:
        config.attributes["connection"] = connection
        if action == "upgrade":
            command.upgrade(config, revision)
        else:
            command.downgrade(config, revision)
    return current_revision(database)


def upgrade(database: Database, revision: str = "head") -> str | None:
    """Create or upgrade the schema (idempotent); returns the revision reached."""
    return _run(database, "upgrade", revision)


def downgrade(database: Database, revision: str = "base") -> str | None:
    """Downgrade the schema (``base`` drops every table); returns the revision reached."""
    return _run(database, "downgrade", revision)
