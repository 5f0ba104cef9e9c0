"""Migrations on SQLite and PostgreSQL: they build exactly the models' schema, both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from core.db import models  # noqa: F401 - registers the tables
from core.db.base import Base
from core.db.conversation_models import is_fulltext_object
from core.db.database import Database
from core.db.migrate import MIGRATIONS_DIR, current_revision, downgrade, head_revision, upgrade


def _tables(db: Database) -> set[str]:
    with db.begin() as connection:
        return set(inspect(connection).get_table_names())


def _not_fulltext(name: str | None, _type: str, _parents: object) -> bool:
    # The full-text index of migration 0007 (FTS5 tables, a GIN index) has no model.
    return not is_fulltext_object(name)


def _differences(db: Database) -> list[object]:
    with db.begin() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_fulltext}
        )
        return list(compare_metadata(context, Base.metadata))


def test_the_package_ships_its_migrations() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "versions" / "0001_initial.py").is_file()
    assert head_revision() == "0011"


def test_upgrade_builds_the_models_schema_and_is_idempotent(blank_database: Database) -> None:
    assert current_revision(blank_database) is None
    assert upgrade(blank_database) == head_revision()
    assert upgrade(blank_database) == head_revision()
    assert set(Base.metadata.tables) <= _tables(blank_database)
    assert _differences(blank_database) == []


def test_downgrade_to_base_and_back(blank_database: Database) -> None:
    upgrade(blank_database)
    assert downgrade(blank_database, "base") is None
    assert _tables(blank_database) <= {"alembic_version"}
    assert upgrade(blank_database) == head_revision()
    assert _differences(blank_database) == []
