"""Conversations per day, by channel or by language, retained days included.

Every conversation counts on the UTC day of its first event, whether or not the shopper
wrote anything. Conversations that retention removed (``shopbot privacy retention``) left
their counts in ``conversation_counts`` (per day, channel, language and outcome); they are
added here, so the series do not drop to zero for days older than the retention period.
A conversation is in exactly one of the two places: retention counts it as it erases it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select

from core.db.database import Database
from core.db.privacy_models import ConversationCount
from shop.analytics.selection import AnalyticsFilters, day_of, label_of
from shop.analytics.views import Cell, MeasureResult
from shop.conversations.tables import SUMMARIES

__all__ = ["BY", "conversations_by_channel", "conversations_by_language", "conversations_per_day"]

#: What the series can be split by.
BY = ("channel", "language")
_RETAINED = ConversationCount.__table__.c
#: Column names of the table a channel or language cannot take.
_RESERVED = frozenset({"day", "total"})


def _summarised(
    database: Database, filters: AnalyticsFilters, by: str
) -> Counter[tuple[date, str]]:
    day = day_of(SUMMARIES.c.started_at, database.backend).label("day")
    split = SUMMARIES.c[by]
    statement = (
        select(day, split, func.count())
        .where(*filters.conditions(database.backend))
        .group_by(day, split)
    )
    counted: Counter[tuple[date, str]] = Counter()
    with database.begin() as connection:
        for day_text, value, count in connection.execute(statement):
            counted[(date.fromisoformat(str(day_text)), label_of(value))] += int(count)
    return counted


def _retained(database: Database, filters: AnalyticsFilters, by: str) -> Counter[tuple[date, str]]:
    conditions = [_RETAINED.day >= filters.first, _RETAINED.day <= filters.last]
    if filters.channels:
        conditions.append(_RETAINED.channel.in_(filters.channels))
    if filters.languages:
        conditions.append(_RETAINED.language.in_(filters.languages))
    split = _RETAINED[by]
    statement = (
        select(_RETAINED.day, split, func.sum(_RETAINED.conversations))
        .where(*conditions)
        .group_by(_RETAINED.day, split)
    )
    counted: Counter[tuple[date, str]] = Counter()
    with database.begin() as connection:
        for day, value, count in connection.execute(statement):
            counted[(day, label_of(value))] += int(count or 0)
    return counted


def conversations_per_day(database: Database, filters: AnalyticsFilters, by: str) -> MeasureResult:
    """Conversations per day, one column per channel (or language), the biggest first."""
    if by not in BY:
        raise ValueError(f"conversations are split by {' or '.join(BY)}")
    summarised = _summarised(database, filters, by)
    retained = _retained(database, filters, by)
    counted = summarised + retained
    totals: Counter[str] = Counter()
    for (_day, value), count in counted.items():
        totals[value] += count
    names = sorted(totals, key=lambda name: (-totals[name], name))
    rows: list[tuple[Cell, ...]] = []
    for day in filters.days:
        cells = [counted.get((day, name), 0) for name in names]
        rows.append((day.isoformat(), *cells, sum(cells)))
    columns = [name if name not in _RESERVED else f"{by}_{name}" for name in names]
    return MeasureResult(
        measure=f"conversations_by_{by}",
        filters=filters,
        columns=("day", *columns, "total"),
        labels=("Day", *names, "Total"),
        rows=tuple(rows),
        figures={
            "conversations": sum(totals.values()),
            "retained": sum(retained.values()),
            by + "s": names,
        },
    )


def conversations_by_channel(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Conversations per day by channel."""
    return conversations_per_day(database, filters, "channel")


def conversations_by_language(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Conversations per day by language (the conversation's reply language)."""
    return conversations_per_day(database, filters, "language")
