"""Which conversations a dashboard figure covers: a date range, languages, channels.

Days are UTC calendar days of a conversation's first event (``started_at``); ``first`` and
``last`` are both included. The selection becomes the conversation list's own filters
(:class:`shop.conversations.ConversationFilters`), so the dashboard and the list agree on
which conversations a range holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, literal_column

from shop.conversations import ConversationFilters, conversation_conditions

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "NAME_PATTERN",
    "UNKNOWN",
    "AnalyticsFilters",
    "day_of",
    "label_of",
]

#: The range shown when none is asked for: the last 30 days, today included.
DEFAULT_DAYS = 30
#: The longest range one request may cover.
MAX_DAYS = 731
#: A channel or language name as the filters accept it.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}")
#: The label of conversations without a channel or a language (as retention counts them).
UNKNOWN = "unknown"


def label_of(value: str | None) -> str:
    """A channel or language as the figures show it (``unknown`` when there is none)."""
    return value if value else UNKNOWN


@dataclass(frozen=True)
class AnalyticsFilters:
    """The conversations that started from ``first`` to ``last`` (UTC days, both included),
    in any of ``languages`` and any of ``channels`` (empty: any)."""

    first: date
    last: date
    languages: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the range ends before it starts")
        if self.day_count > MAX_DAYS:
            raise ValueError(f"a range covers at most {MAX_DAYS} days")
        for name in (*self.languages, *self.channels):
            if not NAME_PATTERN.fullmatch(name):
                raise ValueError("not a channel or language name")

    @classmethod
    def recent(
        cls, today: date | None = None, days: int = DEFAULT_DAYS, **kwargs: Any
    ) -> AnalyticsFilters:
        """The last ``days`` days up to ``today`` (default: today in UTC)."""
        last = today or datetime.now(UTC).date()
        return cls(first=last - timedelta(days=days - 1), last=last, **kwargs)

    @property
    def day_count(self) -> int:
        """How many days the range covers."""
        return (self.last - self.first).days + 1

    @property
    def days(self) -> Iterator[date]:
        """Every day of the range, in order."""
        return (self.first + timedelta(days=offset) for offset in range(self.day_count))

    @property
    def starts(self) -> datetime:
        """The first moment of the range (inclusive)."""
        return datetime.combine(self.first, time.min, tzinfo=UTC)

    @property
    def ends(self) -> datetime:
        """The moment after the range (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time.min, tzinfo=UTC)

    def conversation_filters(self) -> ConversationFilters:
        """The same selection as the conversation list's filters."""
        return ConversationFilters(
            started_from=self.starts,
            started_until=self.ends,
            channels=self.channels,
            languages=self.languages,
        )

    def conditions(self, backend: str) -> list[ColumnElement[bool]]:
        """The selection as SQL on ``conversation_summaries``."""
        return conversation_conditions(self.conversation_filters(), backend)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "from": self.first.isoformat(),
            "to": self.last.isoformat(),
            "languages": list(self.languages),
            "channels": list(self.channels),
        }


def day_of(column: Any, backend: str) -> ColumnElement[str]:
    """SQL for the UTC day (``YYYY-MM-DD`` text) of a timestamp column.

    SQLite keeps naive UTC text, whose first ten characters are the day; PostgreSQL keeps
    ``timestamptz``, turned to UTC before the day is taken (whatever the session's zone).
    """
    if backend == "postgresql":
        return func.to_char(func.timezone(literal_column("'UTC'"), column), "YYYY-MM-DD")
    return func.substr(column, 1, 10)
