"""Per-day sums over the selected conversations' summaries, one query each.

:func:`daily_sums` groups the selection by the UTC day a conversation started and adds up
the given SQL expressions; :func:`every_day` gives a value for every day of the range, so a
chart has no holes where nothing happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, case, func, select

from core.db.database import Database
from shop.analytics.selection import AnalyticsFilters, day_of
from shop.conversations.tables import SUMMARIES

__all__ = ["ENGAGED", "as_int", "count_if", "daily_sums", "every_day", "total"]

T = TypeVar("T")
#: A conversation in which the shopper wrote at least one message (a button counts).
ENGAGED = SUMMARIES.c.turn_count > 0


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """SQL: 1 when ``condition`` holds, else 0 (to add up)."""
    return case((condition, 1), else_=0)


def daily_sums(
    database: Database,
    filters: AnalyticsFilters,
    sums: Mapping[str, ColumnElement[Any]],
    *where: ColumnElement[bool],
) -> dict[date, dict[str, Any]]:
    """For each day with selected conversations: the sum of each expression of ``sums``."""
    day = day_of(SUMMARIES.c.started_at, database.backend).label("day")
    columns = [
        func.coalesce(func.sum(expression), 0).label(name) for name, expression in sums.items()
    ]
    statement = (
        select(day, *columns).where(*filters.conditions(database.backend), *where).group_by(day)
    )
    with database.begin() as connection:
        rows = connection.execute(statement).all()
    return {
        date.fromisoformat(str(row.day)): {name: row._mapping[name] for name in sums}
        for row in rows
    }


def every_day(
    filters: AnalyticsFilters, found: Mapping[date, T], empty: Callable[[], T]
) -> list[tuple[date, T]]:
    """``(day, value)`` for every day of the range (``empty()`` where nothing was found)."""
    return [(day, found[day] if day in found else empty()) for day in filters.days]


def total(days: Iterable[Mapping[str, Any]], name: str) -> Any:
    """The sum of one column over the days."""
    return sum(values[name] for values in days)


def as_int(value: Any) -> int:
    """A count from the database (SUM gives Decimal on PostgreSQL)."""
    return int(value or 0)
