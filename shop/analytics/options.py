"""The channels and languages the dashboard's filters offer: those any conversation has,
summarised or counted by retention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from core.db.database import Database
from core.db.privacy_models import ConversationCount
from shop.analytics.selection import NAME_PATTERN
from shop.conversations.tables import SUMMARIES

__all__ = ["FilterOptions", "filter_options"]

_RETAINED = ConversationCount.__table__.c


@dataclass(frozen=True)
class FilterOptions:
    """What the filters can choose from, sorted."""

    channels: tuple[str, ...]
    languages: tuple[str, ...]


def _names(database: Database, *columns: Any) -> tuple[str, ...]:
    found: set[str] = set()
    with database.begin() as connection:
        for column in columns:
            found.update(
                str(value) for value in connection.scalars(select(column).distinct()) if value
            )
    return tuple(sorted(name for name in found if NAME_PATTERN.fullmatch(name)))


def filter_options(database: Database) -> FilterOptions:
    """Every channel and language seen (the label ``unknown`` of retention left out)."""
    channels = _names(database, SUMMARIES.c.channel, _RETAINED.channel)
    languages = _names(database, SUMMARIES.c.language, _RETAINED.language)
    return FilterOptions(
        channels=tuple(name for name in channels if name != "unknown"),
        languages=tuple(name for name in languages if name != "unknown"),
    )
