"""Choosing the classifier's settings by cross-validation on the project's own examples.

The public sets are only measured on; settings such as ``l2`` are chosen here, on the
examples the project wrote, with folds that hold out one language (or one register) at a
time: a setting that generalises to a language it did not see is what the tweets and the
shoppers' messages in other languages need.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from knowledge.sentiment.classifier import SoftmaxClassifier, TrainingOptions
from knowledge.sentiment.evaluation import macro_f1

__all__ = ["grouped_cross_validation"]


def grouped_cross_validation(
    features: npt.ArrayLike,
    labels: Sequence[str],
    groups: Sequence[str],
    options: TrainingOptions | None = None,
) -> dict[str, float]:
    """Macro-F1 on each group's rows of a classifier trained on all other groups' rows.

    ``groups`` names each row's fold (its language, say); returns ``{group: macro-F1}``.
    """
    matrix = np.asarray(features, dtype=np.float64)
    if not (len(labels) == len(groups) == matrix.shape[0]):
        raise ValueError("one label and one group per feature row are needed")
    group_array = np.asarray(groups)
    label_array = np.asarray(labels)
    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError("cross-validation needs at least two groups")
    scores: dict[str, float] = {}
    for name in names:
        held_out = group_array == name
        classifier = SoftmaxClassifier.fit(matrix[~held_out], list(label_array[~held_out]), options)
        scores[name] = macro_f1(list(label_array[held_out]), classifier.predict(matrix[held_out]))
    return scores
