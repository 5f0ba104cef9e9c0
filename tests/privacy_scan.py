"""Looking for a shopper everywhere: every column of every table of a database, every file.

Used by the erasure tests to prove that nothing of the erased shopper is left.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import MetaData, select

from core.db.database import Database

__all__ = ["found_in_database", "found_in_files"]


def found_in_database(database: Database, needles: Iterable[str]) -> list[str]:
    """``"table.column: needle"`` for every value (any type, as text, any case) that
    contains one of ``needles``, in every table of ``database``."""
    wanted = [needle.lower() for needle in needles if needle]
    metadata = MetaData()
    hits: list[str] = []
    with database.begin() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    if value is None:
                        continue
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                    lowered = str(text).lower()
                    hits.extend(
                        f"{table.name}.{column.name}: {needle}"
                        for needle in wanted
                        if needle in lowered
                    )
    return hits


def found_in_files(paths: Iterable[Path], needles: Iterable[str]) -> list[str]:
    """``"file: needle"`` for every file among ``paths`` that contains one of ``needles``."""
    wanted = [needle.lower() for needle in needles if needle]
    hits: list[str] = []
    for path in paths:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace").lower()
        hits.extend(f"{path.name}: {needle}" for needle in wanted if needle in text)
    return hits
