"""Product search: filters read from the message, then semantic and lexical ranking.

One :meth:`ProductSearch.search` call:

1. the :class:`~knowledge.query.QueryParser` reads filters (price, colour, size, category,
   brand, in stock) and leaves the words to rank by; a message in another language is also
   read through the product glossary (:mod:`knowledge.query.glossary`): its English glosses
   set categories and are added to what BM25 and the encoder see;
2. the :class:`~knowledge.search.facets.FacetTable` turns the filters into the rows that
   can pass them; none left -> ``no_match="filters"`` with the filters whose removal
   would give results (``broaden``);
3. candidates come from the FAISS index (nearest vectors among the allowed products) and,
   in ``combined`` mode, from BM25; each gets a calibrated semantic score and a lexical
   score, combined as :mod:`knowledge.search.relevance` describes;
4. the minimum-relevance rule (its own bar for messages not in English) drops what is not
   close enough -> ``no_match="relevance"``
   rather than unrelated products; every hit is checked with ``ProductFilters.matches``;

A message with filters but no words to rank by ("anything under 20 euros") lists the
matching products by rating.

Prices are filtered as the shopper sees them: in the shop's
:class:`~knowledge.catalog.currencies.Storefront` currency (:attr:`ProductSearch.storefront`;
``SHOPBOT_STOREFRONT_CURRENCY`` and ``SHOPBOT_EXCHANGE_RATES`` when opened from the
settings), with the same conversion the replies show.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from core.db.database import Database
from core.errors import CatalogError
from core.settings import Settings
from knowledge.catalog.currencies import Storefront
from knowledge.catalog.schema import CatalogProduct
from knowledge.catalog.store import catalog_fingerprint, load_catalog
from knowledge.embedding_cache import EmbeddingCache, ProgressCallback
from knowledge.encoders import Encoder, load_encoder, short_name
from knowledge.index import ProductIndex, ensure_index
from knowledge.query import ParsedQuery, ProductFilters, QueryParser
from knowledge.query.glossary import glossary_for
from knowledge.search.facets import FacetTable, Rows
from knowledge.search.lexical import LexicalIndex, tokenize
from knowledge.search.options import SHIPPED, SearchOptions
from knowledge.search.relevance import Calibration, calibration_for
from knowledge.search.results import SearchHit, SearchResult
from knowledge.search.saved import SavedParts, load_parts, save_parts
from knowledge.search.terms import term_carriers

__all__ = ["MAX_QUERY_CHARS", "ProductSearch", "SearchMode"]

logger = logging.getLogger(__name__)

SearchMode = Literal["combined", "semantic", "lexical"]
_MODES = ("combined", "semantic", "lexical")

#: Longer messages are cut before parsing and encoding (a search request is short).
MAX_QUERY_CHARS = 500
#: Candidates taken from each signal before combining.
CANDIDATES = 60
#: Above this share of the catalog, filter FAISS results afterwards instead of inside FAISS.
_POST_FILTER_SHARE = 0.2
#: Words of a category name that make it a children's version of what adults buy too
#: ("Kids' clothing"); a category for babies and toddlers ("Baby & toddler") is its own
#: kind of product and is not gated (``SearchOptions.audience_gate``).
CHILDREN_CATEGORY_WORDS = frozenset(("kid", "kids", "child", "children", "junior"))
#: Words of a message (its English words or glosses) that name children.
CHILD_WORDS = CHILDREN_CATEGORY_WORDS | frozenset(
    ("boy", "boys", "girl", "girls", "son", "daughter", "toddler", "baby", "teen", "teenager")
)
#: What a children's product loses in the combined score (0..1) when the message names no
#: child: enough to rank after the adults' products that answer as well, not so much that
#: it leaves the first ten (the English labelled set grades some children's products as
#: relevant to requests that name no child: nDCG@10 0.9124 without the gate, 0.9111 with 0.1, 0.9098
#: with 1.0; the native-language sets' P@5 gains were the same at 0.1 and 1.0).
_AUDIENCE_PENALTY = 0.1
#: Sub-folder of an index folder holding the saved facet table and BM25.
PARTS_DIR = "search"
#: The catalog's language: messages in any other language are "translated" queries.
CATALOG_LANGUAGE = "en"
#: What the encoder sees for a translated query with glossary words: "original" (the
#: message's own words), "appended" (its words, then the English glosses) or "glosses".
TRANSLATED_ENCODING: Literal["original", "appended", "glosses"] = "appended"


class ProductSearch:
    """Search, similar items and history-based suggestions over one catalog."""

    def __init__(
        self,
        products: Sequence[CatalogProduct],
        index: ProductIndex,
        *,
        mode: SearchMode = "combined",
        parser: QueryParser | None = None,
        calibration: Calibration | None = None,
        storefront: Storefront | None = None,
        facets: FacetTable | None = None,
        lexical: LexicalIndex | None = None,
        options: SearchOptions = SHIPPED,
    ) -> None:
        """``facets`` and ``lexical``, when given (e.g. loaded from disk), must be those
        of ``products``; otherwise they are built here. ``options``: how messages in other
        languages are read (:mod:`knowledge.search.options`)."""
        if mode not in _MODES:
            raise CatalogError(f"unknown search mode {mode!r}: use one of {', '.join(_MODES)}")
        self.mode: SearchMode = mode
        self.index = index
        self._products = list(products)
        self._ids = [product.id for product in self._products]
        self._row_of = dict(zip(self._ids, range(len(self._ids)), strict=True))
        self.parser = parser or QueryParser(term_carriers(self._products))
        self.facets = facets or FacetTable(self._products)
        self.lexical = None
        if mode != "semantic":
            self.lexical = lexical if lexical is not None else LexicalIndex(self._products)
        self.calibration = calibration or calibration_for(index.encoder_name)
        self.options = options
        #: The shop's currency and rates, what price filters compare in (default: euros at
        #: the reference rates); :meth:`with_storefront` sets another.
        self.storefront = storefront or Storefront()
        self._ratings = np.array([p.rating or 0.0 for p in self._products], dtype=np.float32)
        self._layout: tuple[int, Rows, Rows] | None = None
        self._positions()

    # --- Construction ----------------------------------------------------------------------
    @classmethod
    def from_products(
        cls,
        products: Sequence[CatalogProduct],
        *,
        encoder: Encoder | str = "minilm",
        mode: SearchMode = "combined",
        cache_dir: Path | None = None,
        index_dir: Path | None = None,
        progress: ProgressCallback | None = None,
        kind: str = "auto",
    ) -> ProductSearch:
        """A search over ``products``; the index is kept in ``index_dir`` when given.

        An encoder given by name runs on one thread: one query at a time is what a search
        needs, and on a shared machine one thread answers several times faster than many.
        """
        encoder = load_encoder(encoder, threads=1) if isinstance(encoder, str) else encoder
        cache = EmbeddingCache(cache_dir) if cache_dir is not None else None
        fingerprint = catalog_fingerprint(products)
        if index_dir is None:
            index = ProductIndex.build(
                products, encoder, fingerprint=fingerprint, kind=kind, cache=cache,
                progress=progress,
            )  # fmt: skip
            return cls(products, index, mode=mode)
        index, _rebuilt = ensure_index(
            index_dir, products, encoder, fingerprint, kind=kind, cache=cache,
            progress=progress,
        )  # fmt: skip
        return cls.with_saved_parts(
            products, index, Path(index_dir) / PARTS_DIR, fingerprint=fingerprint, mode=mode
        )

    @classmethod
    def with_saved_parts(
        cls,
        products: Sequence[CatalogProduct],
        index: ProductIndex,
        directory: Path,
        *,
        fingerprint: str,
        mode: SearchMode = "combined",
    ) -> ProductSearch:
        """A search whose facet table and BM25 come from ``directory`` when they were saved
        there for this catalog (``fingerprint``); otherwise they are built and saved."""
        parts = load_parts(directory, fingerprint, len(products), lexical=mode != "semantic")
        if parts is not None:
            return cls(products, index, mode=mode, facets=parts.facets, lexical=parts.lexical)
        search = cls(products, index, mode=mode)
        try:
            save_parts(directory, fingerprint, SavedParts(search.facets, search.lexical))
        except OSError as error:  # e.g. another process saving at the same time
            logger.warning("the search structures were not saved in %s: %s", directory, error)
        return search

    @classmethod
    def open(
        cls,
        database: Database,
        settings: Settings,
        *,
        progress: ProgressCallback | None = None,
        threads: int | None = 1,
    ) -> ProductSearch:
        """The search over the active catalog in ``database``, as ``settings`` configure it."""
        products = load_catalog(database)
        encoder = load_encoder(settings.search_encoder, threads=threads)
        mode = settings.search_mode
        if mode not in _MODES:
            raise CatalogError(f"SHOPBOT_SEARCH_MODE must be one of {', '.join(_MODES)}")
        search = cls.from_products(
            products,
            encoder=encoder,
            mode=mode,  # type: ignore[arg-type]
            cache_dir=settings.embedding_cache_dir,
            index_dir=settings.index_dir / short_name(encoder.name),
            progress=progress,
        )
        return search.with_storefront(Storefront.from_settings(settings))

    def with_storefront(self, storefront: Storefront) -> ProductSearch:
        """This search (sharing its index and tables) filtering prices in ``storefront``;
        logs the catalog currencies it cannot convert (those prices are shown as they are)."""
        search = copy.copy(self)
        search.storefront = storefront
        currencies = {product.currency for product in self._products}
        missing = sorted(code for code in currencies if not storefront.can_show(code))
        if missing:
            logger.warning(
                "no exchange rate from %s to the storefront currency %s: those prices are "
                "shown unconverted (set SHOPBOT_EXCHANGE_RATES)",
                ", ".join(missing),
                storefront.currency,
            )
        return search

    # --- Lookups ---------------------------------------------------------------------------
    @property
    def products(self) -> list[CatalogProduct]:
        """The catalog, in index order."""
        return list(self._products)

    def get(self, product_id: str) -> CatalogProduct | None:
        """A product by id, or ``None``."""
        row = self._row_of.get(product_id)
        return None if row is None else self._products[row]

    # --- Search ----------------------------------------------------------------------------
    def search(self, text: str, *, language: str = "en", k: int = 10) -> SearchResult:
        """The best ``k`` products for a shopper's message (see the module docstring)."""
        query = self.parser.parse(
            text[:MAX_QUERY_CHARS],
            language,
            glossary=True,
            gloss_filters=self.options.gloss_filters,
        )
        rows = self.facets.rows(query.filters, self.storefront)
        if rows is not None and not len(rows):
            return SearchResult(query, (), "filters", self._broaden(query.filters))
        if not tokenize(query.semantic_text):
            if rows is None:
                return SearchResult(query, (), "empty")
            return SearchResult(query, self._by_rating(query.filters, rows, k))
        hits = self._ranked(query, rows, k)
        if not hits:
            return SearchResult(query, (), "relevance")
        return SearchResult(query, tuple(hits))

    def _ranked(self, query: ParsedQuery, rows: Rows | None, k: int) -> list[SearchHit]:
        fetch = max(CANDIDATES, 3 * k)
        encoded, words = _signal_texts(query, decompound=self.options.decompound)
        vector = self.index.encoder.encode_queries([encoded[:MAX_QUERY_CHARS]])[0]
        cosines: dict[str, float] = {}
        if self.mode != "lexical":
            cosines.update(self._semantic_candidates(vector, rows, fetch))
        lexical: dict[str, float] = {}
        if self.lexical is not None:
            lexical = self._lexical_candidates(words, rows, fetch)
            for product_id in lexical.keys() - cosines.keys():
                stored = self.index.vector(product_id)
                cosines[product_id] = 0.0 if stored is None else float(stored @ vector)
        minimum = self.calibration.minimum(
            translated=query.language != CATALOG_LANGUAGE,
            language=query.language if self.options.per_language_bar else None,
        )
        boosted = query.gloss_categories if self.options.gloss_boost else ()
        adults_first = self.options.audience_gate and not _names_children(query)
        return self._combine(
            query.filters, cosines, lexical, k, minimum, boosted, adults_first=adults_first
        )

    def _for_children(self, ids: Sequence[str]) -> npt.NDArray[np.float32]:
        """1.0 for each product with a level of its category path that names children."""
        flags = [
            any(
                CHILDREN_CATEGORY_WORDS.intersection(tokenize(level))
                for level in self._levels(product_id)
            )
            for product_id in ids
        ]
        return np.array(flags, dtype=np.float32)

    def _semantic_candidates(
        self, vector: np.ndarray, rows: Rows | None, fetch: int
    ) -> dict[str, float]:
        position_of_row, row_at = self._positions()
        if rows is None:
            found, cosines = self.index.search_positions(vector, fetch)
            return self._by_id(row_at[found], cosines)
        if len(rows) > _POST_FILTER_SHARE * len(self._products):
            allowed = np.zeros(len(self._products), dtype=bool)
            allowed[rows] = True
            share = len(rows) / len(self._products)
            found, cosines = self.index.search_positions(vector, int(fetch / share) + fetch)
            found_rows = row_at[found]
            kept = allowed[found_rows] & (found_rows >= 0)
            if kept.sum() >= fetch or len(found) >= len(self._products):
                return self._by_id(found_rows[kept], cosines[kept])
        mask = self.index.mask(position_of_row[rows])
        found, cosines = self.index.search_positions(vector, fetch, allowed=mask)
        return self._by_id(row_at[found], cosines)

    def _positions(self) -> tuple[Rows, Rows]:
        """FAISS position of each row (-1: not indexed), and row at each position (-1)."""
        if self._layout is None or self._layout[0] != self.index.revision:
            position_of_row = self.index.positions(self._ids)
            indexed = position_of_row >= 0
            row_at = np.full(self.index.position_count, -1, dtype=np.int64)
            row_at[position_of_row[indexed]] = np.flatnonzero(indexed)
            self._layout = (self.index.revision, position_of_row, row_at)
        return self._layout[1], self._layout[2]

    def _by_id(self, rows: Rows, cosines: np.ndarray) -> dict[str, float]:
        pairs = zip(rows.tolist(), cosines.tolist(), strict=True)
        return {self._ids[row]: float(cosine) for row, cosine in pairs if row >= 0}

    def _lexical_candidates(self, text: str, rows: Rows | None, fetch: int) -> dict[str, float]:
        """The ``fetch`` best BM25 scores above zero (among ``rows`` when given)."""
        assert self.lexical is not None
        scores = self.lexical.scores(text)
        found = np.flatnonzero(scores > 0) if rows is None else rows[scores[rows] > 0]
        if len(found) > fetch:
            found = found[np.argpartition(-scores[found], fetch - 1)[:fetch]]
        return {self._ids[row]: float(scores[row]) for row in found.tolist()}

    def _combine(
        self,
        filters: ProductFilters,
        cosines: dict[str, float],
        lexical: dict[str, float],
        k: int,
        minimum: float,
        boosted: Sequence[str] = (),
        *,
        adults_first: bool = False,
    ) -> list[SearchHit]:
        if not cosines and not lexical:
            return []
        ids = list(cosines.keys() | lexical.keys())
        semantic = self.calibration.semantic(
            np.array([cosines.get(i, 0.0) for i in ids], dtype=np.float32)
        )
        best_lexical = max(lexical.values(), default=0.0)
        words = np.array(
            [lexical.get(i, 0.0) / best_lexical if best_lexical else 0.0 for i in ids],
            dtype=np.float32,
        )
        weight = self.calibration.lexical_weight
        if self.mode == "semantic":
            scores, relevant = semantic, semantic >= minimum
        elif self.mode == "lexical":
            scores, relevant = words, words > 0
        else:
            scores = (1 - weight) * semantic + weight * words
            relevant = semantic >= minimum
        if boosted:
            boost = np.float32(self.options.gloss_boost) * self._in_categories(ids, boosted)
            scores = (scores + boost).astype(np.float32)
        if adults_first:
            penalty = np.float32(_AUDIENCE_PENALTY) * self._for_children(ids)
            scores = (scores - penalty).astype(np.float32)
        hits: list[SearchHit] = []
        for position in np.argsort(-scores, kind="stable"):
            product = self._products[self._row_of[ids[position]]]
            if not relevant[position] or not filters.matches(product, self.storefront):
                continue
            hits.append(
                SearchHit(
                    product,
                    float(scores[position]),
                    float(semantic[position]),
                    float(words[position]),
                )
            )
            if len(hits) == k:
                break
        return hits

    def _in_categories(
        self, ids: Sequence[str], categories: Sequence[str]
    ) -> npt.NDArray[np.float32]:
        """1.0 for each product with one of ``categories`` at some level of its path."""
        wanted = {name.casefold() for name in categories}
        flags = [
            any(level.casefold() in wanted for level in self._levels(product_id))
            for product_id in ids
        ]
        return np.array(flags, dtype=np.float32)

    def _levels(self, product_id: str) -> list[str]:
        product = self._products[self._row_of[product_id]]
        return [level.strip() for level in product.category_path.split(">")]

    def _by_rating(self, filters: ProductFilters, rows: Rows, k: int) -> tuple[SearchHit, ...]:
        order = rows[np.argsort(-self._ratings[rows], kind="stable")]
        hits: list[SearchHit] = []
        for row in order:
            product = self._products[int(row)]
            if filters.matches(product, self.storefront):
                hits.append(SearchHit(product, 1.0))
                if len(hits) == k:
                    break
        return tuple(hits)

    def _broaden(self, filters: ProductFilters) -> tuple[str, ...]:
        """Filters whose removal alone gives results, the most freeing first."""
        freed: list[tuple[int, str]] = []
        for name in filters.active_names():
            rows = self.facets.rows(filters.without(name), self.storefront)
            count = self.size if rows is None else len(rows)
            if count:
                freed.append((count, name))
        return tuple(name for _count, name in sorted(freed, key=lambda item: -item[0]))

    @property
    def size(self) -> int:
        """Number of products."""
        return len(self._products)

    # --- Recommendations -------------------------------------------------------------------
    def similar(self, product_id: str, k: int = 5) -> list[SearchHit]:
        """The nearest products to one product (itself excluded)."""
        return self.for_history([product_id], k)

    def for_history(
        self, product_ids: Collection[str], k: int = 5, *, exclude: Collection[str] = ()
    ) -> list[SearchHit]:
        """Products near the mean vector of ``product_ids`` (those and ``exclude`` left out)."""
        vectors = [v for v in (self.index.vector(p) for p in product_ids) if v is not None]
        if not vectors:
            return []
        centre = np.mean(np.stack(vectors), axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-12)
        skip = set(product_ids) | set(exclude)
        found = self.index.search(centre, k + len(skip))
        hits: list[SearchHit] = []
        for product_id, cosine in found:
            product = self.get(product_id)
            if product is None or product_id in skip:
                continue
            semantic = float(self.calibration.semantic(np.array([cosine]))[0])
            hits.append(SearchHit(product, semantic, semantic, 0.0))
            if len(hits) == k:
                break
        return hits


def _names_children(query: ParsedQuery) -> bool:
    """Whether the message (its words, or their English glosses) names children."""
    words = tokenize(" ".join((query.semantic_text, *query.glosses)))
    return not CHILD_WORDS.isdisjoint(words)


def _signal_texts(query: ParsedQuery, *, decompound: bool = False) -> tuple[str, str]:
    """What the encoder and BM25 see: the semantic text (German and Dutch compounds split
    when ``decompound``), and for a message in another language with glossary words also
    their English glosses (the catalog is English; :data:`TRANSLATED_ENCODING` chooses the
    encoder's text)."""
    text = query.semantic_text
    if decompound and query.language != CATALOG_LANGUAGE:
        glossary = glossary_for(query.language)
        text = glossary.decompound(text) if glossary is not None else text
    if not query.glosses or query.language == CATALOG_LANGUAGE:
        return text, text
    glosses = " ".join(query.glosses)
    words = f"{text} {glosses}"
    if TRANSLATED_ENCODING == "glosses":
        return glosses, words
    if TRANSLATED_ENCODING == "appended":
        return words, words
    return text, words
