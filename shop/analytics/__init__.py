"""The support console's analytics: figures over the conversation summaries.

Each measure takes the order database and an :class:`AnalyticsFilters` (a range of UTC
days, languages, channels) and gives a :class:`MeasureResult` (a table and headline
figures); :data:`MEASURES` lists them by name, :func:`measure` computes one, and
:func:`to_csv` writes one as CSV. docs/console.md, "Analytics", defines every figure: what
counts in the numerator and the denominator, and the edge cases.

- conversations per day by channel and by language (:mod:`~shop.analytics.volume`, with the
  days retention keeps only counts of);
- automation rate, hand-over rate and reasons, fallback rate
  (:mod:`~shop.analytics.outcomes`);
- mean sentiment over time (:mod:`~shop.analytics.sentiment`);
- rating distribution and response rate (:mod:`~shop.analytics.ratings`);
- top intents and most-corrected intents (:mod:`~shop.analytics.intents`; the corrections
  are the console's annotations);
- product searches that found nothing (:mod:`~shop.analytics.searches`);
- agents' median first-response time (:mod:`~shop.analytics.agents`).
"""

from shop.analytics.catalog import MEASURES, measure
from shop.analytics.export import to_csv
from shop.analytics.options import FilterOptions, filter_options
from shop.analytics.selection import DEFAULT_DAYS, MAX_DAYS, UNKNOWN, AnalyticsFilters
from shop.analytics.views import MeasureResult

__all__ = [
    "DEFAULT_DAYS",
    "MAX_DAYS",
    "MEASURES",
    "UNKNOWN",
    "AnalyticsFilters",
    "FilterOptions",
    "MeasureResult",
    "filter_options",
    "measure",
    "to_csv",
]
