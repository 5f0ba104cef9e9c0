"""An on-disk cache of passage vectors, so rebuilding the index re-encodes only what changed.

Vectors are keyed by the encoder's :attr:`~knowledge.encoders.Encoder.name` and the SHA-256
of the exact passage text: a price or stock change (not part of the text) re-encodes
nothing, a changed description re-encodes that product only.

Format: :class:`core.vector_cache.VectorCache`, one SQLite file per encoder under the cache
folder (default ``var/cache/embeddings/``), named after the encoder (``e5.sqlite3``). The Rasa
side keeps its training vectors of e5 ``query:`` texts in the same folder, in files of their
own (``bot.multilingual``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import PROJECT_ROOT
from core.vector_cache import VectorCache, text_key
from knowledge.encoders import Encoder, Vectors, normalise_rows, short_name

__all__ = [
    "DEFAULT_CACHE_DIR",
    "CacheStats",
    "EmbeddingCache",
    "ProgressCallback",
    "encode_passages",
    "text_key",
]

DEFAULT_CACHE_DIR = PROJECT_ROOT / "var" / "cache" / "embeddings"
#: ``progress(done, total)``: passages handled so far (cached or encoded) out of the total.
ProgressCallback = Callable[[int, int], None]
_LOOKUP_WINDOW = 20_000


@dataclass(frozen=True)
class CacheStats:
    """How many passage vectors came from the cache and how many were encoded."""

    from_cache: int = 0
    encoded: int = 0

    def __add__(self, other: CacheStats) -> CacheStats:
        return CacheStats(self.from_cache + other.from_cache, self.encoded + other.encoded)


class EmbeddingCache(VectorCache):
    """Passage vectors on disk, one SQLite file per encoder (see the module docs)."""

    def __init__(self, directory: str | Path = DEFAULT_CACHE_DIR) -> None:
        super().__init__(directory)

    def path_for(self, store: str) -> Path:
        """The SQLite file of one encoder (``minilm.sqlite3``, ``e5.sqlite3``, ...)."""
        slug = short_name(store)
        if slug not in ("minilm", "e5"):
            slug = f"{slug}-{hashlib.sha256(store.encode()).hexdigest()[:8]}"
        return self.directory / f"{slug}.sqlite3"


def encode_passages(
    encoder: Encoder,
    texts: Sequence[str],
    *,
    cache: EmbeddingCache | None = None,
    batch_size: int = 64,
    progress: ProgressCallback | None = None,
) -> tuple[Vectors, CacheStats]:
    """Vectors of ``texts`` (rows in order), from ``cache`` where possible.

    Identical texts are encoded once. Newly encoded vectors are written to the cache after
    each batch, so an interrupted run keeps its work.
    """
    dimension = encoder.dimension
    total = len(texts)
    result = np.zeros((total, dimension), dtype=np.float32)
    positions: dict[bytes, list[int]] = {}
    for start in range(0, total, _LOOKUP_WINDOW):  # bounded memory on large catalogs
        window = texts[start : start + _LOOKUP_WINDOW]
        cached = cache.get_many(encoder.name, dimension, window) if cache is not None else {}
        for position, text in enumerate(window, start=start):
            key = text_key(text)
            if key in cached:
                result[position] = cached[key]
            else:
                positions.setdefault(key, []).append(position)
    hits = total - sum(len(group) for group in positions.values())
    if progress is not None:
        progress(hits, total)
    missing = list(positions)
    done = hits
    for start in range(0, len(missing), batch_size):
        batch_keys = missing[start : start + batch_size]
        batch_texts = [texts[positions[key][0]] for key in batch_keys]
        vectors = normalise_rows(encoder.encode_passages(batch_texts), dimension)
        if len(vectors) != len(batch_texts):
            raise ValueError(
                f"{encoder.name} returned {len(vectors)} vectors for {len(batch_texts)}"
            )
        if cache is not None:
            cache.put_many(encoder.name, batch_texts, vectors)
        for key, vector in zip(batch_keys, vectors, strict=True):
            for position in positions[key]:
                result[position] = vector
                done += 1
        if progress is not None:
            progress(done, total)
    return result, CacheStats(from_cache=hits, encoded=len(missing))
