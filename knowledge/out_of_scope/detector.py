"""``OutOfScopeDetector``: a calibrated probability that a message vector is in scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from knowledge.out_of_scope.calibration import LogisticCalibrator
from knowledge.out_of_scope.letters import LetterModel
from knowledge.out_of_scope.neighbours import neighbour_features

__all__ = ["OutOfScopeDetector", "rescale_ranking"]

Matrix = npt.NDArray[np.float32]


def _unit_rows(vectors: npt.ArrayLike) -> Matrix:
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2:
        raise ValueError("vectors must be a 2-d array, one row per text")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)


class OutOfScopeDetector:
    """Training vectors (in scope and off-topic) and the calibrator of their features.

    The probability of being in scope is the product of two parts, both learnt from
    *cross-fitted* features (each training example measured against the examples of the
    other folds, so that they behave like an unseen message's):

    - which side it is on: a logistic regression on the similarities to the nearest
      in-scope and nearest off-topic examples (cosine, rows normalised);
    - the density test: how many in-scope examples are, themselves, less close to the
      in-scope set than the message (its mean similarity to the ``top`` nearest in-scope
      examples); under the ``tail`` share of them, the probability falls linearly to 0.
      A message far from everything (a topic the off-topic examples never covered,
      gibberish) is rejected even when it is no nearer to an off-topic example;
    - the letter test, when texts are given: the same kind of tail test on how word-like
      the text's Latin-letter words are (:class:`LetterModel`, a character trigram model of
      the training texts), under the ``letter_tail`` share of in-scope examples. It catches
      keyboard mashes, which e5 places near real words.
    """

    def __init__(
        self,
        vectors: npt.ArrayLike,
        off_topic: npt.ArrayLike,
        calibrator: LogisticCalibrator,
        density_reference: npt.ArrayLike,
        top: int = 5,
        tail: float = 0.02,
        letters: LetterModel | None = None,
        letter_reference: npt.ArrayLike = (),
        letter_tail: float = 0.005,
    ) -> None:
        """Use :meth:`fit` or :meth:`from_arrays` to get one."""
        self.vectors = _unit_rows(vectors)
        self.off_topic = np.asarray(off_topic, dtype=bool)
        if len(self.off_topic) != len(self.vectors):
            raise ValueError("one off_topic flag per vector is needed")
        self.calibrator = calibrator
        self.density_reference = np.sort(np.asarray(density_reference, dtype=np.float64))
        self.top = top
        self.tail = tail
        self.letters = letters
        self.letter_reference = np.sort(np.asarray(letter_reference, dtype=np.float64))
        self.letter_tail = letter_tail

    @classmethod
    def fit(
        cls,
        vectors: npt.ArrayLike,
        off_topic: npt.ArrayLike,
        folds: int = 5,
        top: int = 5,
        l2: float = 1.0,
        tail: float = 0.02,
        seed: int = 0,
        texts: Sequence[str] | None = None,
        letter_tail: float = 0.005,
    ) -> OutOfScopeDetector:
        """Cross-fits the features of the training examples and fits the calibrator
        (and, with the examples' ``texts``, the letter test)."""
        matrix = _unit_rows(vectors)
        mask = np.asarray(off_topic, dtype=bool)
        if len(mask) != len(matrix):
            raise ValueError("one off_topic flag per vector is needed")
        if mask.all() or not mask.any():
            raise ValueError("both in-scope and off-topic examples are needed")
        if folds < 2:
            raise ValueError("at least two folds are needed")
        if texts is not None and len(texts) != len(matrix):
            raise ValueError("one text per vector is needed")
        fold_of = np.random.default_rng(seed).permutation(len(matrix)) % folds
        features = np.zeros((len(matrix), 4))
        letter_scores: list[float] = []
        for fold in range(folds):
            held, rest = fold_of == fold, fold_of != fold
            if held.any():
                similarities = matrix[held] @ matrix[rest].T
                features[held] = neighbour_features(similarities, mask[rest], top)
            if texts is not None:
                model = LetterModel.fit(t for t, r in zip(texts, rest, strict=True) if r)
                letter_scores += [
                    score
                    for text, h, off in zip(texts, held, mask, strict=True)
                    if h and not off and (score := model.score(text)) is not None
                ]
        calibrator = LogisticCalibrator.fit(features, ~mask, l2=l2)
        letters = LetterModel.fit(texts) if texts is not None else None
        return cls(
            matrix, mask, calibrator, features[~mask, 1], top, tail, letters, letter_scores,
            letter_tail,
        )  # fmt: skip

    def features(self, vectors: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The neighbour features of each row of ``vectors`` against the training set."""
        similarities = _unit_rows(vectors) @ self.vectors.T
        return neighbour_features(similarities, self.off_topic, self.top)

    def in_scope_probability(
        self, vectors: npt.ArrayLike, texts: Sequence[str] | None = None, bias: float = 0.0
    ) -> npt.NDArray[np.float64]:
        """P(in scope) of each row (and text); a positive ``bias`` (log-odds) favours in
        scope."""
        return self.probability_of_features(self.features(vectors), texts, bias)

    @staticmethod
    def _tail_factor(
        reference: npt.NDArray[np.float64], values: npt.NDArray[np.float64], tail: float
    ) -> npt.NDArray[np.float64]:
        if tail <= 0 or not len(reference):
            return np.ones(len(values))
        share_below = np.searchsorted(reference, values) / len(reference)
        return np.asarray(np.clip(share_below / tail, 0.0, 1.0), dtype=np.float64)

    def letter_factor(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """The letter test's factor per text (1 when it does not apply)."""
        if self.letters is None:
            return np.ones(len(texts))
        scores = [self.letters.score(text) for text in texts]
        values = np.array([np.inf if score is None else score for score in scores])
        return self._tail_factor(self.letter_reference, values, self.letter_tail)

    def density(self, features: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """The density test's factor (1 = as dense as most in-scope examples)."""
        values = np.asarray(features, dtype=np.float64)[:, 1]
        return self._tail_factor(self.density_reference, values, self.tail)

    def probability_of_features(
        self, features: npt.ArrayLike, texts: Sequence[str] | None = None, bias: float = 0.0
    ) -> npt.NDArray[np.float64]:
        """P(in scope) from :meth:`features`: the calibrator's side times the density test
        (times the letter test when ``texts`` are given)."""
        probability = self.calibrator.probabilities(features, bias) * self.density(features)
        if texts is not None:
            probability = probability * self.letter_factor(texts)
        return np.asarray(probability, dtype=np.float64)

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """Arrays for ``numpy.savez`` (see :meth:`from_arrays`)."""
        return {
            "vectors": self.vectors,
            "off_topic": self.off_topic,
            "density_reference": self.density_reference,
            "top": np.array([self.top]),
            "tail": np.array([self.tail]),
            "letter_reference": self.letter_reference,
            "letter_tail": np.array([self.letter_tail]),
            **(self.letters.to_arrays() if self.letters is not None else {}),
            **self.calibrator.to_arrays(),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> OutOfScopeDetector:
        """The detector saved by :meth:`to_arrays`."""
        return cls(
            np.asarray(arrays["vectors"], dtype=np.float32),
            np.asarray(arrays["off_topic"], dtype=bool),
            LogisticCalibrator.from_arrays(
                {key: np.asarray(arrays[key]) for key in arrays if key.startswith("calibrator_")}
            ),
            np.asarray(arrays["density_reference"], dtype=np.float64),
            int(np.asarray(arrays["top"]).ravel()[0]),
            float(np.asarray(arrays["tail"]).ravel()[0]),
            LetterModel.from_arrays(arrays) if "letters_trigrams" in arrays else None,
            np.asarray(arrays["letter_reference"], dtype=np.float64),
            float(np.asarray(arrays["letter_tail"]).ravel()[0]),
        )


def rescale_ranking(
    ranking: Mapping[str, float], in_scope: float, out_of_scope_intent: str
) -> dict[str, float]:
    """The ranking with the detector's belief folded in.

    Every in-scope intent's confidence is multiplied by ``in_scope`` (the detector's
    probability), and the out-of-scope intent gets the rest:
    ``1 - (1 - previous out-of-scope confidence) x in_scope``. A ranking that summed to 1
    still does, and an off-topic message cannot keep a high shop-intent confidence.
    """
    probability = min(max(float(in_scope), 0.0), 1.0)
    rescaled = {
        name: float(confidence) * probability
        for name, confidence in ranking.items()
        if name != out_of_scope_intent
    }
    previous = float(ranking.get(out_of_scope_intent, 0.0))
    rescaled[out_of_scope_intent] = 1.0 - (1.0 - previous) * probability
    return rescaled
