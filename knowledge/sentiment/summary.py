"""A conversation's sentiment in a few numbers: mean, minimum, trend, the latest streak."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from knowledge.sentiment.labels import NEGATIVE

__all__ = ["SentimentSummary", "summarise"]

TREND_WINDOW = 6
"""The trend is the slope over the last this-many scored messages."""


@dataclass(frozen=True)
class SentimentSummary:
    """Per-conversation figures over the scored shopper messages (scores in [-1, 1]).

    ``trend`` is the least-squares slope of the score per message over the last
    ``TREND_WINDOW`` messages (positive: getting happier). ``negative_streak`` counts the
    latest messages labelled negative in a row.
    """

    messages: int
    mean: float
    minimum: float
    last: float
    trend: float
    negative_streak: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)


def _slope(values: Sequence[float]) -> float:
    count = len(values)
    if count < 2:
        return 0.0
    mean_x = (count - 1) / 2
    mean_y = sum(values) / count
    numerator = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    denominator = sum((x - mean_x) ** 2 for x in range(count))
    return numerator / denominator


def summarise(scored: Sequence[tuple[str, float]]) -> SentimentSummary | None:
    """The summary of ``(label, score)`` pairs in message order; ``None`` when there are none."""
    if not scored:
        return None
    scores = [score for _label, score in scored]
    streak = 0
    for label, _score in reversed(scored):
        if label != NEGATIVE:
            break
        streak += 1
    return SentimentSummary(
        messages=len(scores),
        mean=round(sum(scores) / len(scores), 4),
        minimum=round(min(scores), 4),
        last=round(scores[-1], 4),
        trend=round(_slope(scores[-TREND_WINDOW:]), 4),
        negative_streak=streak,
    )
