"""``shopbot customers``: each customer's predicted 12-month value and value tier.

shopbot customers value                       # fit on all history, store every tier
shopbot customers value --if-unscored         # the same, only when no customer has a value yet
shopbot customers value --evaluate [--json]   # time split: model vs last year's spend
shopbot customers value --evaluate --dataset cdnow --json   # the public CDNOW data
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from core.settings import get_settings
from shop.customer_value.cdnow import CALIBRATION_END, HOLDOUT_END, START, load_cdnow
from shop.customer_value.evaluation import evaluate
from shop.customer_value.service import evaluate_shop, is_scored, score_customers
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import (
    counting_progress,
    fail,
    print_json,
    shopbot_errors,
    stderr,
    stdout,
)

__all__ = ["app"]

app = typer.Typer(help="Customers: predicted value and value tiers.", no_args_is_help=True)


class Dataset(StrEnum):
    """What ``--evaluate`` measures on."""

    SHOP = "shop"
    CDNOW = "cdnow"


def _cdnow() -> dict[str, object]:
    """The paper's split of the CDNOW sample: 39 weeks of calibration, 39 of holdout."""
    purchases = load_cdnow()
    cutoff = (CALIBRATION_END - START).days + 1
    holdout = (HOLDOUT_END - CALIBRATION_END).days
    figures = evaluate(purchases, cutoff, holdout)
    return {
        "dataset": "cdnow",
        "currency": "USD",
        "calibration_start": START.isoformat(),
        "cutoff": CALIBRATION_END.isoformat(),
        "holdout_end": HOLDOUT_END.isoformat(),
        **figures.to_dict(),
    }


def _figures_table(report: dict[str, object]) -> Table:
    table = Table("", "model (BG/NBD + Gamma-Gamma)", "last period's spend", title=(
        f"{report['dataset']}: fit before {report['cutoff']}, "
        f"predict to {report['holdout_end']} ({report['customers']} customers, "
        f"{report['currency']})"
    ))  # fmt: skip
    table.add_row(
        "Spearman rank correlation", f"{report['model_spearman']:.3f}",
        f"{report['baseline_spearman']:.3f}",
    )  # fmt: skip
    table.add_row(
        "mean absolute error", f"{report['model_mae']:.2f}", f"{report['baseline_mae']:.2f}"
    )
    table.add_row(
        "total spend (actual " + f"{report['actual_spend']:.0f})",
        f"{report['model_spend']:.0f}",
        f"{report['baseline_spend']:.0f}",
    )
    table.add_row(
        "transactions (actual " + f"{report['actual_transactions']})",
        f"{report['model_transactions']:.0f}",
        "",
    )
    return table


@app.command("value")
def value(
    evaluate_only: Annotated[
        bool,
        typer.Option(
            "--evaluate",
            help="Measure instead of storing: fit on the history before a cut-off 12 months "
            "ago, predict each customer's spend since, compare with last year's spend.",
        ),
    ] = False,
    dataset: Annotated[
        Dataset,
        typer.Option("--dataset", help="With --evaluate: the shop's orders, or CDNOW."),
    ] = Dataset.SHOP,
    if_unscored: Annotated[
        bool,
        typer.Option(
            "--if-unscored",
            help="Do nothing when customers already have a stored value (make run's first "
            "start scores the demo shop's customers; later starts keep the tiers).",
        ),
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Fit the customer-value model on the whole order history and store every customer's
    predicted 12-month value and tier (or, with --evaluate, measure it)."""
    if dataset is Dataset.CDNOW and not evaluate_only:
        fail("--dataset cdnow is for --evaluate (it has no customers of this shop)", code=2)
    if if_unscored and evaluate_only:
        fail("--if-unscored is for storing tiers, not for --evaluate", code=2)
    now = datetime.now(UTC)
    with shopbot_errors():
        if dataset is Dataset.CDNOW:
            report = _cdnow()
        else:
            settings = get_settings()
            db = open_database(database_url)
            try:
                if evaluate_only:
                    report = evaluate_shop(db, settings, now).to_dict()
                elif if_unscored and is_scored(db):
                    stderr.print("Customers already have value tiers: nothing to do.")
                    return
                else:
                    with counting_progress("Scoring customers") as progress:
                        task = progress.add_task("score", total=None)

                        def advance(done: int, total: int) -> None:
                            progress.update(task, completed=done, total=total)

                        summary = score_customers(db, settings, now, advance)
                    report = summary.to_dict()
            finally:
                db.dispose()
    if json_output:
        print_json(report)
    elif evaluate_only:
        stdout.print(_figures_table(report))
    else:
        tiers = report["tiers"]
        assert isinstance(tiers, dict)
        table = Table("tier", "customers", title="Value tiers stored")
        for tier, count in tiers.items():
            table.add_row(tier, str(count))
        stdout.print(table)
        stderr.print(
            f"Scored {report['customers']} customers ({report['buyers']} with purchases) in "
            f"{report['currency']}; model fitted in {report['fit_seconds']} s."
        )
