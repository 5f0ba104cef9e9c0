"""The values the conversation list's filters offer: the channels, languages and hand-over
reasons that occur in the summaries (each an indexed column: a quick ``DISTINCT``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.db.database import Database
from shop.conversations.tables import SUMMARIES

__all__ = ["Facets", "facets"]

#: No filter list grows beyond this many values.
MAX_VALUES = 100


@dataclass(frozen=True)
class Facets:
    """The values found, each list sorted."""

    channels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    handover_reasons: tuple[str, ...] = ()


def facets(database: Database) -> Facets:
    """The distinct channels, languages and hand-over reasons of the summaries."""
    found: list[tuple[str, ...]] = []
    with database.begin() as connection:
        for column in (SUMMARIES.c.channel, SUMMARIES.c.language, SUMMARIES.c.handover_reason):
            values = connection.execute(
                select(column).where(column.is_not(None), column != "").distinct().limit(MAX_VALUES)
            ).scalars()
            found.append(tuple(sorted(str(value) for value in values)))
    return Facets(*found)
