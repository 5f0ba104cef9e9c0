"""Agents' first response: the time from a hand-over to the first message an agent wrote.

Over the engaged conversations that were handed over: **answered** ones have an agent
message, and their first-response time is that message's time minus the time of the
(first) hand-over; an agent message stamped before the hand-over (clocks of two servers)
counts as 0 s. **Unanswered** ones were handed over and no agent ever wrote (a ticket
never taken, or taken without a reply): they have no time and are left out of the median,
and counted on their own. The median of an even number of times is the mean of the middle
two. Days are the UTC days the conversations started.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from statistics import median

from sqlalchemy import select

from core.db.database import Database
from shop.analytics.daily import ENGAGED
from shop.analytics.selection import AnalyticsFilters, day_of
from shop.analytics.views import MeasureResult
from shop.conversations.tables import SUMMARIES

__all__ = ["first_response", "median_seconds"]

_C = SUMMARIES.c


def median_seconds(times: list[float]) -> float | None:
    """The median, to a tenth of a second (None without times)."""
    return round(median(times), 1) if times else None


def first_response(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Median first-response time per day and over the range; answered and unanswered."""
    day = day_of(_C.started_at, database.backend).label("day")
    statement = select(day, _C.handed_over_at, _C.first_agent_reply_at).where(
        *filters.conditions(database.backend), ENGAGED, _C.handed_over.is_(True)
    )
    times: dict[date, list[float]] = defaultdict(list)
    unanswered: dict[date, int] = defaultdict(int)
    with database.begin() as connection:
        for day_text, handed_over_at, replied_at in connection.execute(statement):
            started = date.fromisoformat(str(day_text))
            if replied_at is None or handed_over_at is None:
                unanswered[started] += 1
            else:
                seconds = (replied_at - handed_over_at).total_seconds()
                times[started].append(max(0.0, seconds))
    rows = []
    for moment in filters.days:
        found = times.get(moment, [])
        rows.append(
            (moment.isoformat(), len(found), unanswered.get(moment, 0), median_seconds(found))
        )
    everything = [seconds for day_times in times.values() for seconds in day_times]
    return MeasureResult(
        measure="first_response",
        filters=filters,
        columns=("day", "answered", "unanswered", "median_seconds"),
        labels=("Day", "Answered", "Unanswered", "Median first response (s)"),
        rows=tuple(rows),
        figures={
            "median_seconds": median_seconds(everything),
            "answered": len(everything),
            "unanswered": sum(unanswered.values()),
        },
    )
