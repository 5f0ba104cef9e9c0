"""How a search reads a message written in another language than the catalog's.

The catalog is English; a message in another language reaches it through the product
glossary (:mod:`knowledge.query.glossary`) and the multilingual encoder. These switches are
the choices measured side by side by ``bench/crosslingual_search.py --native`` (figures in
docs/search.md); :data:`SHIPPED` is what the assistant uses, :data:`BASELINE` the search as
it was before those measurements.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BASELINE", "SHIPPED", "SearchOptions"]


@dataclass(frozen=True, slots=True)
class SearchOptions:
    """What the glossary does for a message in another language, and which relevance bar."""

    #: The categories named by the glossary's English words become category filters (a
    #: wrong or missing gloss then removes the right products); false: they only add
    #: ``gloss_boost`` to the score of the products in them (a feature, not a filter).
    gloss_filters: bool = True
    #: Added to the combined score (0..1) of a product in a category the glosses name.
    gloss_boost: float = 0.0
    #: German and Dutch compounds split into glossary words before encoding and BM25
    #: ("Kaschmirschal" -> "Kaschmir schal").
    decompound: bool = False
    #: The minimum relevance of the message's language (``Calibration.by_language``) instead
    #: of one bar for every language other than the catalog's.
    per_language_bar: bool = False
    #: Products of a category made for children ("Kids' clothing") rank after the others
    #: unless the message names children (in its words or its glosses): "hoodie" wants an
    #: adult's hoodie first, "hoodie for kids" a child's.
    audience_gate: bool = False


#: The search before the native-language benchmark (issue 20): glosses as filters, one bar.
BASELINE = SearchOptions()
#: What ships: the baseline. On the tuning half of bench/search_queries/native/ the bar per
#: language kept P@5 and declined more unsold requests, but on the test half it cost up to
#: 5 points of P@5 (German under 0.85) and it declines a plain "vous avez des sacs à dos
#: noirs ?"; decompounding and the glossary as a feature changed nothing on the tuning half
#: (docs/search.md). ``SearchOptions(per_language_bar=True)`` turns the bars on. The
#: audience gate ships: on the tuning half it raised P@5 in Spanish, Portuguese and Chinese
#: (adults' hoodies and rain jackets before children's) and lowered it nowhere.
SHIPPED = SearchOptions(audience_gate=True)
