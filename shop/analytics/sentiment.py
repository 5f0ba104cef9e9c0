"""Mean sentiment over time: the mean score of the shoppers' scored messages, per day.

Each shopper message the sentiment component scored has a score from -1 (negative) to 1
(positive); button payloads have none. The mean of a day is over every scored message of
the conversations that started that day (a long conversation weighs more than a short
one); days without a scored message have no mean.
"""

from __future__ import annotations

from core.db.database import Database
from shop.analytics.daily import as_int, daily_sums, every_day
from shop.analytics.selection import AnalyticsFilters
from shop.analytics.views import MeasureResult, mean
from shop.conversations.tables import SUMMARIES

__all__ = ["sentiment"]


def sentiment(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Per day: scored messages and their mean score; over the range: the same."""
    found = daily_sums(
        database,
        filters,
        {"scored": SUMMARIES.c.sentiment_count, "score": SUMMARIES.c.sentiment_sum},
        SUMMARIES.c.sentiment_count > 0,
    )
    rows = []
    scored_total, score_total = 0, 0.0
    for day, values in every_day(filters, found, lambda: {"scored": 0, "score": 0.0}):
        scored, score = as_int(values["scored"]), float(values["score"] or 0.0)
        scored_total += scored
        score_total += score
        rows.append((day.isoformat(), scored, mean(score, scored)))
    return MeasureResult(
        measure="sentiment",
        filters=filters,
        columns=("day", "scored_messages", "mean_sentiment"),
        labels=("Day", "Scored messages", "Mean sentiment"),
        rows=tuple(rows),
        figures={"mean": mean(score_total, scored_total), "scored_messages": scored_total},
    )
