"""Tests of ``bot.language_alignment``: per-language maps onto English learnt from parallel
anchors (pure numpy, synthetic vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from bot.language_alignment import LanguageAlignment


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def parallel() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """English anchors, their 'translations' (a fixed rotation of them), and the rotation."""
    rng = np.random.default_rng(7)
    english = _unit(rng.normal(size=(60, 16)))
    rotation, _ = np.linalg.qr(rng.normal(size=(16, 16)))
    return english.astype(np.float32), _unit(english @ rotation).astype(np.float32), rotation


def test_moves_a_language_towards_its_english_translations(
    parallel: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    english, foreign, rotation = parallel
    alignment = LanguageAlignment({"en": english, "xx": foreign}, strength=0.1)
    rng = np.random.default_rng(11)
    unseen_english = _unit(rng.normal(size=(20, 16)))
    unseen_foreign = _unit(unseen_english @ rotation)

    aligned = alignment.align(unseen_foreign, ["xx"] * 20)

    before = np.sum(unseen_foreign * unseen_english, axis=1).mean()
    after = np.sum(aligned * unseen_english, axis=1).mean()
    assert after > 0.95 > before
    assert np.linalg.norm(aligned, axis=1) == pytest.approx(np.ones(20), abs=1e-5)
    assert alignment.languages == ("xx",)


def test_english_and_languages_without_anchors_keep_their_vectors(
    parallel: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    english, foreign, _ = parallel
    alignment = LanguageAlignment({"en": english, "xx": foreign})

    aligned = alignment.align(english[:3], ["en", "und", None])

    assert aligned == pytest.approx(english[:3], abs=1e-6)


def test_a_strong_penalty_keeps_the_map_near_the_identity(
    parallel: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    english, foreign, _ = parallel
    weak = LanguageAlignment({"en": english, "xx": foreign}, strength=0.1)
    strong = LanguageAlignment({"en": english, "xx": foreign}, strength=1e4)

    assert strong.align(foreign[:5], ["xx"] * 5) == pytest.approx(foreign[:5], abs=1e-3)
    assert weak.align(foreign[:5], ["xx"] * 5) != pytest.approx(foreign[:5], abs=1e-3)


def test_uses_the_lines_both_languages_have(
    parallel: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    english, foreign, _ = parallel
    alignment = LanguageAlignment({"en": english[:30], "xx": foreign, "yy": foreign[:10]})
    assert alignment.languages == ("xx", "yy")
    assert alignment.align(foreign[:2], ["yy", "xx"]).shape == (2, 16)


def test_round_trips_through_arrays(parallel: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    english, foreign, _ = parallel
    alignment = LanguageAlignment({"en": english, "xx": foreign}, strength=2.0)

    again = LanguageAlignment.from_arrays(alignment.to_arrays())

    assert again is not None
    assert again.strength == 2.0
    assert again.pivot == "en"
    assert again.align(foreign[:4], ["xx"] * 4) == pytest.approx(
        alignment.align(foreign[:4], ["xx"] * 4), abs=1e-6
    )
    assert LanguageAlignment.from_arrays({"centroids": np.zeros((1, 16))}) is None


def test_rejects_a_penalty_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        LanguageAlignment({"en": np.eye(3, dtype=np.float32)}, strength=0.0)


def test_needs_one_language_per_vector(
    parallel: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    english, foreign, _ = parallel
    with pytest.raises(ValueError, match="one language per vector"):
        LanguageAlignment({"en": english, "xx": foreign}).align(foreign[:2], ["xx"])
