"""bench/sentiment.py: the VADER baseline's reading, the pinned "before", the table."""

from __future__ import annotations

from rich.console import Console

from bench.sentiment import BASELINE_OPTIONS, _table, vader_label
from knowledge.sentiment import LabelledSentiment, TrainingOptions, score_predictions


def test_vader_label_uses_its_authors_thresholds() -> None:
    assert vader_label(0.05) == "positive"
    assert vader_label(-0.05) == "negative"
    assert vader_label(0.01) == "neutral"


def test_before_is_the_classifier_of_before_issue_20() -> None:
    pinned = TrainingOptions(l2=0.1, iterations=600, learning_rate=0.5, balance_classes=True)
    assert pinned == BASELINE_OPTIONS


def test_table_shows_before_after_and_the_gain_per_language() -> None:
    rows = [
        LabelledSentiment("positive", "a", "en"),
        LabelledSentiment("negative", "b", "en"),
        LabelledSentiment("neutral", "c", "hi"),
        LabelledSentiment("negative", "d", "hi"),
    ]
    result = {
        "before": score_predictions(rows, ["positive", "positive", "neutral", "neutral"]),
        "after": score_predictions(rows, ["positive", "negative", "neutral", "negative"]),
        "vader": score_predictions(rows, ["neutral"] * 4),
    }
    console = Console(record=True, width=120)
    console.print(_table("set", result))
    text = console.export_text()
    assert "hi" in text and "en" in text
    assert text.count("+0.667") == 3  # each language 0.333 -> 1.000, and the mean
    assert "mean over languages" in text
