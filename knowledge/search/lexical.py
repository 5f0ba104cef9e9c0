"""The lexical signal: BM25 (``bm25s``) over the words of each product.

Words are lower-cased, split on anything that is not a letter or digit, and reduced by a
light plural rule ("boots" -> "boot", "batteries" -> "battery", "watches" -> "watch") that
is applied the same way to products and queries; English stop words are dropped. The
title counts twice, then brand, category path, tags, colours, materials and description:
a word in the title outweighs the same word deep in a description.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import bm25s
import numpy as np
import numpy.typing as npt

from knowledge.catalog.schema import CatalogProduct

__all__ = ["LexicalIndex", "tokenize"]

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# fmt: off
_STOP_WORDS = frozenset((
    "a", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from",
    "have", "i", "im", "in", "is", "it", "its", "looking", "me", "my", "need", "of", "on", "or",
    "please", "show", "some", "something", "that", "the", "their", "them", "these", "this",
    "to", "want", "we", "what", "which", "with", "would", "you", "your", "like", "got", "get",
    "find", "buy", "one", "ones", "s", "t",
))
# fmt: on


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]


def tokenize(text: str) -> list[str]:
    """The words BM25 sees (see the module docstring)."""
    words = (_singular(w) for w in _WORD.findall(text.casefold()))
    return [w for w in words if w not in _STOP_WORDS]


def product_words(product: CatalogProduct) -> list[str]:
    """The lexical document of a product (title twice)."""
    fields = (
        product.title,
        product.title,
        product.brand,
        product.category_path,
        " ".join(product.tags),
        " ".join(product.colours),
        " ".join(product.materials),
        product.description,
    )
    return tokenize(" ".join(fields))


class LexicalIndex:
    """BM25 scores of every product for a query, rows aligned with ``products``."""

    def __init__(self, products: Sequence[CatalogProduct]) -> None:
        self.size = len(products)
        self._bm25 = bm25s.BM25()
        documents = [product_words(p) for p in products]
        if products:
            self._bm25.index(documents, show_progress=False)

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """One BM25 score per product (all zeros when no query word is in the catalog)."""
        words = tokenize(text)
        if not self.size or not words:
            return np.zeros(self.size, dtype=np.float32)
        scores: npt.NDArray[np.float32] = self._bm25.get_scores(words)
        return scores
