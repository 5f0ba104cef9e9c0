"""The lexical signal: BM25 (``bm25s``) over the words of each product.

Words are lower-cased, split on anything that is not a letter or digit, and reduced by a
light plural rule ("boots" -> "boot", "batteries" -> "battery", "watches" -> "watch") that
is applied the same way to products and queries; English stop words are dropped. The
title counts twice, then brand, category path, tags, colours, materials and description:
a word in the title outweighs the same word deep in a description.

An index is built once (fields that repeat across products, such as brands and category
paths, are tokenized once) and saved with ``bm25s``'s own format; :meth:`LexicalIndex.load`
maps the score matrix from disk instead of rebuilding it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import bm25s
import numpy as np
import numpy.typing as npt

from knowledge.catalog.schema import CatalogProduct

__all__ = ["LexicalIndex", "product_words", "tokenize"]

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


def _fields(product: CatalogProduct) -> tuple[str, ...]:
    return (
        product.title,
        product.title,
        product.brand,
        product.category_path,
        " ".join(product.tags),
        " ".join(product.colours),
        " ".join(product.materials),
        product.description,
    )


def product_words(product: CatalogProduct) -> list[str]:
    """The lexical document of a product (title twice)."""
    return tokenize(" ".join(_fields(product)))


class _Vocabulary:
    """Token ids of product documents; each distinct field text is tokenized once.

    Tokens never span the spaces that join a product's fields, so a document's ids are the
    concatenation of its fields' ids: the same document as :func:`product_words`.
    """

    def __init__(self, cache_limit: int = 200_000) -> None:
        self.ids: dict[str, int] = {}
        self._fields: dict[str, list[int]] = {}
        self._limit = cache_limit

    def field(self, text: str) -> list[int]:
        found = self._fields.get(text)
        if found is None:
            found = [self.ids.setdefault(w, len(self.ids)) for w in tokenize(text)]
            if len(self._fields) < self._limit:
                self._fields[text] = found
        return found

    def documents(self, products: Sequence[CatalogProduct]) -> Iterator[list[int]]:
        for product in products:
            yield [i for text in _fields(product) for i in self.field(text)]


class LexicalIndex:
    """BM25 scores of every product for a query, rows aligned with ``products``."""

    def __init__(self, products: Sequence[CatalogProduct]) -> None:
        self.size = len(products)
        self._bm25 = bm25s.BM25()
        if products:
            vocabulary = _Vocabulary()
            documents = list(vocabulary.documents(products))
            self._bm25.index((documents, vocabulary.ids), show_progress=False)

    @classmethod
    def load(cls, directory: str | Path, *, mmap: bool = True) -> LexicalIndex:
        """An index written by :meth:`save` (its score matrix memory-mapped by default)."""
        index = cls.__new__(cls)
        index._bm25 = bm25s.BM25.load(str(directory), mmap=mmap, show_progress=False)
        index.size = int(index._bm25.scores["num_docs"])
        return index

    def save(self, directory: str | Path) -> None:
        """Write the index into ``directory`` (``bm25s``'s files)."""
        if not self.size:
            raise ValueError("an empty lexical index is not saved")
        self._bm25.save(str(directory), show_progress=False)

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """One BM25 score per product (all zeros when no query word is in the catalog)."""
        words = tokenize(text)
        if not self.size or not words:
            return np.zeros(self.size, dtype=np.float32)
        scores: npt.NDArray[np.float32] = self._bm25.get_scores(words)
        return scores
