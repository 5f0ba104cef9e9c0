"""Customer value: the BG/NBD + Gamma-Gamma model, tiers, scoring and the tier lookup."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from core.db.customer_value_models import CustomerValue
from core.db.database import Database
from core.db.migrate import upgrade
from core.db.models import Order
from core.errors import CustomerValueError
from core.settings import Settings
from shop.customer_value.cdnow import CALIBRATION_END, START, load_cdnow
from shop.customer_value.evaluation import evaluate
from shop.customer_value.features import Purchase, summarise
from shop.customer_value.model import BgNbd, CustomerValueModel
from shop.customer_value.service import TierLookup, evaluate_shop, score_customers
from shop.customer_value.tiers import TierRule, assign_tiers
from shopbot.demo.seed import seed_demo_data

TODAY = date(2026, 6, 1)


def _simulated(seed: int = 1, customers: int = 600, days: int = 730) -> list[Purchase]:
    """Purchases of a BG/NBD world: gamma rates, geometric dropout, gamma spend."""
    rng = random.Random(seed)
    purchases = []
    for customer in range(customers):
        rate = rng.gammavariate(0.8, 1 / 25)  # purchases a day
        drop = rng.betavariate(1.0, 6.0)
        mean_spend = rng.gammavariate(4.0, 15.0)
        day = rng.uniform(0, 200)
        while day < days:
            purchases.append(Purchase(customer, day, rng.gammavariate(4.0, mean_spend / 4.0)))
            if rng.random() < drop:
                break
            day += rng.expovariate(rate)
    return purchases


def test_summary_counts_repeat_days_and_weeks() -> None:
    purchases = [Purchase("a", 0.2, 10), Purchase("a", 0.7, 5), Purchase("a", 14, 20)]
    summary = summarise([*purchases, Purchase("b", 29, 1), Purchase("a", 40, 99)], 29)
    assert summary.customers == ["a"]
    assert summary.frequency.tolist() == [1.0]  # two orders on day 0 are one transaction
    assert summary.recency.tolist() == [2.0]
    assert summary.age.tolist() == [4.0]
    assert summary.monetary.tolist() == [20.0]
    assert summary.total.tolist() == [35.0]


def test_model_beats_last_periods_spend_on_a_bg_nbd_world() -> None:
    figures = evaluate(_simulated(), cutoff_day=365, holdout_days=365)
    assert figures.customers > 300
    assert figures.model_spearman > figures.baseline_spearman
    assert figures.model_mae < figures.baseline_mae
    assert figures.model_transactions == pytest.approx(figures.actual_transactions, rel=0.25)


def test_likelihood_is_highest_near_the_fitted_parameters() -> None:
    summary = summarise(_simulated(seed=2), 365)
    fitted = BgNbd.fit(summary)
    best = np.array([fitted.r, fitted.alpha, fitted.a, fitted.b])
    args = (summary.frequency, summary.recency, summary.age)
    at_best = BgNbd.log_likelihood(best, *args).sum()
    for factor in (0.8, 1.25):
        assert BgNbd.log_likelihood(best * factor, *args).sum() < at_best


def test_too_little_history_is_a_clear_error() -> None:
    with pytest.raises(CustomerValueError, match="too little history"):
        CustomerValueModel.fit(summarise([Purchase(n, n, 10.0) for n in range(30)], 100))


def test_tiers_by_share_with_new_customers_apart() -> None:
    values = [float(n) for n in range(100)]
    ages = [400.0] * 98 + [10.0, None]
    tiers = assign_tiers(values, ages, TierRule(top_share=0.1, high_share=0.2, new_days=90))
    assert tiers[-2:] == ["new", "new"]  # the two highest values, but too young to judge
    assert tiers.count("top") == 10 and tiers.count("high") == 20
    assert tiers[97] == "top" and tiers[0] == "standard"
    assert assign_tiers([0.0, 0.0], [400.0, 400.0], TierRule()) == ["standard", "standard"]
    with pytest.raises(ValueError):
        TierRule(top_share=0.6, high_share=0.6)


@pytest.fixture(scope="module")
def history_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    folder: Path = tmp_path_factory.mktemp("customer_value")
    db = Database(f"sqlite:///{folder / 'shop.db'}")
    upgrade(db)
    seed_demo_data(db, seed=3, customers=150, orders=700, today=TODAY, history_days=730)
    return db


def test_scoring_stores_every_customer_with_a_tier(history_database: Database) -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    summary = score_customers(history_database, Settings(), now)
    assert summary.customers == 150 and sum(summary.tiers.values()) == 150
    assert summary.tiers["top"] >= 1 and summary.tiers["high"] >= 1
    with history_database.session() as session:
        rows = list(session.scalars(select(CustomerValue)))
        order = session.scalar(
            select(Order).join(CustomerValue, CustomerValue.customer_id == Order.customer_id)
            .where(CustomerValue.tier == "top")
        )  # fmt: skip
        assert order is not None
        number = order.order_number
    assert len(rows) == 150 and all(row.currency == "EUR" for row in rows)
    top = min(float(row.predicted_value) for row in rows if row.tier == "top")
    assert all(float(row.predicted_value) <= top for row in rows if row.tier == "standard")
    assert TierLookup(history_database).for_order(number) == "top"
    assert TierLookup(history_database).for_order("999999") is None


def test_shop_evaluation_has_the_split_and_both_figures(history_database: Database) -> None:
    report = evaluate_shop(history_database, Settings(), datetime(2026, 6, 1, tzinfo=UTC))
    data = report.to_dict()
    assert data["cutoff"] == "2025-06-01" and data["holdout_end"] == "2026-06-01"
    for key in ("model_spearman", "baseline_spearman", "model_mae", "baseline_mae"):
        assert isinstance(data[key], float)
    assert report.figures.model_spearman > report.figures.baseline_spearman


def test_queue_orders_by_wait_plus_the_tiers_head_start(history_database: Database) -> None:

    from shop.handover import HandoverService
    from shopbot.console.inbox_data import ticket_json

    moments = iter(datetime(2026, 6, 1, 9, minute, tzinfo=UTC) for minute in range(0, 60, 10))
    service = HandoverService(
        history_database, clock=lambda: next(moments), head_starts={"top": 15, "high": 5}
    )
    service.open_ticket("q-standard-0900", "requested", "", value_tier="standard")
    service.open_ticket("q-none-0910", "requested", "")
    service.open_ticket("q-top-0920", "requested", "", value_tier="top")  # as if 09:05
    service.open_ticket("q-high-0930", "requested", "", value_tier="high")  # as if 09:25
    order = [ticket.conversation_id for ticket in service.queue()]
    assert order == ["q-standard-0900", "q-top-0920", "q-none-0910", "q-high-0930"]
    top = service.get_open("q-top-0920")
    assert top is not None and top.queued_at == top.created_at - timedelta(minutes=15)
    shown = ticket_json(top, None, "ada")
    assert shown["value_tier"] == "top"
    assert not {"predicted_value", "amount"} & set(shown)


def test_bg_nbd_on_cdnow_matches_the_published_estimates() -> None:
    """Fader, Hardie and Lee (2005), section 4: r 0.243, alpha 4.414, a 0.793, b 2.426,
    log-likelihood -9582.4 on the 2,357 customers' 39 calibration weeks."""
    summary = summarise(load_cdnow(), (CALIBRATION_END - START).days + 1)
    assert len(summary) == 2357
    fitted = BgNbd.fit(summary)
    assert fitted.r == pytest.approx(0.243, abs=0.002)
    assert fitted.alpha == pytest.approx(4.414, abs=0.02)
    assert fitted.a == pytest.approx(0.793, abs=0.005)
    assert fitted.b == pytest.approx(2.426, abs=0.02)
    params = np.array([fitted.r, fitted.alpha, fitted.a, fitted.b])
    likelihood = float(
        np.sum(BgNbd.log_likelihood(params, summary.frequency, summary.recency, summary.age))
    )
    assert likelihood == pytest.approx(-9582.4, abs=0.5)
