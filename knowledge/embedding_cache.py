"""An on-disk cache of passage vectors, so rebuilding the index re-encodes only what changed.

Vectors are keyed by the encoder's :attr:`~knowledge.encoders.Encoder.name` and the SHA-256
of the exact passage text: a price or stock change (not part of the text) re-encodes
nothing, a changed description re-encodes that product only.

Format: one SQLite file per encoder under the cache folder (default
``var/cache/embeddings/``), named after the encoder (``st-all-MiniLM-L6-v2.sqlite3``), with
one row per vector (``key`` = the 32-byte digest, ``vector`` = float32 bytes). Every write is
one SQLite transaction, so a process killed mid-write leaves the previous state; rows of the
wrong length are ignored and overwritten, and a file that is not a readable database is moved
aside (``*.corrupt-<time>``) and started afresh: the cache can always be dropped safely.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.settings import PROJECT_ROOT
from knowledge.encoders import Encoder, Vectors, normalise_rows, short_name

__all__ = [
    "DEFAULT_CACHE_DIR",
    "CacheStats",
    "EmbeddingCache",
    "ProgressCallback",
    "encode_passages",
    "text_key",
]

logger = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = PROJECT_ROOT / "var" / "cache" / "embeddings"
#: ``progress(done, total)``: passages handled so far (cached or encoded) out of the total.
ProgressCallback = Callable[[int, int], None]
_LOOKUP_CHUNK = 500
_LOOKUP_WINDOW = 20_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def text_key(text: str) -> bytes:
    """The cache key of a passage: SHA-256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class CacheStats:
    """How many passage vectors came from the cache and how many were encoded."""

    from_cache: int = 0
    encoded: int = 0

    def __add__(self, other: CacheStats) -> CacheStats:
        return CacheStats(self.from_cache + other.from_cache, self.encoded + other.encoded)


class EmbeddingCache:
    """Passage vectors on disk, one SQLite file per encoder (see the module docs)."""

    def __init__(self, directory: str | Path = DEFAULT_CACHE_DIR) -> None:
        self.directory = Path(directory)

    def path_for(self, encoder_name: str) -> Path:
        """The SQLite file of one encoder (``minilm.sqlite3``, ``e5.sqlite3``, ...)."""
        slug = short_name(encoder_name)
        if slug not in ("minilm", "e5"):
            slug = f"{slug}-{hashlib.sha256(encoder_name.encode()).hexdigest()[:8]}"
        return self.directory / f"{slug}.sqlite3"

    @contextmanager
    def _connect(self, encoder_name: str) -> Iterator[sqlite3.Connection]:
        path = self.path_for(encoder_name)
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in (1, 2):
            try:
                connection = sqlite3.connect(path, timeout=30.0)
                try:
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.executescript(_SCHEMA)
                    connection.execute(
                        "INSERT OR IGNORE INTO meta (name, value) VALUES ('encoder', ?)",
                        (encoder_name,),
                    )
                    connection.commit()
                except BaseException:
                    connection.close()
                    raise
            except sqlite3.DatabaseError as error:
                if attempt == 2 or isinstance(error, sqlite3.OperationalError):
                    raise
                self._move_aside(path, error)
                continue
            with closing(connection):
                yield connection
            return

    @staticmethod
    def _move_aside(path: Path, error: Exception) -> None:
        target = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
        logger.warning("embedding cache %s is unreadable (%s); moved to %s", path, error, target)
        path.replace(target)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)

    def get_many(
        self, encoder_name: str, dimension: int, texts: Sequence[str]
    ) -> dict[bytes, Vectors]:
        """Cached vectors of ``texts`` by :func:`text_key` (misses are absent)."""
        keys = list(dict.fromkeys(text_key(text) for text in texts))
        found: dict[bytes, Vectors] = {}
        expected = dimension * 4
        try:
            with self._connect(encoder_name) as connection:
                for start in range(0, len(keys), _LOOKUP_CHUNK):
                    chunk = keys[start : start + _LOOKUP_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    rows = connection.execute(
                        f"SELECT key, vector FROM vectors WHERE key IN ({marks})",  # noqa: S608
                        chunk,
                    )
                    for key, blob in rows:
                        if len(blob) == expected:
                            found[bytes(key)] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.DatabaseError as error:
            if isinstance(error, sqlite3.OperationalError):
                raise
            self._move_aside(self.path_for(encoder_name), error)
            return {}
        return found

    def put_many(self, encoder_name: str, texts: Sequence[str], vectors: Vectors) -> None:
        """Store the vectors of ``texts`` (one transaction)."""
        if len(texts) != len(vectors):
            raise ValueError("texts and vectors differ in length")
        rows = [
            (text_key(text), np.ascontiguousarray(vector, dtype=np.float32).tobytes())
            for text, vector in zip(texts, vectors, strict=True)
        ]
        with self._connect(encoder_name) as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows
            )

    def count(self, encoder_name: str) -> int:
        """Number of vectors cached for an encoder."""
        with self._connect(encoder_name) as connection:
            (number,) = connection.execute("SELECT count(*) FROM vectors").fetchone()
        return int(number)


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
