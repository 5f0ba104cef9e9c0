"""The few products that carry all of a catalog's filter words, for the query parser.

:class:`~knowledge.query.QueryParser` collects the catalog's colours, sizes, brands,
category names and materials from the products it is given, normalising every value of
every product (about 15 s for a million products). Products with the same combination of
those fields add nothing to it, so the parser is given one product per combination, in
catalog order: the first product holding each term is always kept and the terms come out
in the same order, hence the same parser.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.catalog.schema import CatalogProduct

__all__ = ["term_carriers"]


def term_carriers(products: Sequence[CatalogProduct]) -> list[CatalogProduct]:
    """The first product of each distinct (colours, sizes, brand, category, materials)."""
    first: dict[tuple[object, ...], CatalogProduct] = {}
    for product in products:
        key = (product.colours, product.sizes, product.brand, product.category_path,
               product.materials)  # fmt: skip
        first.setdefault(key, product)
    return list(first.values())
