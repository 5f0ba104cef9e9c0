"""FAISS building blocks of the product index: index kinds, int64 ids, filtered search.

Every FAISS index here is an ``IndexIDMap2`` holding unit vectors under int64 ids, over
``IndexFlatIP`` (exact, float32) or an HNSW graph (approximate, inner product) whose
vectors are stored with :attr:`HnswParams.bits` bits per component: 16 (half floats,
``IndexHNSWSQ``, the default: half the memory, cosines within about 1e-3), 8 (8-bit scalar
quantizer, a quarter) or 32 (``IndexHNSWFlat``).

Searches run on the inner index by *position* (FAISS's sequential internal id), so that
a filter is a boolean mask over positions, handed to FAISS as an ``IDSelectorBitmap``:
no id sets are built per query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import faiss as _faiss
import numpy as np
import numpy.typing as npt

from knowledge.index_store import ProductIndexError

__all__ = [
    "EXACT_SUBSET_LIMIT",
    "FILTERED_EF_LIMIT",
    "FLAT_LIMIT",
    "HnswParams",
    "Mask",
    "add_vectors",
    "faiss_label",
    "label_array",
    "new_faiss_index",
    "resolve_kind",
    "search_positions",
    "set_ef_search",
]

#: faiss's SWIG bindings are only partly typed (and wrongly, for keyword arguments).
faiss: Any = _faiss

#: ``kind="auto"`` builds an exact index up to this many items, HNSW above.
FLAT_LIMIT = 100_000
#: HNSW searches with up to this many allowed positions score them all exactly instead
#: (their codes are scattered in memory: beyond a few thousand, the graph is faster).
EXACT_SUBSET_LIMIT = 2048
#: Largest search breadth of a filtered HNSW search (raised as the mask thins out).
FILTERED_EF_LIMIT = 1024
#: Scalar quantizer types by bits per component (32 is ``IndexHNSWFlat``).
_SQ_TYPES = {16: "QT_fp16", 8: "QT_8bit"}

Mask = npt.NDArray[np.bool_]
Positions = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float32]


@dataclass(frozen=True)
class HnswParams:
    """HNSW settings: graph degree ``m``, build and search breadth, bits per component."""

    m: int = 32
    ef_construction: int = 80
    ef_search: int = 64
    bits: int = 16


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
    if params.bits == 32:
        graph = faiss.IndexHNSWFlat(dimension, params.m, faiss.METRIC_INNER_PRODUCT)
    elif params.bits in _SQ_TYPES:
        quantizer = getattr(faiss.ScalarQuantizer, _SQ_TYPES[params.bits])
        graph = faiss.IndexHNSWSQ(dimension, quantizer, params.m, faiss.METRIC_INNER_PRODUCT)
    else:
        raise ProductIndexError(f"HNSW vectors take 32, 16 or 8 bits, not {params.bits}")
    graph.hnsw.efConstruction = params.ef_construction
    graph.hnsw.efSearch = params.ef_search
    return faiss.IndexIDMap2(graph)


def add_vectors(index: Any, vectors: Any, labels: Any) -> None:
    """Add vectors under FAISS ids, training the quantizer first when it needs it (SQ8)."""
    if not len(labels):
        return
    if not index.is_trained:
        index.train(vectors)
    index.add_with_ids(vectors, labels)


def set_ef_search(index: Any, ef_search: int) -> None:
    """Set ``efSearch`` of an HNSW ``IndexIDMap2``."""
    faiss.downcast_index(index.index).hnsw.efSearch = ef_search


def search_positions(
    index: Any, kind: str, query: Any, k: int, allowed: Mask | None = None
) -> tuple[Positions, Scores]:
    """The ``k`` best positions of ``index`` for one query row, best first, and their cosines.

    ``allowed`` (a mask over positions, ``ntotal`` long) restricts the candidates inside
    FAISS with an ``IDSelectorBitmap``. Flat search is exact either way; HNSW scores up to
    :data:`EXACT_SUBSET_LIMIT` allowed positions exactly, and otherwise searches the graph
    with the selector and a search breadth raised as the mask thins out (up to
    :data:`FILTERED_EF_LIMIT`).
    """
    total = int(index.ntotal)
    count = total if allowed is None else int(np.count_nonzero(allowed))
    k = min(k, count)
    if k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    inner = faiss.downcast_index(index.index)
    if allowed is None:
        if kind == "hnsw":
            params = faiss.SearchParametersHNSW()
            params.efSearch = max(int(inner.hnsw.efSearch), k)
            return _best(inner.search(query, k, params=params))
        return _best(inner.search(query, k))
    selector = faiss.IDSelectorBitmap(np.packbits(allowed, bitorder="little"))
    if kind == "flat":
        return _best(inner.search(query, k, params=faiss.SearchParameters(sel=selector)))
    if count <= EXACT_SUBSET_LIMIT:
        return _exact(inner, np.flatnonzero(allowed), query, k)
    params = faiss.SearchParametersHNSW(sel=selector)
    wanted = min(FILTERED_EF_LIMIT, int(k * total / count))
    params.efSearch = max(int(inner.hnsw.efSearch), k, wanted)
    return _best(inner.search(query, k, params=params))


def _best(result: tuple[Any, Any]) -> tuple[Positions, Scores]:
    scores, positions = result
    found = positions[0] >= 0
    return positions[0][found].astype(np.int64), scores[0][found].astype(np.float32)


def _exact(inner: Any, positions: Positions, query: Any, k: int) -> tuple[Positions, Scores]:
    """Exact inner products of the stored (decoded) vectors at ``positions``."""
    storage = faiss.downcast_index(inner.storage)
    size = int(storage.code_size)
    codes = faiss.rev_swig_ptr(storage.codes.data(), int(storage.ntotal) * size)
    scores = storage.sa_decode(codes.reshape(-1, size)[positions]) @ query[0]
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    order = top[np.argsort(-scores[top], kind="stable")]
    return positions[order], scores[order].astype(np.float32)
