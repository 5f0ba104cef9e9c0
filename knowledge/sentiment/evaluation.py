"""Accuracy and macro-F1 of sentiment predictions, per language and overall."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from knowledge.sentiment.examples import LabelledSentiment
from knowledge.sentiment.labels import LABELS

__all__ = ["macro_f1", "score_predictions"]


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """The unweighted mean of the labels' F1, over the labels in ``gold`` or ``predicted``.

    (As scikit-learn's ``f1_score(average="macro")``: a label absent from both is left out.)
    """
    present = set(gold) | set(predicted)
    scores = []
    for label in [name for name in LABELS if name in present] + sorted(present - set(LABELS)):
        true_positive = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        predicted_count = sum(1 for p in predicted if p == label)
        gold_count = sum(1 for g in gold if g == label)
        precision = true_positive / predicted_count if predicted_count else 0.0
        recall = true_positive / gold_count if gold_count else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def _figures(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(macro_f1(gold, predicted), 4) if gold else 0.0,
    }


def score_predictions(
    rows: Sequence[LabelledSentiment], predicted: Sequence[str]
) -> dict[str, Any]:
    """``{"overall": {...}, "per_language": {lang: {...}}, "mean_macro_f1_over_languages"}``."""
    if len(rows) != len(predicted):
        raise ValueError("one prediction per row is needed")
    by_language: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for row, label in zip(rows, predicted, strict=True):
        gold_list, predicted_list = by_language[row.lang or "unknown"]
        gold_list.append(row.label)
        predicted_list.append(label)
    per_language = {
        lang: _figures(gold, guesses) for lang, (gold, guesses) in sorted(by_language.items())
    }
    result: dict[str, Any] = {
        "overall": _figures([row.label for row in rows], list(predicted)),
        "per_language": per_language,
    }
    if per_language:
        result["mean_macro_f1_over_languages"] = round(
            sum(figures["macro_f1"] for figures in per_language.values()) / len(per_language), 4
        )
    return result
