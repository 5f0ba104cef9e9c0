"""Product search: filters from the message, semantic + lexical ranking, relevance rule.

See docs/search.md. Entry point: :class:`ProductSearch`.
"""

from __future__ import annotations

from knowledge.search.engine import MAX_QUERY_CHARS, ProductSearch, SearchMode
from knowledge.search.results import NoMatchReason, SearchHit, SearchResult

__all__ = [
    "MAX_QUERY_CHARS",
    "NoMatchReason",
    "ProductSearch",
    "SearchHit",
    "SearchMode",
    "SearchResult",
]
