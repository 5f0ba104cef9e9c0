"""The large-catalog paths of product search: masks in FAISS, compact HNSW vectors, and the
facet table and BM25 saved to disk, each checked against the plain computation.

A deterministic hash encoder stands in for the models: these tests are about equivalence
of paths, not about ranking quality (``test_search_engine.py`` covers that).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import bm25s
import numpy as np
import pytest

from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.schema import CatalogProduct
from knowledge.encoders import Vectors, normalise_rows
from knowledge.index import HnswParams, ProductIndex
from knowledge.index_store import MANIFEST_NAME
from knowledge.query import PriceRange, ProductFilters
from knowledge.query.vocabulary import CatalogTerms
from knowledge.search import ProductSearch
from knowledge.search.engine import PARTS_DIR
from knowledge.search.facets import FacetTable
from knowledge.search.lexical import LexicalIndex, product_words, tokenize
from knowledge.search.saved import SavedParts, load_parts, save_parts
from knowledge.search.terms import term_carriers

DIMENSION = 48


class HashEncoder:
    """Sum of per-word random vectors (seeded by the word): similar texts, similar vectors."""

    name = "test:hash"
    dimension = DIMENSION

    def _vector(self, text: str) -> Vectors:
        total = np.zeros(DIMENSION)
        for word in tokenize(text):
            seed = int.from_bytes(hashlib.sha256(word.encode()).digest()[:8], "big")
            total += np.random.default_rng(seed).standard_normal(DIMENSION)
        return total.astype(np.float32)

    def encode_queries(self, texts: Sequence[str]) -> Vectors:
        return normalise_rows(np.array([self._vector(t) for t in texts]), DIMENSION)

    def encode_passages(self, texts: Sequence[str]) -> Vectors:
        return self.encode_queries(texts)


@pytest.fixture(scope="module")
def catalog() -> list[CatalogProduct]:
    return generate_catalog(600)


@pytest.fixture(scope="module")
def vectors(catalog: list[CatalogProduct]) -> Vectors:
    return HashEncoder().encode_passages([p.text_for_embedding() for p in catalog])


def _index(
    catalog: list[CatalogProduct], vectors: Vectors, kind: str, hnsw: HnswParams | None = None
) -> ProductIndex:
    ids = [p.id for p in catalog]
    return ProductIndex.from_vectors(
        ids, vectors, HashEncoder(), fingerprint="f", kind=kind, hnsw=hnsw
    )


def _exact(vectors: Vectors, query: Vectors, rows: np.ndarray, k: int) -> list[int]:
    scores = vectors[rows] @ query
    return [int(rows[i]) for i in np.argsort(-scores, kind="stable")[:k]]


def _random_rows(rng: random.Random, size: int) -> np.ndarray:
    share = rng.choice([0.002, 0.01, 0.05, 0.15, 0.3, 0.7, 1.0])
    return np.array(sorted(rng.sample(range(size), max(1, int(share * size)))), dtype=np.int64)


# --- Masks inside FAISS ------------------------------------------------------------------


def test_flat_mask_search_is_exact_search_over_the_allowed_rows(
    catalog: list[CatalogProduct], vectors: Vectors
) -> None:
    index = _index(catalog, vectors, kind="flat")
    positions = index.positions([p.id for p in catalog])
    assert positions.tolist() == list(range(len(catalog)))
    rng = random.Random(3)
    queries = HashEncoder().encode_queries(["waterproof boots", "steel bottle", "red dress"])
    for trial in range(30):
        rows = _random_rows(rng, len(catalog))
        query = queries[trial % 3]
        found, scores = index.search_positions(query, 20, allowed=index.mask(positions[rows]))
        assert found.tolist() == _exact(vectors, query, rows, 20)
        np.testing.assert_allclose(scores, vectors[found] @ query, rtol=1e-5, atol=1e-6)
        by_id = index.search(query, 20, allowed_ids=[catalog[r].id for r in rows])
        assert [pid for pid, _ in by_id] == [catalog[r].id for r in found]


@pytest.mark.parametrize("bits", [32, 16, 8])
def test_hnsw_mask_search_keeps_to_the_mask_and_finds_the_best(
    catalog: list[CatalogProduct], vectors: Vectors, bits: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = _index(catalog, vectors, kind="hnsw", hnsw=HnswParams(bits=bits))
    assert index.hnsw is not None and index.hnsw.bits == bits
    positions = index.positions([p.id for p in catalog])
    rng = random.Random(bits)
    queries = HashEncoder().encode_queries(["hiking boots", "cotton t-shirt", "yoga mat"])
    tolerance = {32: 1e-5, 16: 2e-3, 8: 3e-2}[bits]
    for limit in (10**9, 0):  # exact scoring of the allowed rows, then the graph's selector
        monkeypatch.setattr("knowledge.index_faiss.EXACT_SUBSET_LIMIT", limit)
        found_best = 0
        for trial in range(30):
            rows = _random_rows(rng, len(catalog))
            query = queries[trial % 3]
            found, scores = index.search_positions(query, 10, allowed=index.mask(positions[rows]))
            assert set(found.tolist()) <= set(rows.tolist())
            assert len(found) == min(10, len(rows))
            assert list(scores) == sorted(scores, reverse=True)
            np.testing.assert_allclose(scores, vectors[found] @ query, atol=tolerance)
            found_best += int(found[0]) == _exact(vectors, query, rows, 1)[0]
        assert found_best >= (30 if limit and bits == 32 else 26)


def test_tombstones_are_never_found_through_masks(
    catalog: list[CatalogProduct], vectors: Vectors
) -> None:
    index = _index(catalog[:100], vectors[:100], kind="hnsw")
    gone = [p.id for p in catalog[:10]]
    index.remove(gone, fingerprint="g")
    assert index.tombstone_count == 10 and index.revision == 1
    positions = index.positions([p.id for p in catalog[:100]])
    assert (positions[:10] == -1).all() and (positions[10:] >= 0).all()
    everything = np.ones(index.position_count, dtype=bool)
    for query in vectors[:10]:
        found, _ = index.search_positions(query, 100, allowed=everything)
        assert len(found) == 90 and not set(found.tolist()) & set(range(10))
        assert gone[0] not in [pid for pid, _ in index.search(query, 5)]


def test_compact_vectors_survive_save_and_load(
    catalog: list[CatalogProduct], vectors: Vectors, tmp_path: Path
) -> None:
    index = _index(catalog, vectors, kind="hnsw", hnsw=HnswParams(bits=8))
    index.save(tmp_path)
    loaded = ProductIndex.load(tmp_path, HashEncoder(), expected_fingerprint="f")
    assert loaded.hnsw == index.hnsw
    for query in vectors[:20]:
        assert loaded.search(query, 10) == index.search(query, 10)


def test_manifests_without_bits_describe_float_graphs(
    catalog: list[CatalogProduct], vectors: Vectors, tmp_path: Path
) -> None:
    _index(catalog, vectors, kind="hnsw", hnsw=HnswParams(bits=32)).save(tmp_path)
    manifest = json.loads((tmp_path / MANIFEST_NAME).read_text())
    del manifest["hnsw"]["bits"]
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(manifest))
    loaded = ProductIndex.load(tmp_path, HashEncoder(), expected_fingerprint="f")
    assert loaded.hnsw is not None and loaded.hnsw.bits == 32


# --- Query parser terms ----------------------------------------------------------------------


def test_term_carriers_give_the_parser_the_same_terms() -> None:
    catalog = generate_catalog(2400)
    shuffled = random.Random(2).sample(catalog, len(catalog))
    for products in (catalog, shuffled, catalog * 3):
        carriers = term_carriers(products)
        assert len(carriers) < len(catalog)
        assert CatalogTerms.from_products(carriers) == CatalogTerms.from_products(products)


# --- BM25 ----------------------------------------------------------------------------------


def test_bm25_scores_equal_bm25s_over_the_product_words(
    catalog: list[CatalogProduct], tmp_path: Path
) -> None:
    reference = bm25s.BM25()
    reference.index([product_words(p) for p in catalog], show_progress=False)
    lexical = LexicalIndex(catalog)
    lexical.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.size == len(catalog)
    for text in ("merino wool socks", "waterproof hiking boots boots", "steel", "zzz qqq", ""):
        expected = (
            reference.get_scores(words)
            if (words := [w for w in tokenize(text) if w in reference.vocab_dict])
            else np.zeros(len(catalog), dtype=np.float32)
        )
        np.testing.assert_array_equal(lexical.scores(text), expected)
        np.testing.assert_array_equal(loaded.scores(text), expected)


# --- Facets --------------------------------------------------------------------------------


def _random_filters(rng: random.Random, catalog: list[CatalogProduct]) -> ProductFilters:
    product = rng.choice(catalog)
    low = Decimal(rng.randint(0, 150))
    return ProductFilters(
        colours=tuple(rng.sample(product.colours, min(len(product.colours), rng.randint(0, 2)))),
        sizes=tuple(product.sizes[:1]) if rng.random() < 0.3 else (),
        categories=(product.leaf_category,) if rng.random() < 0.4 else (),
        brands=(product.brand,) if rng.random() < 0.2 else (),
        in_stock=rng.random() < 0.3,
        price=(
            PriceRange(minimum=low, maximum=low + rng.randint(5, 200), currency=rng.choice(
                [None, "EUR", "USD"]))
            if rng.random() < 0.5 else None
        ),
    )  # fmt: skip


def test_saved_facets_give_the_same_rows(catalog: list[CatalogProduct], tmp_path: Path) -> None:
    facets = FacetTable(catalog)
    facets.save(tmp_path / "facets.npz")
    loaded = FacetTable.load(tmp_path / "facets.npz")
    rng = random.Random(11)
    for _ in range(200):
        filters = _random_filters(rng, catalog)
        expected, got = facets.rows(filters), loaded.rows(filters)
        assert (expected is None) == (got is None)
        if expected is not None and got is not None:
            assert expected.tolist() == got.tolist()
            assert {r for r, p in enumerate(catalog) if filters.matches(p)} <= set(got.tolist())


def test_saved_parts_are_reused_for_their_catalog_only(
    catalog: list[CatalogProduct], tmp_path: Path
) -> None:
    lexical = LexicalIndex(catalog)
    parts = SavedParts(FacetTable(catalog), lexical)
    save_parts(tmp_path / "parts", "fp-1", parts)
    assert load_parts(tmp_path / "parts", "fp-2", len(catalog), lexical=True) is None
    assert load_parts(tmp_path / "parts", "fp-1", len(catalog) + 1, lexical=True) is None
    loaded = load_parts(tmp_path / "parts", "fp-1", len(catalog), lexical=True)
    assert loaded is not None and loaded.lexical is not None
    assert loaded.lexical.scores("boots").tolist() == lexical.scores("boots").tolist()
    save_parts(tmp_path / "parts", "fp-2", SavedParts(FacetTable(catalog), None))
    assert load_parts(tmp_path / "parts", "fp-2", len(catalog), lexical=True) is None
    assert load_parts(tmp_path / "parts", "fp-2", len(catalog), lexical=False) is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts"]
    (tmp_path / "parts" / "facets.npz").write_bytes(b"not a zip file")
    assert load_parts(tmp_path / "parts", "fp-2", len(catalog), lexical=False) is None


# --- The engine over saved parts and masks --------------------------------------------------

QUERIES = (
    "waterproof hiking boots under 120",
    "black leather bag",
    "merino wool socks in stock",
    "cotton t-shirt in size m",
    "stainless steel water bottle between 10 and 40 euros",
    "something warm for winter",
    "red dress",
)


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_engine_over_saved_parts_answers_as_the_one_that_built_them(
    catalog: list[CatalogProduct], vectors: Vectors, tmp_path: Path, kind: str
) -> None:
    index = _index(catalog, vectors, kind=kind)
    built = ProductSearch.with_saved_parts(catalog, index, tmp_path / PARTS_DIR, fingerprint="f")
    loaded = ProductSearch.with_saved_parts(catalog, index, tmp_path / PARTS_DIR, fingerprint="f")
    fresh = ProductSearch(catalog, index)
    for text in QUERIES:
        expected = [(h.product.id, h.score) for h in fresh.search(text).hits]
        assert [(h.product.id, h.score) for h in built.search(text).hits] == expected
        assert [(h.product.id, h.score) for h in loaded.search(text).hits] == expected


def test_engine_semantic_candidates_are_the_exact_best_allowed(
    catalog: list[CatalogProduct], vectors: Vectors
) -> None:
    search = ProductSearch(catalog, _index(catalog, vectors, kind="flat"), mode="semantic")
    rng = random.Random(5)
    for trial in range(40):
        rows = _random_rows(rng, len(catalog))
        query = vectors[trial]
        found = search._semantic_candidates(query, rows, 30)
        best = [catalog[r].id for r in _exact(vectors, query, rows, 30)]
        assert set(found) <= {catalog[r].id for r in rows}
        assert best == list(found)[: len(best)]


def test_parts_replaced_while_read_are_not_mixed(
    catalog: list[CatalogProduct], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_parts(tmp_path / "parts", "fp-1", SavedParts(FacetTable(catalog), None))
    real = FacetTable.load

    def load_then_replace(path: Path) -> FacetTable:
        table = real(path)
        save_parts(tmp_path / "parts", "fp-2", SavedParts(FacetTable(catalog[:10]), None))
        return table

    monkeypatch.setattr(FacetTable, "load", load_then_replace)
    assert load_parts(tmp_path / "parts", "fp-1", len(catalog), lexical=False) is None


def test_a_search_whose_parts_cannot_be_saved_still_answers(
    catalog: list[CatalogProduct],
    vectors: Vectors,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_args: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr("knowledge.search.engine.save_parts", refuse)
    index = _index(catalog, vectors, kind="flat")
    search = ProductSearch.with_saved_parts(catalog, index, tmp_path / PARTS_DIR, fingerprint="f")
    assert search.search("hiking boots").hits
