"""The three sentiment labels and one message's sentiment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["LABELS", "NEGATIVE", "NEUTRAL", "POSITIVE", "Sentiment"]

NEGATIVE = "negative"
NEUTRAL = "neutral"
POSITIVE = "positive"
LABELS: tuple[str, ...] = (NEGATIVE, NEUTRAL, POSITIVE)
"""In the classifier's column order."""


@dataclass(frozen=True)
class Sentiment:
    """A message's sentiment: its label, a score in [-1, 1] and the label's probability.

    ``score`` is P(positive) - P(negative): -1 is certainly negative, +1 certainly positive,
    0 neutral or torn. ``confidence`` is the probability of ``label``.
    """

    label: str
    score: float
    confidence: float
    probabilities: Mapping[str, float] = field(default_factory=dict)
    model: str = ""

    @classmethod
    def from_probabilities(cls, probabilities: Mapping[str, float], model: str = "") -> Sentiment:
        """The sentiment whose label is the most probable one."""
        label = max(LABELS, key=lambda name: probabilities.get(name, 0.0))
        score = probabilities.get(POSITIVE, 0.0) - probabilities.get(NEGATIVE, 0.0)
        return cls(
            label=label,
            score=round(float(score), 4),
            confidence=round(float(probabilities.get(label, 0.0)), 4),
            probabilities={name: round(float(probabilities.get(name, 0.0)), 4) for name in LABELS},
            model=model,
        )

    def to_dict(self) -> dict[str, Any]:
        """What goes into the parse data (and so into the tracker store)."""
        return {
            "label": self.label,
            "score": self.score,
            "confidence": self.confidence,
            "probabilities": dict(self.probabilities),
            "model": self.model,
        }

    @classmethod
    def of_parse_data(cls, parse_data: Mapping[str, Any] | None) -> Sentiment | None:
        """The sentiment a message's parse data carries (``parse_data["sentiment"]``), if any."""
        stored = (parse_data or {}).get("sentiment")
        return cls.from_dict(stored) if isinstance(stored, Mapping) else None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sentiment | None:
        """The sentiment stored in parse data, or ``None`` when there is none or it is malformed."""
        try:
            label = str(data["label"])
            score = float(data["score"])
        except (KeyError, TypeError, ValueError):
            return None
        if label not in LABELS:
            return None
        return cls(
            label=label,
            score=max(-1.0, min(1.0, score)),
            confidence=float(data.get("confidence") or 0.0),
            probabilities=dict(data.get("probabilities") or {}),
            model=str(data.get("model") or ""),
        )
