"""What a product search returns: hits, or why nothing fits and how to broaden."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from knowledge.catalog.schema import CatalogProduct
from knowledge.query import ParsedQuery

__all__ = ["NoMatchReason", "SearchHit", "SearchResult"]

#: ``filters``: no product passes the filters read from the message; ``relevance``: some
#: do, but none is close enough to the words; ``empty``: the message has nothing to search.
NoMatchReason = Literal["filters", "relevance", "empty"]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One product found, with its combined score and the two signals behind it."""

    product: CatalogProduct
    score: float
    semantic: float = 0.0
    lexical: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON form of a result."""
        product = self.product
        return {
            "id": product.id,
            "title": product.title,
            "category": product.category_path,
            "price": None if product.price is None else float(product.price),
            "currency": product.currency,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first; when there are none, ``no_match`` says why.

    ``broaden`` names the filters (``price``, ``colours``, ``sizes``, ``categories``,
    ``brands``, ``in_stock``) whose removal alone would give results, the one that frees
    the most products first.
    """

    query: ParsedQuery
    hits: tuple[SearchHit, ...]
    no_match: NoMatchReason | None = None
    broaden: tuple[str, ...] = ()

    @property
    def ids(self) -> list[str]:
        """The product ids, best first."""
        return [hit.product.id for hit in self.hits]

    def to_json(self) -> dict[str, Any]:
        """``{"results": [...], "no_match": ..., "filters": [...], "broaden": [...]}``."""
        return {
            "results": [hit.to_json() for hit in self.hits],
            "no_match": self.no_match,
            "filters": self.query.filters.describe(),
            "broaden": list(self.broaden),
        }
