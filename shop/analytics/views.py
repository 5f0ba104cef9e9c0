"""What a dashboard figure gives back: a table of numbers and a few headline figures.

Every measure answers with one :class:`MeasureResult`: ``columns`` (names, as the CSV's
header), ``labels`` (the same for people), ``rows`` (one per day, reason, rating, intent or
query) and ``figures`` (the headline numbers: a rate with its numerator and denominator, a
median, a total). The console draws the chart and its table from it, and downloads it as
CSV (:func:`shop.analytics.export.to_csv`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from shop.analytics.selection import AnalyticsFilters

__all__ = ["RATE_DIGITS", "Cell", "MeasureResult", "mean", "ratio"]

#: Rates and means are rounded to this many decimals.
RATE_DIGITS = 4
Cell = str | int | float | None


def ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` rounded, or None when nothing was counted."""
    return round(numerator / denominator, RATE_DIGITS) if denominator else None


def mean(total: float, count: int) -> float | None:
    """The mean of ``count`` values adding up to ``total``, or None when there are none."""
    return round(total / count, RATE_DIGITS) if count else None


@dataclass(frozen=True)
class MeasureResult:
    """One measure over one selection of conversations."""

    measure: str
    filters: AnalyticsFilters
    columns: tuple[str, ...]
    labels: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    figures: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.columns) != len(self.labels):
            raise ValueError("one label per column")
        if any(len(row) != len(self.columns) for row in self.rows):
            raise ValueError("every row has one cell per column")
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def column(self, name: str) -> list[Cell]:
        """The cells of one column, in row order."""
        index = self.columns.index(name)
        return [row[index] for row in self.rows]

    def row(self, key: Cell) -> dict[str, Cell]:
        """The row whose first cell is ``key``, by column name (KeyError when none)."""
        for row in self.rows:
            if row[0] == key:
                return dict(zip(self.columns, row, strict=True))
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "measure": self.measure,
            "filters": self.filters.to_dict(),
            "columns": list(self.columns),
            "labels": list(self.labels),
            "rows": [list(row) for row in self.rows],
            "figures": dict(self.figures),
        }
