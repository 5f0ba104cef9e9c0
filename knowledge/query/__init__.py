"""Query understanding for product search: attribute filters read from a shopper's message.

>>> parser = QueryParser(products)
>>> query = parser.parse("black leather bag between 50 and 100 euros")
>>> query.filters.price, query.filters.colours, query.semantic_text
(PriceRange(minimum=Decimal('50.00'), maximum=Decimal('100.00'), currency='EUR'), ...)
>>> [p for p in products if query.filters.matches(p)]

See ``docs/query.md``.
"""

from __future__ import annotations

from knowledge.query.filters import RATES, PriceRange, ProductFilters, convert_price
from knowledge.query.parser import ParsedQuery, QueryParser

__all__ = ["RATES", "ParsedQuery", "PriceRange", "ProductFilters", "QueryParser", "convert_price"]
