"""FAISS building blocks of the product index: index kinds, int64 ids, filtered search.

Every FAISS index here is an ``IndexIDMap2`` over ``IndexFlatIP`` (exact) or
``IndexHNSWFlat`` (approximate, inner product), holding unit vectors under int64 ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import faiss as _faiss
import numpy as np

from knowledge.index_store import ProductIndexError

__all__ = [
    "EXACT_SUBSET_LIMIT",
    "FLAT_LIMIT",
    "HnswParams",
    "faiss_label",
    "label_array",
    "new_faiss_index",
    "resolve_kind",
    "search_faiss",
    "set_ef_search",
]

#: faiss's SWIG bindings are only partly typed (and wrongly, for keyword arguments).
faiss: Any = _faiss

#: ``kind="auto"`` builds an exact index up to this many items, HNSW above.
FLAT_LIMIT = 100_000
#: With ``allowed`` ids up to this many, HNSW search scores them exactly instead.
EXACT_SUBSET_LIMIT = 4096

Hits = list[tuple[str, float]]


@dataclass(frozen=True)
class HnswParams:
    """HNSW settings: graph degree ``m``, build breadth, search breadth (``efSearch``)."""

    m: int = 32
    ef_construction: int = 80
    ef_search: int = 64


def faiss_label(product_id: str, revision: int = 0) -> int:
    """The FAISS id of a product: 63 bits of SHA-256 of its id (and of a re-add's revision).

    Revisions above 0 are only used by HNSW indexes, whose old vector stays as a tombstone
    when a product's text changes.
    """
    data = product_id if revision == 0 else f"{product_id}\x00{revision}"
    digest = hashlib.sha256(data.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") & 0x7FFF_FFFF_FFFF_FFFF


def label_array(labels: Iterable[int]) -> Any:
    """FAISS ids as the int64 array FAISS expects."""
    return np.fromiter(labels, dtype=np.int64)


def resolve_kind(kind: str, count: int) -> Literal["flat", "hnsw"]:
    """``flat`` or ``hnsw`` for ``kind``: ``auto`` picks flat up to :data:`FLAT_LIMIT` items."""
    if kind == "auto":
        return "flat" if count <= FLAT_LIMIT else "hnsw"
    if kind == "flat":
        return "flat"
    if kind == "hnsw":
        return "hnsw"
    raise ProductIndexError(f"unknown index kind {kind!r}: use auto, flat or hnsw")


def new_faiss_index(kind: str, dimension: int, hnsw: HnswParams | None = None) -> Any:
    """An empty ``IndexIDMap2`` of the given kind."""
    if kind == "flat":
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
    params = hnsw or HnswParams()
    graph = faiss.IndexHNSWFlat(dimension, params.m, faiss.METRIC_INNER_PRODUCT)
    graph.hnsw.efConstruction = params.ef_construction
    graph.hnsw.efSearch = params.ef_search
    return faiss.IndexIDMap2(graph)


def set_ef_search(index: Any, ef_search: int) -> None:
    """Set ``efSearch`` of an HNSW ``IndexIDMap2``."""
    faiss.downcast_index(index.index).hnsw.efSearch = ef_search


def _hits(result: tuple[Any, Any], live: Mapping[int, str], allowed: set[int] | None) -> Hits:
    scores, labels = result
    hits = []
    for score, label in zip(scores[0].tolist(), labels[0].tolist(), strict=True):
        product_id = live.get(label)
        if product_id is not None and (allowed is None or label in allowed):
            hits.append((product_id, float(score)))
    return hits


def search_faiss(
    index: Any,
    kind: str,
    query: Any,
    k: int,
    *,
    live: Mapping[int, str],
    allowed: set[int] | None = None,
) -> Hits:
    """The ``k`` best live ids (restricted to ``allowed``) for one query row, best first.

    ``live`` maps the FAISS ids of current vectors to product ids; anything else FAISS
    returns (HNSW tombstones) is skipped. Flat indexes filter inside FAISS with an
    ``IDSelectorBatch``; HNSW scores a small ``allowed`` set exactly, else over-fetches
    (more as tombstones and filters thin the results) and filters.
    """
    if k <= 0 or not live or (allowed is not None and not allowed):
        return []
    if kind == "flat":
        if allowed is None:
            return _hits(index.search(query, min(k, len(live))), live, None)
        params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(label_array(allowed)))
        return _hits(index.search(query, min(k, len(allowed)), params=params), live, allowed)
    if allowed is not None and len(allowed) <= EXACT_SUBSET_LIMIT:
        labels = label_array(allowed)
        scores = index.reconstruct_batch(labels) @ query[0]
        order = np.argsort(-scores, kind="stable")[:k]
        return [(live[int(labels[i])], float(scores[i])) for i in order]
    total = int(index.ntotal)
    # Expected share of FAISS hits that survive the filters (tombstones spread evenly).
    share = len(live) / total * (1.0 if allowed is None else len(allowed) / len(live))
    fetch = min(total, int(k / share * 1.2) + 8)
    while True:
        hits = _hits(index.search(query, fetch), live, allowed)
        if len(hits) >= k or fetch >= total:
            return hits[:k]
        fetch = min(total, fetch * 4)
