"""Every measure of the dashboard by name, and :func:`measure` to compute one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from core.db.database import Database
from core.errors import NotFoundError
from shop.analytics.agents import first_response
from shop.analytics.intents import corrected_intents, top_intents
from shop.analytics.outcomes import automation, fallback, handover, handover_reasons
from shop.analytics.ratings import ratings
from shop.analytics.searches import failed_searches
from shop.analytics.selection import AnalyticsFilters
from shop.analytics.sentiment import sentiment
from shop.analytics.views import MeasureResult
from shop.analytics.volume import conversations_by_channel, conversations_by_language

__all__ = ["MEASURES", "Compute", "measure"]

Compute = Callable[[Database, AnalyticsFilters], MeasureResult]

#: The dashboard's measures, in the order it shows them.
MEASURES: Mapping[str, Compute] = MappingProxyType(
    {
        "conversations_by_channel": conversations_by_channel,
        "conversations_by_language": conversations_by_language,
        "automation": automation,
        "handover": handover,
        "handover_reasons": handover_reasons,
        "fallback": fallback,
        "sentiment": sentiment,
        "ratings": ratings,
        "top_intents": top_intents,
        "corrected_intents": corrected_intents,
        "failed_searches": failed_searches,
        "first_response": first_response,
    }
)


def measure(database: Database, name: str, filters: AnalyticsFilters) -> MeasureResult:
    """The measure called ``name`` over ``filters`` (NotFoundError for an unknown name)."""
    compute = MEASURES.get(name)
    if compute is None:
        raise NotFoundError(f"no measure is called {name!r}")
    return compute(database, filters)
