"""``bot.multilingual.preload_queries``: vectors encoded in advance are returned for single
texts (a benchmark parses thousands of known messages one by one)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from bot.multilingual import E5_DIMENSION, encode_queries, preload_queries


@pytest.fixture(autouse=True)
def _forget_preloaded() -> Iterator[None]:
    yield
    preload_queries([], np.zeros((0, E5_DIMENSION), dtype=np.float32))


def test_a_preloaded_text_is_not_encoded_again() -> None:
    marker = np.full((1, E5_DIMENSION), 0.5, dtype=np.float32)

    preload_queries(["a text nobody encoded"], marker)

    assert encode_queries(["a text nobody encoded"]) == pytest.approx(marker)
    assert not encode_queries(["a text nobody encoded"]).flags.writeable


def test_forgetting_and_mismatched_lengths() -> None:
    marker = np.full((1, E5_DIMENSION), 0.5, dtype=np.float32)
    preload_queries(["x"], marker)
    preload_queries([], np.zeros((0, E5_DIMENSION), dtype=np.float32))
    assert encode_queries(["x"]) != pytest.approx(marker)
    with pytest.raises(ValueError, match="one vector per text"):
        preload_queries(["a", "b"], marker)
