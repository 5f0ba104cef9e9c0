"""The time-split evaluation: fit before a cut-off, predict the next period's spend.

Customers are those with a purchase before the cut-off. The model's prediction is its
expected spend over the holdout; the baseline is each customer's spend in the period of
the same length just before the cut-off ("last year's spend" for a 12-month holdout).
Both are scored against the actual holdout spend: Spearman's rank correlation (who is
worth more) and the mean absolute error (how much).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy.stats import spearmanr

from shop.customer_value.features import DAYS_PER_WEEK, Purchase, spend_between, summarise
from shop.customer_value.model import CustomerValueModel

__all__ = ["Evaluation", "evaluate", "transactions_between"]


@dataclass(frozen=True)
class Evaluation:
    """The figures of one time split (days on the purchases' axis; money in one currency)."""

    customers: int
    cutoff_day: float
    holdout_days: float
    model_spearman: float
    baseline_spearman: float
    model_mae: float
    baseline_mae: float
    actual_spend: float
    model_spend: float
    baseline_spend: float
    actual_transactions: int
    model_transactions: float
    fit_seconds: float
    parameters: dict[str, float]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready figures, rounded."""
        data = asdict(self)
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in data.items()
        } | {"parameters": {key: round(value, 4) for key, value in self.parameters.items()}}


def transactions_between(
    purchases: Sequence[Purchase], customers: Sequence[object], start: float, end: float
) -> int:
    """Transactions (customer-days) of ``customers`` in [start, end)."""
    wanted = set(customers)
    return len(
        {
            (purchase.customer, int(np.floor(purchase.day)))
            for purchase in purchases
            if start <= purchase.day < end and purchase.customer in wanted
        }
    )


def _spearman(predicted: np.ndarray, actual: np.ndarray) -> float:
    if np.ptp(predicted) == 0 or np.ptp(actual) == 0:
        return 0.0
    return float(spearmanr(predicted, actual).statistic)


def evaluate(purchases: Sequence[Purchase], cutoff_day: float, holdout_days: float) -> Evaluation:
    """Fit on the purchases before ``cutoff_day`` and score the next ``holdout_days``."""
    summary = summarise(purchases, cutoff_day)
    started = time.perf_counter()
    model = CustomerValueModel.fit(summary)
    fit_seconds = time.perf_counter() - started
    weeks = holdout_days / DAYS_PER_WEEK
    predicted = model.expected_spend(summary, weeks)
    actual = spend_between(purchases, summary.customers, cutoff_day, cutoff_day + holdout_days)
    baseline = spend_between(purchases, summary.customers, cutoff_day - holdout_days, cutoff_day)
    fitted = model.transactions
    return Evaluation(
        customers=len(summary),
        cutoff_day=cutoff_day,
        holdout_days=holdout_days,
        model_spearman=_spearman(predicted, actual),
        baseline_spearman=_spearman(baseline, actual),
        model_mae=float(np.mean(np.abs(predicted - actual))),
        baseline_mae=float(np.mean(np.abs(baseline - actual))),
        actual_spend=float(actual.sum()),
        model_spend=float(predicted.sum()),
        baseline_spend=float(baseline.sum()),
        actual_transactions=transactions_between(
            purchases, summary.customers, cutoff_day, cutoff_day + holdout_days
        ),
        model_transactions=float(model.expected_transactions(summary, weeks).sum()),
        fit_seconds=fit_seconds,
        parameters={
            "r": fitted.r,
            "alpha": fitted.alpha,
            "a": fitted.a,
            "b": fitted.b,
            "p": model.spend.p,
            "q": model.spend.q,
            "gamma": model.spend.gamma,
        },
    )
