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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from core.settings import PROJECT_ROOT
from core.vector_cache import Progress, VectorCache, encode_through, text_key
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
ProgressCallback = Progress


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

    def encode(batch: list[str]) -> Vectors:
        return normalise_rows(encoder.encode_passages(batch), dimension)

    vectors, hits, encoded = encode_through(
        cache, encoder.name, dimension, texts, encode, batch_size=batch_size, progress=progress
    )
    return vectors, CacheStats(from_cache=hits, encoded=encoded)
