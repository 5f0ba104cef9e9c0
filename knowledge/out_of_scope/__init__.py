"""Out-of-scope detection in a sentence-embedding space (numpy only, no Rasa).

A message is in scope when it lies where the in-scope training examples are dense and far
from the project's off-topic examples. :class:`OutOfScopeDetector` turns the nearest
neighbours' similarities into a calibrated probability of being in scope (a logistic
regression fitted on cross-fitted training features); :func:`rescale_ranking` folds that
probability into an intent ranking. The Rasa adapter is ``bot/out_of_scope.py``.
"""

from knowledge.out_of_scope.calibration import LogisticCalibrator
from knowledge.out_of_scope.detector import OutOfScopeDetector, rescale_ranking
from knowledge.out_of_scope.neighbours import FEATURE_NAMES, neighbour_features

__all__ = [
    "FEATURE_NAMES",
    "LogisticCalibrator",
    "OutOfScopeDetector",
    "neighbour_features",
    "rescale_ranking",
]
