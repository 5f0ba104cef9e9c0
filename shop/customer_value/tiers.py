"""Value tiers from predicted values: top, high, standard, and new.

A customer whose first purchase is younger than ``new_days`` (or who has none) is ``new``:
too little history to judge. The others are ranked by predicted value: the highest
``top_share`` are ``top``, the next ``high_share`` are ``high``, the rest ``standard``
(ties share the better tier; a value of nothing is never above standard).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["TierRule", "assign_tiers"]


@dataclass(frozen=True)
class TierRule:
    """The shares of the top and high tiers and the age below which a customer is new."""

    top_share: float = 0.05
    high_share: float = 0.15
    new_days: float = 90.0

    def __post_init__(self) -> None:
        if not 0 < self.top_share < 1 or not 0 <= self.high_share < 1:
            raise ValueError("tier shares are fractions between 0 and 1")
        if self.top_share + self.high_share > 1:
            raise ValueError("the top and high shares add up to more than everyone")


def assign_tiers(
    values: Sequence[float], first_purchase_age_days: Sequence[float | None], rule: TierRule
) -> list[str]:
    """The tier of each customer (``values[i]``, the age of their first purchase in days,
    None without any)."""
    ages = list(first_purchase_age_days)
    judged = [i for i, age in enumerate(ages) if age is not None and age >= rule.new_days]
    tiers = ["new"] * len(ages)
    if not judged:
        return tiers
    ranked = np.array([values[i] for i in judged], dtype=np.float64)
    top_cut = float(np.quantile(ranked, 1 - rule.top_share))
    high_cut = float(np.quantile(ranked, 1 - rule.top_share - rule.high_share))
    for i in judged:
        value = values[i]
        if value > 0 and value >= top_cut:
            tiers[i] = "top"
        elif value > 0 and value >= high_cut:
            tiers[i] = "high"
        else:
            tiers[i] = "standard"
    return tiers
