"""core.vector_cache: vectors by exact text, one SQLite file per store, safe to drop."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.vector_cache import VectorCache, text_key


def test_vectors_come_back_by_their_exact_text(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    vectors = np.arange(6, dtype=np.float32).reshape(2, 3)
    cache.put_many("e5-original-query", ["hallo", "Hallo"], vectors)

    found = cache.get_many("e5-original-query", 3, ["hallo", "Hallo", "hallo ", "hello"])

    assert set(found) == {text_key("hallo"), text_key("Hallo")}
    assert found[text_key("Hallo")].tolist() == [3.0, 4.0, 5.0]
    assert cache.count("e5-original-query") == 2
    assert cache.get_many("another store", 3, ["hallo"]) == {}


def test_rows_of_another_length_are_misses(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    cache.put_many("store", ["a"], np.ones((1, 3), dtype=np.float32))
    assert cache.get_many("store", 4, ["a"]) == {}


def test_an_unreadable_file_is_moved_aside_and_started_afresh(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    path = cache.path_for("store")
    path.write_bytes(b"not a database at all" * 100)

    assert cache.get_many("store", 3, ["a"]) == {}
    cache.put_many("store", ["a"], np.ones((1, 3), dtype=np.float32))

    assert cache.count("store") == 1
    assert list(tmp_path.glob("*.corrupt-*"))


def test_texts_and_vectors_must_pair(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="differ in length"):
        VectorCache(tmp_path).put_many("store", ["a", "b"], np.ones((1, 3), dtype=np.float32))


def test_store_names_become_distinct_safe_file_names(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path)
    first, second = cache.path_for("e5/original query"), cache.path_for("e5-original-query")
    assert first != second
    assert first.parent == tmp_path and "/" not in first.name
