"""Word lists of the demo catalog, one module per top category.

Written for shopbot: every brand, line name and product is invented.
"""

from __future__ import annotations

from knowledge.catalog.vocabulary.apparel import APPAREL
from knowledge.catalog.vocabulary.bags import BAGS
from knowledge.catalog.vocabulary.beauty import BEAUTY
from knowledge.catalog.vocabulary.common import TopCategory
from knowledge.catalog.vocabulary.electronics import ELECTRONICS
from knowledge.catalog.vocabulary.footwear import FOOTWEAR
from knowledge.catalog.vocabulary.home import HOME
from knowledge.catalog.vocabulary.jewellery import JEWELLERY
from knowledge.catalog.vocabulary.outdoor import OUTDOOR
from knowledge.catalog.vocabulary.sports import SPORTS
from knowledge.catalog.vocabulary.toys import TOYS

__all__ = ["CATEGORIES"]

#: The top categories of the demo catalog, in catalog order.
CATEGORIES: tuple[TopCategory, ...] = (
    APPAREL,
    FOOTWEAR,
    OUTDOOR,
    SPORTS,
    ELECTRONICS,
    HOME,
    BEAUTY,
    TOYS,
    BAGS,
    JEWELLERY,
)
