"""The semantic product index: FAISS over passage vectors, keyed by product id.

* ``kind="flat"``: exact inner product (``IndexFlatIP`` in ``IndexIDMap2``); ``"hnsw"``:
  an HNSW graph over half-float vectors (M=32, efSearch 64 by default; see
  :class:`HnswParams`); ``"auto"``: flat up to :data:`FLAT_LIMIT` items, HNSW above.
  Vectors are unit length: scores are cosines.
* Filters are boolean masks over FAISS positions (:meth:`ProductIndex.positions`,
  :meth:`ProductIndex.search_positions`), handed to FAISS as a bitmap selector.
* Product ids map to FAISS int64 ids with :func:`faiss_label` (SHA-256, deterministic).
* Updates without a rebuild: :meth:`ProductIndex.upsert`, :meth:`ProductIndex.remove` and
  :meth:`ProductIndex.sync`. Flat removes and re-adds vectors; HNSW cannot remove, so an
  old vector becomes a tombstone, filtered out at search time, and the graph is rebuilt
  from its stored vectors (no re-encoding) once tombstones pass :data:`TOMBSTONE_LIMIT`.
* :meth:`ProductIndex.load` refuses a stale or damaged index with :class:`StaleIndexError`
  (never silently used); :func:`ensure_index` loads, updates or rebuilds as needed.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from knowledge.embedding_cache import EmbeddingCache, ProgressCallback, encode_passages
from knowledge.encoders import Encoder, Vectors, normalise_rows
from knowledge.index_faiss import (
    EXACT_SUBSET_LIMIT,
    FLAT_LIMIT,
    HnswParams,
    Mask,
    add_vectors,
    faiss,
    faiss_label,
    label_array,
    new_faiss_index,
    resolve_kind,
    search_positions,
    set_ef_search,
)
from knowledge.index_store import (
    IndexManifest,
    ProductIndexError,
    StaleIndexError,
    read_faiss,
    read_manifest,
    write_index_files,
)
from knowledge.index_updates import (
    TOMBSTONE_LIMIT,
    IndexItem,
    IndexUpdates,
    UpdateStats,
    now_iso,
    text_hash,
)

__all__ = [
    "EXACT_SUBSET_LIMIT",
    "FLAT_LIMIT",
    "TOMBSTONE_LIMIT",
    "HnswParams",
    "IndexItem",
    "ProductIndex",
    "ProductIndexError",
    "StaleIndexError",
    "UpdateStats",
    "ensure_index",
    "faiss_label",
    "resolve_kind",
]

logger = logging.getLogger(__name__)


class ProductIndex(IndexUpdates):
    """Product vectors in FAISS; create with :meth:`build` or :meth:`load`."""

    def __init__(
        self,
        faiss_index: Any,
        encoder: Encoder,
        manifest: IndexManifest,
        cache: EmbeddingCache | None = None,
    ) -> None:
        self._index = faiss_index
        self._encoder = encoder
        self._cache = cache
        self.kind: Literal["flat", "hnsw"] = resolve_kind(manifest.kind, 0)
        self.hnsw: HnswParams | None = None
        if self.kind == "hnsw":
            # Manifests written before ``bits`` existed describe float32 graphs.
            known = {**asdict(HnswParams()), "bits": 32}
            self.hnsw = HnswParams(
                **{**known, **{k: v for k, v in manifest.hnsw.items() if k in known}}
            )
        self.fingerprint = manifest.fingerprint
        self.built_at = manifest.built_at
        self.updated_at = manifest.updated_at
        self._entries = dict(
            zip(manifest.ids, zip(manifest.labels, manifest.text_hashes, strict=True), strict=True)
        )
        self._id_of = {label: pid for pid, (label, _) in self._entries.items()}
        self._tombstones = set(manifest.tombstones)
        self.last_stats = UpdateStats()
        self.revision = 0
        self._layout: tuple[int, _Layout] | None = None
        self._lock = threading.RLock()

    # --- Facts -------------------------------------------------------------------------
    @property
    def encoder(self) -> Encoder:
        """The encoder of the vectors (queries must use it too)."""
        return self._encoder

    @property
    def encoder_name(self) -> str:
        """Name of the encoder whose vectors the index holds."""
        return self._encoder.name

    @property
    def ids(self) -> list[str]:
        """Product ids, in insertion order."""
        return list(self._entries)

    @property
    def tombstone_count(self) -> int:
        """Dead vectors still in an HNSW graph (0 for flat)."""
        return len(self._tombstones)

    @property
    def position_count(self) -> int:
        """FAISS positions in use (live vectors and HNSW tombstones): the length of a mask."""
        return int(self._index.ntotal)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, product_id: object) -> bool:
        return product_id in self._entries

    def manifest(self) -> IndexManifest:
        """The manifest describing this index (without the file fields of a save)."""
        with self._lock:
            labels = [label for label, _ in self._entries.values()]
            hashes = [text_hash for _, text_hash in self._entries.values()]
            return IndexManifest(
                encoder=self._encoder.name,
                dimension=self.dimension,
                kind=self.kind,
                fingerprint=self.fingerprint,
                built_at=self.built_at,
                updated_at=self.updated_at,
                ids=list(self._entries),
                labels=labels,
                text_hashes=hashes,
                tombstones=sorted(self._tombstones),
                hnsw=asdict(self.hnsw) if self.hnsw else {},
            )

    # --- Build, save, load ---------------------------------------------------------------
    @classmethod
    def from_vectors(
        cls,
        ids: Sequence[str],
        vectors: Vectors,
        encoder: Encoder,
        *,
        fingerprint: str,
        text_hashes: Sequence[str] | None = None,
        kind: str = "auto",
        hnsw: HnswParams | None = None,
        cache: EmbeddingCache | None = None,
    ) -> ProductIndex:
        """An index over vectors already computed (rows aligned with ``ids``)."""
        if len(set(ids)) != len(ids):
            raise ProductIndexError("duplicate product ids")
        resolved = resolve_kind(kind, len(ids))
        labels = [faiss_label(pid) for pid in ids]
        if len(set(labels)) != len(labels):  # pragma: no cover - 2**-63 per pair
            raise ProductIndexError("two product ids share a FAISS id")
        vectors = normalise_rows(vectors, encoder.dimension)
        if len(vectors) != len(ids):
            raise ProductIndexError(f"{len(vectors)} vectors for {len(ids)} products")
        faiss_index = new_faiss_index(resolved, encoder.dimension, hnsw)
        add_vectors(faiss_index, vectors, label_array(labels))
        now = now_iso()
        manifest = IndexManifest(
            encoder=encoder.name,
            dimension=encoder.dimension,
            kind=resolved,
            fingerprint=fingerprint,
            built_at=now,
            updated_at=now,
            ids=list(ids),
            labels=labels,
            text_hashes=list(text_hashes) if text_hashes is not None else [""] * len(ids),
            hnsw=asdict(hnsw or HnswParams()) if resolved == "hnsw" else {},
        )
        return cls(faiss_index, encoder, manifest, cache)

    @classmethod
    def build(
        cls,
        items: Iterable[IndexItem],
        encoder: Encoder,
        *,
        fingerprint: str,
        kind: str = "auto",
        cache: EmbeddingCache | None = None,
        progress: ProgressCallback | None = None,
        hnsw: HnswParams | None = None,
    ) -> ProductIndex:
        """Encode ``items`` (through ``cache``) and index them; ``last_stats`` tells how."""
        started = time.perf_counter()
        items = list(items)
        texts = [item.text_for_embedding() for item in items]
        ids = [item.id for item in items]
        if len(set(ids)) != len(ids):
            raise ProductIndexError("duplicate product ids")
        vectors, cached = encode_passages(encoder, texts, cache=cache, progress=progress)
        index = cls.from_vectors(
            ids,
            vectors,
            encoder,
            fingerprint=fingerprint,
            text_hashes=[text_hash(text) for text in texts],
            kind=kind,
            hnsw=hnsw,
            cache=cache,
        )
        index.last_stats = UpdateStats(
            added=len(ids),
            from_cache=cached.from_cache,
            encoded=cached.encoded,
            seconds=time.perf_counter() - started,
        )
        return index

    def save(self, directory: str | Path) -> Path:
        """Write the index and its manifest into ``directory`` (atomically); returns it."""
        with self._lock:
            return write_index_files(directory, self._index, self.manifest())

    @classmethod
    def load(
        cls,
        directory: str | Path,
        encoder: Encoder,
        *,
        expected_fingerprint: str | None,
        cache: EmbeddingCache | None = None,
    ) -> ProductIndex:
        """The index saved in ``directory``, checked for ``encoder`` and the catalog.

        Raises :class:`StaleIndexError` when files are missing or damaged, the encoder's
        name or dimension differs, or the fingerprint differs from ``expected_fingerprint``
        (``None`` skips that check, e.g. to update the index incrementally).
        """
        manifest = read_manifest(directory)
        if manifest.encoder != encoder.name:
            raise StaleIndexError(
                "encoder", f"the index was built with {manifest.encoder}, not {encoder.name}"
            )
        if manifest.dimension != encoder.dimension:
            raise StaleIndexError(
                "dimension",
                f"the index has dimension {manifest.dimension}, the encoder {encoder.dimension}",
            )
        if expected_fingerprint is not None and manifest.fingerprint != expected_fingerprint:
            raise StaleIndexError("fingerprint", "the catalog changed since the index was built")
        return cls(read_faiss(directory, manifest), encoder, manifest, cache)

    # --- Search ------------------------------------------------------------------------
    def search(
        self, query_vector: Any, k: int, *, allowed_ids: Collection[str] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest products as ``(id, cosine)``, best first.

        With ``allowed_ids``, only those products are candidates (unknown ids are ignored).
        """
        with self._lock:
            allowed = None
            if allowed_ids is not None:
                allowed = self.mask(self.positions(list(allowed_ids)))
            found, scores = self.search_positions(query_vector, k, allowed=allowed)
            layout = self._current_layout()
            return [
                (self._id_of[int(label)], float(score))
                for label, score in zip(layout.labels[found], scores, strict=True)
            ]

    def positions(self, product_ids: Sequence[str]) -> npt.NDArray[np.int64]:
        """The FAISS positions of ``product_ids`` (-1 for unknown ids), for masks.

        Positions change when the index is updated: they hold while :attr:`revision` does.
        """
        with self._lock:
            layout = self._current_layout()
            if len(product_ids) == len(self._entries) and list(product_ids) == list(self._entries):
                wanted = np.fromiter(
                    (label for label, _ in self._entries.values()), np.int64, len(self._entries)
                )
            else:
                entries = self._entries
                wanted = label_array(entries[p][0] if p in entries else -1 for p in product_ids)
            return layout.find(wanted)

    def mask(self, positions: npt.NDArray[np.int64]) -> Mask:
        """A boolean mask over FAISS positions with ``positions`` set (-1 ignored)."""
        with self._lock:
            allowed = np.zeros(self.position_count, dtype=bool)
            allowed[positions[positions >= 0]] = True
            return allowed

    def search_positions(
        self, query_vector: Any, k: int, *, allowed: Mask | None = None
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The ``k`` nearest live positions (within ``allowed``) and their cosines, best first."""
        query = normalise_rows(query_vector, self.dimension)[:1]
        with self._lock:
            if k <= 0 or not self._entries:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            if self._tombstones:
                live = self._current_layout().live
                allowed = live if allowed is None else allowed & live
            return search_positions(self._index, self.kind, query, k, allowed)

    def _current_layout(self) -> _Layout:
        if self._layout is None or self._layout[0] != self.revision:
            labels = faiss.vector_to_array(self._index.id_map).astype(np.int64)
            live = np.ones(len(labels), dtype=bool)
            if self._tombstones:
                live = ~np.isin(labels, label_array(self._tombstones))
            self._layout = (self.revision, _Layout(labels, live))
        return self._layout[1]

    def set_ef_search(self, ef_search: int) -> None:
        """Change HNSW's search breadth (recall against speed); no-op for flat."""
        with self._lock:
            if self.hnsw is not None:
                set_ef_search(self._index, ef_search)
                self.hnsw = replace(self.hnsw, ef_search=ef_search)

    def vector(self, product_id: str) -> Vectors | None:
        """The stored vector of a product (for "similar items"), or ``None``."""
        with self._lock:
            entry = self._entries.get(product_id)
            if entry is None:
                return None
            vector: Vectors = self._index.reconstruct(entry[0])
            return vector


class _Layout:
    """FAISS labels by position, which positions are live, and label -> position lookup."""

    def __init__(self, labels: npt.NDArray[np.int64], live: Mask) -> None:
        self.labels = labels
        self.live = live
        self._order = np.argsort(labels, kind="stable")
        self._sorted = labels[self._order]

    def find(self, labels: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Live positions of ``labels`` (-1 where absent or a tombstone)."""
        if not len(self._sorted):
            return np.full(len(labels), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(self._sorted, labels), len(self._sorted) - 1)
        positions = self._order[at].astype(np.int64)
        found = (self._sorted[at] == labels) & self.live[positions]
        return np.where(found, positions, -1)


def ensure_index(
    directory: str | Path,
    items: Iterable[IndexItem],
    encoder: Encoder,
    fingerprint: str,
    *,
    kind: str = "auto",
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    hnsw: HnswParams | None = None,
) -> tuple[ProductIndex, bool]:
    """A current index of ``items`` in ``directory``; ``rebuilt`` tells if it was built anew.

    A saved index for the same encoder is used as it is when its fingerprint matches, else
    brought up to date with :meth:`ProductIndex.sync` (only changed texts are encoded) and
    saved. It is rebuilt from scratch (and saved) when it is missing, damaged or for another
    encoder, or when ``kind`` (other than ``auto``, which accepts the saved kind) or the HNSW
    graph parameters of ``hnsw`` differ; ``hnsw.ef_search`` alone is applied without one.
    """
    items = list(items)
    wanted = resolve_kind(kind, len(items))
    try:
        index = ProductIndex.load(directory, encoder, expected_fingerprint=None, cache=cache)
    except StaleIndexError as error:
        logger.info("rebuilding the product index: %s", error)
    else:
        same_kind = kind == "auto" or index.kind == wanted
        same_graph = (
            index.hnsw is None
            or hnsw is None
            or (index.hnsw.m, index.hnsw.ef_construction, index.hnsw.bits)
            == (hnsw.m, hnsw.ef_construction, hnsw.bits)
        )
        if same_kind and same_graph:
            if hnsw is not None:
                index.set_ef_search(hnsw.ef_search)
            if index.fingerprint != fingerprint:
                index.sync(items, fingerprint=fingerprint, cache=cache, progress=progress)
                index.save(directory)
            return index, False
        logger.info("rebuilding the product index: other kind or HNSW parameters wanted")
    index = ProductIndex.build(
        items,
        encoder,
        fingerprint=fingerprint,
        kind=wanted,
        cache=cache,
        progress=progress,
        hnsw=hnsw,
    )
    index.save(directory)
    return index, True
