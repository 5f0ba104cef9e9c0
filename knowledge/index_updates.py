"""Updates of the product index without a full rebuild: upsert, remove, sync.

Flat indexes remove and re-add vectors under the same FAISS id. HNSW graphs cannot remove
a vector: the old one becomes a tombstone (filtered out at search time) and the new one gets
a fresh id (:func:`~knowledge.index_faiss.faiss_label` with a revision); when tombstones
pass :data:`TOMBSTONE_LIMIT` of the graph, it is rebuilt from its own stored vectors, with no
re-encoding. :class:`IndexUpdates` is the part of :class:`knowledge.index.ProductIndex` that
does this.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from knowledge.embedding_cache import EmbeddingCache, ProgressCallback, encode_passages
from knowledge.encoders import Encoder
from knowledge.index_faiss import (
    HnswParams,
    add_vectors,
    faiss,
    faiss_label,
    label_array,
    new_faiss_index,
)

__all__ = ["TOMBSTONE_LIMIT", "IndexItem", "IndexUpdates", "UpdateStats", "now_iso", "text_hash"]

logger = logging.getLogger(__name__)

#: HNSW graphs are rebuilt when tombstones exceed this share of their vectors.
TOMBSTONE_LIMIT = 0.2


class IndexItem(Protocol):
    """What the index needs of a product (``knowledge.catalog``'s ``CatalogProduct`` fits)."""

    @property
    def id(self) -> str:
        """The product id."""
        ...

    def text_for_embedding(self) -> str:
        """The text whose vector represents the product."""
        ...


@dataclass(frozen=True)
class UpdateStats:
    """What a build or an update did, and how long it took."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    from_cache: int = 0
    encoded: int = 0
    compacted: bool = False
    seconds: float = 0.0


def text_hash(text: str) -> str:
    """The short hash of a product text kept per item (to skip unchanged texts)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def now_iso() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class IndexUpdates:
    """Upsert, remove and sync for :class:`knowledge.index.ProductIndex`."""

    kind: Literal["flat", "hnsw"]
    hnsw: HnswParams | None
    fingerprint: str
    updated_at: str
    last_stats: UpdateStats
    revision: int
    _index: Any
    _encoder: Encoder
    _cache: EmbeddingCache | None
    _entries: dict[str, tuple[int, str]]
    _id_of: dict[int, str]
    _tombstones: set[int]
    _lock: threading.RLock

    @property
    def dimension(self) -> int:
        """Vector length."""
        return int(self._index.d)

    def upsert(
        self,
        items: Iterable[IndexItem],
        *,
        fingerprint: str,
        cache: EmbeddingCache | None = None,
        progress: ProgressCallback | None = None,
    ) -> UpdateStats:
        """Add new products and re-encode those whose text changed; others are untouched."""
        started = time.perf_counter()
        cache = cache if cache is not None else self._cache
        with self._lock:
            changed: dict[str, tuple[str, str]] = {}
            unchanged = 0
            for item in items:
                text = item.text_for_embedding()
                digest = text_hash(text)
                entry = self._entries.get(item.id)
                if entry is not None and entry[1] == digest:
                    unchanged += 1
                else:
                    changed[item.id] = (text, digest)
            texts = [text for text, _ in changed.values()]
            vectors, cached = encode_passages(self._encoder, texts, cache=cache, progress=progress)
            existing = [pid for pid in changed if pid in self._entries]
            self._drop(existing)
            for pid, (_, digest) in changed.items():
                self._entries[pid] = (self._free_label(pid), digest)
            new_labels = [self._entries[pid][0] for pid in changed]
            self._id_of.update(zip(new_labels, changed, strict=True))
            if changed:
                add_vectors(self._index, vectors, label_array(new_labels))
            stats = UpdateStats(
                added=len(changed) - len(existing),
                updated=len(existing),
                unchanged=unchanged,
                from_cache=cached.from_cache,
                encoded=cached.encoded,
            )
            return self._finish(stats, fingerprint, started)

    def remove(self, ids: Iterable[str], *, fingerprint: str) -> UpdateStats:
        """Remove products (unknown ids are ignored)."""
        started = time.perf_counter()
        with self._lock:
            present = [pid for pid in dict.fromkeys(ids) if pid in self._entries]
            self._drop(present)
            for pid in present:
                del self._entries[pid]
            return self._finish(UpdateStats(removed=len(present)), fingerprint, started)

    def sync(
        self,
        items: Iterable[IndexItem],
        *,
        fingerprint: str,
        cache: EmbeddingCache | None = None,
        progress: ProgressCallback | None = None,
    ) -> UpdateStats:
        """Make the index hold exactly ``items``: upsert them and remove the others."""
        started = time.perf_counter()
        items = list(items)
        wanted = {item.id for item in items}
        with self._lock:
            gone = [pid for pid in self._entries if pid not in wanted]
            removed = self.remove(gone, fingerprint=fingerprint)
            stats = self.upsert(items, fingerprint=fingerprint, cache=cache, progress=progress)
            self.last_stats = replace(
                stats,
                removed=removed.removed,
                compacted=removed.compacted or stats.compacted,
                seconds=time.perf_counter() - started,
            )
            return self.last_stats

    def _free_label(self, pid: str) -> int:
        if self.kind == "flat":
            return faiss_label(pid)
        revision = 0
        while (label := faiss_label(pid, revision)) in self._id_of or label in self._tombstones:
            revision += 1
        return label

    def _drop(self, ids: Sequence[str]) -> None:
        """Take the vectors of ``ids`` out of search (entries stay until the caller acts)."""
        labels = [self._entries[pid][0] for pid in ids]
        for label in labels:
            del self._id_of[label]
        if not labels:
            return
        if self.kind == "flat":
            self._index.remove_ids(faiss.IDSelectorBatch(label_array(labels)))
        else:
            self._tombstones.update(labels)

    def _finish(self, stats: UpdateStats, fingerprint: str, started: float) -> UpdateStats:
        compacted = False
        if self._tombstones and len(self._tombstones) > TOMBSTONE_LIMIT * self._index.ntotal:
            self._compact()
            compacted = True
        self.fingerprint = fingerprint
        self.updated_at = now_iso()
        self.revision += 1
        self.last_stats = replace(stats, compacted=compacted, seconds=time.perf_counter() - started)
        return self.last_stats

    def _compact(self) -> None:
        """Rebuild the HNSW graph from its own live vectors (no re-encoding)."""
        ids = list(self._entries)
        old_labels = label_array(self._entries[pid][0] for pid in ids)
        vectors = self._index.reconstruct_batch(old_labels) if len(ids) else None
        self._index = new_faiss_index("hnsw", self.dimension, self.hnsw)
        self._entries = {pid: (faiss_label(pid), self._entries[pid][1]) for pid in ids}
        self._id_of = {label: pid for pid, (label, _) in self._entries.items()}
        self._tombstones.clear()
        if vectors is not None:
            add_vectors(self._index, vectors, label_array(faiss_label(pid) for pid in ids))
        logger.info("HNSW index compacted: %d vectors", len(ids))
