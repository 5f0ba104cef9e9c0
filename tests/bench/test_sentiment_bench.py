"""bench/sentiment.py's VADER baseline helpers."""

from __future__ import annotations

from bench.sentiment import _vader, vader_features, vader_label
from knowledge.sentiment import LabelledSentiment


def test_vader_label_uses_its_authors_thresholds() -> None:
    assert vader_label(0.05) == "positive"
    assert vader_label(-0.05) == "negative"
    assert vader_label(0.01) == "neutral"


def test_vader_features_only_for_english_rows() -> None:
    rows = [
        LabelledSentiment("positive", "I love it, great!", "en"),
        LabelledSentiment("positive", "me encanta", "es"),
    ]
    features = vader_features(_vader(), rows)
    assert features.shape == (2, 4)
    assert features[0, 3] > 0.5
    assert not features[1].any()
