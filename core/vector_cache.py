"""Vectors on disk keyed by the exact text they encode, so nothing is encoded twice.

One SQLite file per store (an encoder and the way it is used: passages, queries) in a cache
folder, one row per vector (``key`` = the SHA-256 of the UTF-8 text, ``vector`` = float32
bytes). Every write is one SQLite transaction, so a process killed mid-write leaves the
previous state; rows of the wrong length are ignored and overwritten, and a file that is not
a readable database is moved aside (``*.corrupt-<time>``) and started afresh: a cache can
always be dropped safely.

Pure (numpy and the standard library): the product index (``knowledge.embedding_cache``)
and the Rasa side's training (``bot.multilingual``) both use it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["Encode", "Progress", "VectorCache", "encode_through", "text_key"]

logger = logging.getLogger(__name__)

#: ``encode(texts)``: one vector per text, in order.
Encode = Callable[[list[str]], npt.NDArray[np.float32]]
#: ``progress(done, total)``: texts handled so far (cached or encoded) out of the total.
Progress = Callable[[int, int], None]
_LOOKUP_CHUNK = 500
_LOOKUP_WINDOW = 20_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def text_key(text: str) -> bytes:
    """The cache key of a text: SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class VectorCache:
    """Vectors on disk, one SQLite file per store name (see the module docs)."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path_for(self, store: str) -> Path:
        """The SQLite file of one store: a slug of its name and a short hash of it."""
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", store).strip("-.") or "vectors"
        return self.directory / f"{slug}-{hashlib.sha256(store.encode()).hexdigest()[:8]}.sqlite3"

    @contextmanager
    def _connect(self, store: str) -> Iterator[sqlite3.Connection]:
        path = self.path_for(store)
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in (1, 2):
            try:
                connection = sqlite3.connect(path, timeout=30.0)
                try:
                    connection.execute("PRAGMA journal_mode=WAL")
                    connection.executescript(_SCHEMA)
                    connection.execute(
                        "INSERT OR IGNORE INTO meta (name, value) VALUES ('encoder', ?)", (store,)
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
        logger.warning("vector cache %s is unreadable (%s); moved to %s", path, error, target)
        path.replace(target)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)

    def get_many(
        self, store: str, dimension: int, texts: Sequence[str]
    ) -> dict[bytes, npt.NDArray[np.float32]]:
        """Cached vectors of ``texts`` by :func:`text_key` (misses are absent)."""
        keys = list(dict.fromkeys(text_key(text) for text in texts))
        found: dict[bytes, npt.NDArray[np.float32]] = {}
        expected = dimension * 4
        try:
            with self._connect(store) as connection:
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
            self._move_aside(self.path_for(store), error)
            return {}
        return found

    def put_many(self, store: str, texts: Sequence[str], vectors: npt.ArrayLike) -> None:
        """Store the vectors of ``texts`` (one transaction)."""
        rows_in = np.asarray(vectors, dtype=np.float32)
        if len(texts) != len(rows_in):
            raise ValueError("texts and vectors differ in length")
        rows = [
            (text_key(text), np.ascontiguousarray(vector).tobytes())
            for text, vector in zip(texts, rows_in, strict=True)
        ]
        with self._connect(store) as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", rows
            )

    def count(self, store: str) -> int:
        """Number of vectors in a store."""
        with self._connect(store) as connection:
            (number,) = connection.execute("SELECT count(*) FROM vectors").fetchone()
        return int(number)


def encode_through(
    cache: VectorCache | None,
    store: str,
    dimension: int,
    texts: Sequence[str],
    encode: Encode,
    *,
    batch_size: int = 64,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.float32], int, int]:
    """Vectors of ``texts`` (rows in order), how many rows came from the cache, and how
    many texts were encoded.

    Vectors in ``cache`` (under ``store``) are not encoded again; identical texts are
    encoded once; the rest are encoded ``batch_size`` at a time and each batch is written
    to the cache as it is done, so an interrupted run keeps its work.
    """
    total = len(texts)
    result = np.zeros((total, dimension), dtype=np.float32)
    positions: dict[bytes, list[int]] = {}
    for start in range(0, total, _LOOKUP_WINDOW):  # bounded memory on large catalogs
        window = texts[start : start + _LOOKUP_WINDOW]
        cached = cache.get_many(store, dimension, window) if cache is not None else {}
        for position, text in enumerate(window, start=start):
            key = text_key(text)
            if key in cached:
                result[position] = cached[key]
            else:
                positions.setdefault(key, []).append(position)
    hits = done = total - sum(len(group) for group in positions.values())
    if progress is not None:
        progress(done, total)
    missing = list(positions)
    for start in range(0, len(missing), batch_size):
        batch_keys = missing[start : start + batch_size]
        batch_texts = [texts[positions[key][0]] for key in batch_keys]
        vectors = encode(batch_texts)
        if len(vectors) != len(batch_texts):
            raise ValueError(f"{store} gave {len(vectors)} vectors for {len(batch_texts)} texts")
        if cache is not None:
            cache.put_many(store, batch_texts, vectors)
        for key, vector in zip(batch_keys, vectors, strict=True):
            for position in positions[key]:
                result[position] = vector
                done += 1
        if progress is not None:
            progress(done, total)
    return result, hits, len(missing)
