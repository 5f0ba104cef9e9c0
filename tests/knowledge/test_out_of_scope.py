"""knowledge.out_of_scope: neighbour features, the calibrator, the detector, the rescaling."""

from __future__ import annotations

import numpy as np
import pytest

from knowledge.out_of_scope import (
    LogisticCalibrator,
    OutOfScopeDetector,
    neighbour_features,
    rescale_ranking,
)
from knowledge.out_of_scope.letters import LetterModel


def _clusters(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two in-scope clusters and one off-topic cluster on the unit sphere (16-d)."""
    rng = np.random.default_rng(seed)
    centres = np.eye(16)[:3]
    rows, flags = [], []
    for index, centre in enumerate(centres):
        for _ in range(60):
            rows.append(centre + 0.15 * rng.standard_normal(16))
            flags.append(index == 2)
    return np.array(rows), np.array(flags)


def test_neighbour_features_take_the_nearest_and_the_top_mean_per_set() -> None:
    similarities = np.array([[0.9, 0.5, 0.1, 0.8, 0.2]], dtype=np.float32)
    off_topic = np.array([False, False, False, True, True])
    features = neighbour_features(similarities, off_topic, top=2)
    np.testing.assert_allclose(features, [[0.9, 0.7, 0.8, 0.5]], atol=1e-6)


def test_neighbour_features_skip_excluded_cells_and_reject_a_wrong_mask() -> None:
    similarities = np.array([[-np.inf, 0.4, 0.3]], dtype=np.float32)
    features = neighbour_features(similarities, np.array([False, False, True]), top=1)
    np.testing.assert_allclose(features, [[0.4, 0.4, 0.3, 0.3]], atol=1e-6)
    with pytest.raises(ValueError):
        neighbour_features(similarities, np.array([False, True]))


def test_calibrator_separates_and_round_trips() -> None:
    x = np.array([[0.0], [0.2], [0.4], [0.6], [0.8], [1.0]])
    y = np.array([0, 0, 1, 0, 1, 1])
    calibrator = LogisticCalibrator.fit(x, y)
    low, high = calibrator.probabilities([[0.0], [1.0]])
    assert low < 0.5 < high
    assert calibrator.probabilities([[0.5]], bias=3.0)[0] > calibrator.probabilities([[0.5]])[0]
    again = LogisticCalibrator.from_arrays(calibrator.to_arrays())
    np.testing.assert_allclose(again.probabilities(x), calibrator.probabilities(x))
    with pytest.raises(ValueError):
        LogisticCalibrator.fit(x, np.zeros(6))


def test_detector_rejects_what_lies_away_from_the_in_scope_examples() -> None:
    vectors, off_topic = _clusters()
    detector = OutOfScopeDetector.fit(vectors, off_topic, folds=5, top=5)
    probe = np.eye(16)
    in_scope = detector.in_scope_probability(probe[:2])
    assert (in_scope > 0.9).all()
    assert detector.in_scope_probability(probe[2:3])[0] < 0.1  # the off-topic cluster
    assert detector.in_scope_probability(probe[5:6])[0] < 0.5  # nowhere near anything
    again = OutOfScopeDetector.from_arrays(detector.to_arrays())
    np.testing.assert_allclose(
        again.in_scope_probability(probe), detector.in_scope_probability(probe)
    )


def test_detector_needs_both_kinds_of_examples() -> None:
    vectors, _ = _clusters()
    with pytest.raises(ValueError):
        OutOfScopeDetector.fit(vectors, np.zeros(len(vectors), dtype=bool))


def test_rescale_ranking_moves_the_rest_to_out_of_scope_and_keeps_the_sum() -> None:
    ranking = {"order_status": 0.9, "out_of_scope": 0.05, "greet": 0.05}
    rescaled = rescale_ranking(ranking, 0.2, "out_of_scope")
    assert rescaled["order_status"] == pytest.approx(0.18)
    assert rescaled["out_of_scope"] == pytest.approx(1 - 0.95 * 0.2)
    assert sum(rescaled.values()) == pytest.approx(1.0)
    assert rescale_ranking(ranking, 1.0, "out_of_scope") == pytest.approx(ranking)
    assert rescale_ranking({"greet": 1.0}, 0.0, "out_of_scope")["out_of_scope"] == 1.0


def test_letter_model_scores_words_above_keyboard_mashes_and_round_trips() -> None:
    texts = [
        "where is my order",
        "I would like to return these shoes",
        "what are your opening hours",
        "wo ist meine Bestellung",
        "je voudrais retourner cette robe",
    ] * 3
    model = LetterModel.fit(texts)
    word_like, mash = model.score("where are my shoes"), model.score("qwfpgj zxkvbq")
    assert word_like is not None and mash is not None and word_like > mash
    assert model.score("ok") is None and model.score("你好吗") is None
    again = LetterModel.from_arrays(model.to_arrays())
    assert again.score("qwfpgj zxkvbq") == pytest.approx(mash)


def test_detector_letter_test_rejects_mashes_only_when_texts_are_given() -> None:
    vectors, off_topic = _clusters()
    words = ["order", "return", "shoes", "delivery", "parcel", "refund"]
    texts = [f"{words[i % 6]} {words[(i + 1) % 6]} please" for i in range(len(vectors))]
    detector = OutOfScopeDetector.fit(vectors, off_topic, texts=texts, letter_tail=0.05)
    probe = np.eye(16)[:1]
    assert detector.in_scope_probability(probe, ["refund order please"])[0] > 0.9
    assert detector.in_scope_probability(probe, ["xqzv kjwq"])[0] < 0.1
    assert detector.in_scope_probability(probe)[0] > 0.9
    again = OutOfScopeDetector.from_arrays(detector.to_arrays())
    assert again.in_scope_probability(probe, ["xqzv kjwq"])[0] < 0.1
