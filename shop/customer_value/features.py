"""Purchase histories as the summaries the models read (pure, no database).

A purchase is (customer, moment in days, amount in one currency); purchases of one
customer on the same day count as one transaction, as in the BG/NBD literature. Times are
in weeks from here on (:data:`DAYS_PER_WEEK`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["DAYS_PER_WEEK", "Purchase", "Summary", "spend_between", "summarise"]

DAYS_PER_WEEK = 7.0
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Purchase:
    """One purchase: whose, when (days on any fixed axis) and how much (one currency)."""

    customer: Hashable
    day: float
    amount: float


@dataclass(frozen=True)
class Summary:
    """Per customer (``customers[i]``) at a cut-off: repeat transactions ``frequency``,
    weeks from the first to the last ``recency``, weeks from the first to the last
    day before the cut-off ``age`` (the paper's T: it reproduces their CDNOW estimates),
    the mean value of the repeat transactions ``monetary`` (0 without any), and all the
    customer's spend before the cut-off ``total``."""

    customers: list[Hashable]
    frequency: FloatArray
    recency: FloatArray
    age: FloatArray
    monetary: FloatArray
    total: FloatArray

    def __len__(self) -> int:
        return len(self.customers)


def _daily(purchases: Iterable[Purchase], cutoff: float) -> dict[Hashable, dict[int, float]]:
    days: dict[Hashable, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for purchase in purchases:
        if purchase.day < cutoff:
            days[purchase.customer][int(np.floor(purchase.day))] += purchase.amount
    return days


def summarise(purchases: Iterable[Purchase], cutoff: float) -> Summary:
    """The summary of every customer with a purchase before ``cutoff`` (days), in the
    order of their first purchase (ties by customer)."""
    daily = _daily(purchases, cutoff)
    order = sorted(daily, key=lambda customer: (min(daily[customer]), str(customer)))
    size = len(order)
    frequency, recency, age, monetary, total = (np.zeros(size) for _ in range(5))
    for index, customer in enumerate(order):
        days = sorted(daily[customer])
        amounts = [daily[customer][day] for day in days]
        first, last = days[0], days[-1]
        frequency[index] = len(days) - 1
        recency[index] = (last - first) / DAYS_PER_WEEK
        age[index] = max(np.floor(cutoff) - 1 - first, last - first) / DAYS_PER_WEEK
        monetary[index] = float(np.mean(amounts[1:])) if len(days) > 1 else 0.0
        total[index] = float(sum(amounts))
    return Summary(order, frequency, recency, age, monetary, total)


def spend_between(
    purchases: Iterable[Purchase], customers: list[Hashable], start: float, end: float
) -> FloatArray:
    """Each of ``customers``' spend in [start, end) (days), in their order."""
    spend: dict[Hashable, float] = defaultdict(float)
    for purchase in purchases:
        if start <= purchase.day < end:
            spend[purchase.customer] += purchase.amount
    return np.array([spend.get(customer, 0.0) for customer in customers], dtype=np.float64)
