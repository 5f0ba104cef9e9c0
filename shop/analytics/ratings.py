"""The 1-5 ratings: how they are spread, and how often a shopper asked for one gave one.

- **distribution**: the rated conversations by their rating (the latest one given, as
  ``shopbot feedback`` reads it), every value 1-5 listed;
- **response rate**: rated conversations / conversations asked for a rating. A conversation
  was asked when the bot sent the rating question (the response ``utter_ask_satisfaction``,
  at most once per conversation) or, since a shopper may rate before being asked, when it
  has a rating; so every rated conversation is also an asked one.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, cast, func, or_, select

from core.db.database import Database
from shop.analytics.selection import AnalyticsFilters
from shop.analytics.views import MeasureResult, mean, ratio
from shop.conversations.tables import SUMMARIES, TURNS

__all__ = ["RATINGS", "RATING_QUESTION", "ratings"]

#: The response that asks for the rating (actions/feedback.py).
RATING_QUESTION = "utter_ask_satisfaction"
RATINGS = (1, 2, 3, 4, 5)
_C = SUMMARIES.c


def _asked() -> ColumnElement[bool]:
    """SQL: the bot asked this conversation for a rating, or it has one."""
    question = (
        select(TURNS.c.id)
        .where(
            TURNS.c.conversation_pk == _C.id,
            cast(TURNS.c.replies, Text).contains(f'"{RATING_QUESTION}"', autoescape=True),
        )
        .exists()
    )
    return or_(_C.rating.is_not(None), question)


def ratings(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """The distribution of ratings, the response rate and the mean rating."""
    statement = (
        select(_C.rating, func.count())
        .where(*filters.conditions(database.backend), _asked())
        .group_by(_C.rating)
    )
    with database.begin() as connection:
        grouped = [(rating, int(count)) for rating, count in connection.execute(statement)]
    counted = {int(rating): count for rating, count in grouped if rating is not None}
    asked_count = sum(count for _rating, count in grouped)
    rated = sum(counted.values())
    points = sum(rating * count for rating, count in counted.items())
    return MeasureResult(
        measure="ratings",
        filters=filters,
        columns=("rating", "conversations", "share"),
        labels=("Rating", "Conversations", "Share"),
        rows=tuple(
            (rating, counted.get(rating, 0), ratio(counted.get(rating, 0), rated))
            for rating in RATINGS
        ),
        figures={
            "rated": rated,
            "asked": asked_count,
            "response_rate": ratio(rated, asked_count),
            "mean_rating": mean(points, rated),
        },
    )
