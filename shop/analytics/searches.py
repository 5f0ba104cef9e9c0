"""Product searches that found nothing: what shoppers looked for, and how often.

A product search is one run of the search action (docs/console.md, "What a summary
holds"); it **found nothing** when it listed no product (a no-match answer). A search the
catalog could not answer (no index) counts as a search, not as one that found nothing.

- ``no_result_rate``: searches that found nothing / product searches;
- the table: the words of the searches that found nothing, redacted, in lower case with
  their spaces tidied (so "Red  Boots" and "red boots" are one row), with how many times
  each was searched, the most frequent first.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select

from core.db.database import Database
from core.redaction import redact
from shop.analytics.daily import as_int
from shop.analytics.selection import AnalyticsFilters
from shop.analytics.views import MeasureResult, ratio
from shop.conversations.tables import SUMMARIES, TURNS

__all__ = ["MAX_QUERY_CHARACTERS", "TOP_QUERIES", "failed_searches", "query_key"]

#: How many queries the table lists.
TOP_QUERIES = 25
#: Longer queries are cut to this many characters.
MAX_QUERY_CHARACTERS = 200


def query_key(query: str) -> str:
    """A search's words as the table groups them: redacted, lower case, spaces tidied."""
    return " ".join(redact(query).split()).lower()[:MAX_QUERY_CHARACTERS]


def _failed_queries(searches: Any, keys: dict[str, str]) -> list[str]:
    """The keys of the searches that found nothing (``keys``: those made already, since
    redacting is the costly part and shoppers repeat their searches)."""
    if not isinstance(searches, list):
        return []
    found = []
    for search in searches:
        if isinstance(search, dict) and search.get("results") == 0:
            query = str(search.get("query") or "")
            if query not in keys:
                keys[query] = query_key(query)
            found.append(keys[query])
    return found


def failed_searches(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """The no-result rate, and the searches that found nothing by their words."""
    conditions = filters.conditions(database.backend)
    totals = select(
        func.coalesce(func.sum(SUMMARIES.c.searches), 0),
        func.coalesce(func.sum(SUMMARIES.c.failed_searches), 0),
    ).where(*conditions)
    turns = (
        select(TURNS.c.searches)
        .join(SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
        .where(*conditions, SUMMARIES.c.failed_searches > 0, TURNS.c.failed_searches > 0)
    )
    queries: Counter[str] = Counter()
    keys: dict[str, str] = {}
    with database.begin() as connection:
        searches, failed = (as_int(value) for value in connection.execute(totals).one())
        for (found,) in connection.execute(turns):
            queries.update(_failed_queries(found, keys))
    ranked = sorted(queries.items(), key=lambda item: (-item[1], item[0]))[:TOP_QUERIES]
    return MeasureResult(
        measure="failed_searches",
        filters=filters,
        columns=("query", "searches"),
        labels=("Searched for", "Times"),
        rows=tuple(ranked),
        figures={
            "searches": searches,
            "failed": failed,
            "no_result_rate": ratio(failed, searches),
            "distinct_queries": len(queries),
        },
    )
