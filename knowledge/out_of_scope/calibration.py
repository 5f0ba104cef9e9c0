"""A small logistic regression (Newton's method, L2-regularised), numpy only."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["LogisticCalibrator"]

Array = npt.NDArray[np.float64]


def _sigmoid(logits: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -50.0, 50.0))), dtype=np.float64)


@dataclass(frozen=True)
class LogisticCalibrator:
    """P(label 1 | features) = sigmoid(((x - mean) / scale) . weights + intercept)."""

    mean: Array
    scale: Array
    weights: Array
    intercept: float

    @classmethod
    def fit(
        cls,
        features: npt.ArrayLike,
        labels: npt.ArrayLike,
        l2: float = 1.0,
        iterations: int = 50,
    ) -> LogisticCalibrator:
        """Fits on ``features`` (rows) and 0/1 ``labels``; the intercept is not penalised."""
        x = np.asarray(features, dtype=np.float64)
        y = np.asarray(labels, dtype=np.float64)
        if x.ndim != 2 or len(x) != len(y) or not len(y):
            raise ValueError("one label per feature row is needed")
        if not (0 < y.sum() < len(y)):
            raise ValueError("both labels are needed to fit a calibrator")
        mean = x.mean(axis=0)
        scale = np.where(x.std(axis=0) > 1e-9, x.std(axis=0), 1.0)
        design = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
        penalty = np.full(design.shape[1], l2)
        penalty[-1] = 0.0
        theta = np.zeros(design.shape[1])
        for _ in range(iterations):
            p = _sigmoid(design @ theta)
            gradient = design.T @ (p - y) + penalty * theta
            hessian = (design * (p * (1 - p))[:, None]).T @ design + np.diag(penalty + 1e-9)
            step = np.linalg.solve(hessian, gradient)
            theta -= step
            if np.abs(step).max() < 1e-8:
                break
        return cls(mean, scale, theta[:-1].copy(), float(theta[-1]))

    def logits(self, features: npt.ArrayLike) -> Array:
        """The linear score of each row."""
        x = np.asarray(features, dtype=np.float64)
        return np.asarray(((x - self.mean) / self.scale) @ self.weights + self.intercept)

    def probabilities(self, features: npt.ArrayLike, bias: float = 0.0) -> Array:
        """P(label 1) of each row; ``bias`` shifts the logits (a prior's log-odds)."""
        return _sigmoid(self.logits(features) + bias)

    def to_arrays(self) -> dict[str, Array]:
        """Arrays for ``numpy.savez`` (see :meth:`from_arrays`)."""
        return {
            "calibrator_mean": self.mean,
            "calibrator_scale": self.scale,
            "calibrator_weights": self.weights,
            "calibrator_intercept": np.array([self.intercept]),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, npt.NDArray[np.float64]]) -> LogisticCalibrator:
        """The calibrator saved by :meth:`to_arrays`."""
        return cls(
            np.asarray(arrays["calibrator_mean"], dtype=np.float64),
            np.asarray(arrays["calibrator_scale"], dtype=np.float64),
            np.asarray(arrays["calibrator_weights"], dtype=np.float64),
            float(np.asarray(arrays["calibrator_intercept"]).ravel()[0]),
        )
