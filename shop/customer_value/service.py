"""Score every customer and store the tiers; evaluate on the shop's own history; read tiers.

:func:`score_customers` fits the model on the whole history and replaces the
``customer_values`` rows; :func:`evaluate_shop` runs the time split of
:mod:`shop.customer_value.evaluation` with the cut-off a holdout before now;
:class:`TierLookup` tells the tier of the customer behind an order number (the hand-over
reads it, never the amount).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from sqlalchemy import delete, insert, select

from core.db.customer_value_models import CustomerValue
from core.db.database import Database
from core.db.models import Order
from core.settings import Settings
from knowledge.catalog.currencies import Storefront
from shop.customer_value.evaluation import Evaluation, evaluate
from shop.customer_value.features import DAYS_PER_WEEK, summarise
from shop.customer_value.history import History, load_history
from shop.customer_value.model import CustomerValueModel
from shop.customer_value.tiers import TierRule, assign_tiers

__all__ = [
    "HORIZON_DAYS",
    "ScoreSummary",
    "ShopEvaluation",
    "TierLookup",
    "evaluate_shop",
    "is_scored",
    "score_customers",
    "tier_head_starts",
    "tier_rule",
]

#: The prediction's horizon: 12 months.
HORIZON_DAYS = 365.0
_CENT = Decimal("0.01")
Progress = Callable[[int, int], None]


def tier_head_starts(settings: Settings) -> dict[str, int]:
    """Minutes of head start in the hand-over queue per tier, from the settings."""
    return {
        "top": settings.handover_top_tier_head_start_minutes,
        "high": settings.handover_high_tier_head_start_minutes,
    }


def tier_rule(settings: Settings) -> TierRule:
    """The tiers' shares and the age of a new customer, from the settings."""
    return TierRule(
        settings.customer_value_top_share,
        settings.customer_value_high_share,
        float(settings.customer_value_new_days),
    )


def _history(db: Database, settings: Settings, now: datetime) -> History:
    return load_history(db, Storefront.from_settings(settings), origin=now)


@dataclass(frozen=True)
class ScoreSummary:
    """What a scoring stored: customers per tier, the total predicted, the currency."""

    customers: int
    buyers: int
    tiers: dict[str, int]
    predicted_total: float
    currency: str
    fit_seconds: float
    skipped_orders: int

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "customers": self.customers,
            "buyers": self.buyers,
            "tiers": self.tiers,
            "predicted_total": round(self.predicted_total, 2),
            "currency": self.currency,
            "fit_seconds": round(self.fit_seconds, 3),
            "skipped_orders": self.skipped_orders,
        }


def score_customers(
    db: Database, settings: Settings, now: datetime, progress: Progress | None = None
) -> ScoreSummary:
    """Fit on every purchase before ``now``, predict the next 12 months for every
    customer, assign the tiers and replace the stored values (one transaction)."""
    history = _history(db, settings, now)
    summary = summarise(history.purchases, history.day_of(now))
    started = datetime.now()
    model = CustomerValueModel.fit(summary)
    fit_seconds = (datetime.now() - started).total_seconds()
    weeks = HORIZON_DAYS / DAYS_PER_WEEK
    spend = model.expected_spend(summary, weeks)
    orders = model.expected_transactions(summary, weeks)
    alive = model.transactions.probability_alive(summary.frequency, summary.recency, summary.age)
    index = {customer: i for i, customer in enumerate(summary.customers)}
    first_age = {customer: float(summary.age[i] * DAYS_PER_WEEK) for customer, i in index.items()}
    customers = list(history.customers)
    values = [float(spend[index[c]]) if c in index else 0.0 for c in customers]
    tiers = assign_tiers(values, [first_age.get(c) for c in customers], tier_rule(settings))
    rows = []
    for position, customer in enumerate(customers):
        i = index.get(customer)
        rows.append(
            {
                "customer_id": customer,
                "tier": tiers[position],
                "predicted_value": Decimal(str(max(values[position], 0.0))).quantize(
                    _CENT, rounding=ROUND_HALF_UP
                ),
                "currency": history.currency,
                "expected_orders": float(orders[i]) if i is not None else 0.0,
                "probability_alive": float(alive[i]) if i is not None else 0.0,
                "scored_at": now,
            }
        )
    table = CustomerValue
    with db.begin() as connection:
        connection.execute(delete(table))
        batch = 1000
        for start in range(0, len(rows), batch):
            connection.execute(insert(table), rows[start : start + batch])
            if progress is not None:
                progress(min(start + batch, len(rows)), len(rows))
    counts = {tier: tiers.count(tier) for tier in ("top", "high", "standard", "new")}
    return ScoreSummary(
        customers=len(customers),
        buyers=len(summary),
        tiers=counts,
        predicted_total=float(np.sum(values)),
        currency=history.currency,
        fit_seconds=fit_seconds,
        skipped_orders=history.skipped_orders,
    )


@dataclass(frozen=True)
class ShopEvaluation:
    """The shop's time split: its dates and figures."""

    calibration_start: datetime | None
    cutoff: datetime
    holdout_end: datetime
    currency: str
    figures: Evaluation

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the figures with the split's dates."""
        start = self.calibration_start
        return {
            "dataset": "shop",
            "currency": self.currency,
            "calibration_start": start.date().isoformat() if start else None,
            "cutoff": self.cutoff.date().isoformat(),
            "holdout_end": self.holdout_end.date().isoformat(),
            **self.figures.to_dict(),
        }


def evaluate_shop(
    db: Database, settings: Settings, now: datetime, holdout_days: float = HORIZON_DAYS
) -> ShopEvaluation:
    """Fit on the purchases before ``now - holdout_days``, score the holdout up to now."""
    history = _history(db, settings, now)
    cutoff = now - timedelta(days=holdout_days)
    figures = evaluate(history.purchases, history.day_of(cutoff), holdout_days)
    first = min((p.day for p in history.purchases), default=None)
    start = now + timedelta(days=first) if first is not None else None
    return ShopEvaluation(start, cutoff, now, history.currency, figures)


def is_scored(db: Database) -> bool:
    """Whether any customer has a stored value (``shopbot customers value`` ran)."""
    with db.session() as session:
        return session.scalar(select(CustomerValue.customer_id).limit(1)) is not None


class TierLookup:
    """The stored value tier of the customer behind an order (never the amount)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def for_order(self, order_number: str) -> str | None:
        """The tier of the order's customer; None when unknown or not scored."""
        query = (
            select(CustomerValue.tier)
            .join(Order, Order.customer_id == CustomerValue.customer_id)
            .where(Order.order_number == order_number)
        )
        with self._db.session() as session:
            return session.scalar(query)
