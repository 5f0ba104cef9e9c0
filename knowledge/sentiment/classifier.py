"""A small softmax-regression classifier over sentence embeddings (numpy only).

It runs in both environments (numpy 1.23 under Rasa, numpy 2 on the action side), trains
in about a second on a few thousand 384-d vectors, and saves to a plain ``.npz`` (no
pickle): feature means and scales, weights, bias and the label order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.sentiment.labels import LABELS

__all__ = ["SoftmaxClassifier", "TrainingOptions"]


@dataclass(frozen=True)
class TrainingOptions:
    """Gradient descent settings. ``l2`` was chosen on the project's customer-service set
    (bench/data/sentiment_cs.tsv, written apart from the training examples): 0.1 of 0.0003-0.3."""

    l2: float = 0.1
    iterations: int = 600
    learning_rate: float = 0.5
    balance_classes: bool = True


def _softmax(logits: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    return exponentials / exponentials.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


class SoftmaxClassifier:
    """Multinomial logistic regression with L2, on standardised features."""

    def __init__(
        self,
        weights: npt.ArrayLike,
        bias: npt.ArrayLike,
        mean: npt.ArrayLike,
        scale: npt.ArrayLike,
        labels: Sequence[str] = LABELS,
    ) -> None:
        """A trained classifier (use :meth:`fit` or :meth:`load` to get one)."""
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = np.asarray(bias, dtype=np.float64)
        self.mean = np.asarray(mean, dtype=np.float64)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.labels = tuple(labels)

    @property
    def dimension(self) -> int:
        """The length of the feature vectors it reads."""
        return int(self.mean.shape[0])

    @classmethod
    def fit(
        cls,
        features: npt.ArrayLike,
        labels: Sequence[str],
        options: TrainingOptions | None = None,
        label_order: Sequence[str] = LABELS,
    ) -> SoftmaxClassifier:
        """Trains on ``features`` (one row per text) and their labels."""
        options = options or TrainingOptions()
        matrix = np.asarray(features, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[0] != len(labels) or not len(labels):
            raise ValueError("features must be a non-empty matrix with one row per label")
        index = {label: position for position, label in enumerate(label_order)}
        targets = np.array([index[label] for label in labels])
        mean = matrix.mean(axis=0)
        scale = matrix.std(axis=0) + 1e-6
        standardised = (matrix - mean) / scale
        rows, width = standardised.shape
        classes = len(label_order)
        one_hot = np.zeros((rows, classes))
        one_hot[np.arange(rows), targets] = 1.0
        counts = np.bincount(targets, minlength=classes).astype(np.float64)
        if options.balance_classes:
            class_weight = np.where(counts > 0, rows / (classes * np.maximum(counts, 1)), 0.0)
        else:
            class_weight = np.ones(classes)
        row_weight = class_weight[targets][:, None] / rows
        weights = np.zeros((width, classes))
        bias = np.zeros(classes)
        # Nesterov-accelerated gradient descent on a smooth convex loss.
        velocity_w = np.zeros_like(weights)
        velocity_b = np.zeros_like(bias)
        momentum = 0.9
        for _ in range(options.iterations):
            look_w = weights + momentum * velocity_w
            look_b = bias + momentum * velocity_b
            probabilities = _softmax(standardised @ look_w + look_b)
            error = (probabilities - one_hot) * row_weight
            gradient_w = standardised.T @ error + options.l2 * look_w
            gradient_b = error.sum(axis=0)
            velocity_w = momentum * velocity_w - options.learning_rate * gradient_w
            velocity_b = momentum * velocity_b - options.learning_rate * gradient_b
            weights = weights + velocity_w
            bias = bias + velocity_b
        return cls(weights, bias, mean, scale, label_order)

    def probabilities(self, features: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """One row of label probabilities (in ``labels`` order) per feature row."""
        matrix = np.atleast_2d(np.asarray(features, dtype=np.float64))
        return _softmax(((matrix - self.mean) / self.scale) @ self.weights + self.bias)

    def predict(self, features: npt.ArrayLike) -> list[str]:
        """The most probable label of each row."""
        return [self.labels[int(i)] for i in self.probabilities(features).argmax(axis=1)]

    def save(self, path: Path) -> None:
        """Writes the classifier to ``path`` (``.npz``, no pickled objects)."""
        np.savez(
            path,
            weights=self.weights,
            bias=self.bias,
            mean=self.mean,
            scale=self.scale,
            labels=np.array(self.labels),
        )

    @classmethod
    def load(cls, path: Path) -> SoftmaxClassifier:
        """Reads a classifier written by :meth:`save`."""
        with np.load(path, allow_pickle=False) as data:
            return cls(
                data["weights"],
                data["bias"],
                data["mean"],
                data["scale"],
                tuple(str(label) for label in data["labels"]),
            )
