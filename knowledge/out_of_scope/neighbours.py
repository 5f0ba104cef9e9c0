"""Nearest-neighbour similarity features of a vector against in-scope and off-topic sets."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["FEATURE_NAMES", "neighbour_features"]

FEATURE_NAMES = (
    "in_scope_nearest",
    "in_scope_top_mean",
    "off_topic_nearest",
    "off_topic_top_mean",
)

Matrix = npt.NDArray[np.float32]


def _top_mean(similarities: Matrix, count: int) -> npt.NDArray[np.float64]:
    """Per row, the mean of its ``count`` largest values (-1 for an empty row)."""
    rows, columns = similarities.shape
    if columns == 0:
        return np.full(rows, -1.0)
    count = min(count, columns)
    top = np.partition(similarities, columns - count, axis=1)[:, columns - count :]
    return np.asarray(top.mean(axis=1), dtype=np.float64)


def neighbour_features(
    similarities: Matrix, off_topic: npt.NDArray[np.bool_], top: int = 5
) -> npt.NDArray[np.float64]:
    """Features of each row of ``similarities`` (one column per reference example).

    ``off_topic`` marks the reference columns that are off-topic examples. The four
    features (:data:`FEATURE_NAMES`): the nearest in-scope similarity, the mean of the
    ``top`` nearest in-scope ones, and the same two for the off-topic examples. Cells set to
    ``-inf`` (an example itself, in cross-fitting) are never among the nearest.
    """
    matrix = np.asarray(similarities, dtype=np.float32)
    mask = np.asarray(off_topic, dtype=bool)
    if matrix.ndim != 2 or matrix.shape[1] != mask.shape[0]:
        raise ValueError("one off_topic flag per column of similarities is needed")
    inside, outside = matrix[:, ~mask], matrix[:, mask]
    columns = [
        _top_mean(inside, 1),
        _top_mean(inside, top),
        _top_mean(outside, 1),
        _top_mean(outside, top),
    ]
    features = np.stack(columns, axis=1)
    # An excluded cell (-inf) that still made it into a top-k mean: only when a set has
    # fewer than ``top`` other members; treat the feature as "nothing similar".
    return np.where(np.isfinite(features), features, -1.0)
