"""Latency statistics."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

__all__ = ["percentile", "summarise"]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile (0-1) by linear interpolation; ``values`` non-empty."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarise(milliseconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, mean and count of a list of latencies in milliseconds."""
    return {
        "p50_ms": round(percentile(milliseconds, 0.50), 2),
        "p95_ms": round(percentile(milliseconds, 0.95), 2),
        "mean_ms": round(statistics.fmean(milliseconds), 2),
        "n": len(milliseconds),
    }
