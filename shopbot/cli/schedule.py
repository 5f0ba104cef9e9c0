"""``shopbot schedule``: the shop's recurring work in one process (``make run`` starts it).

    shopbot schedule [--scan-every MINUTES] [--first-scan-after SECONDS] [--rescore-hour H]

Two jobs on one APScheduler ``BlockingScheduler`` (docs/proactive.md, docs/customer_value.md):

- **order notices**: ``shopbot proactive scan`` every ``SHOPBOT_PROACTIVE_INTERVAL_MINUTES``
  (15), the first a minute after the start;
- **customer value**: ``shopbot customers value`` once a day at
  ``SHOPBOT_CUSTOMER_VALUE_HOUR`` (3, UTC), so the hand-over queue's tiers follow the orders.

A job that fails is logged and runs again at its next time; a job still running when its
next time comes is not started twice. Shops that prefer cron run the two commands from it
instead (the lines are in the docs).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from core.db.base import utc_now
from core.settings import get_settings
from shop.customer_value.service import score_customers
from shopbot.cli.db import DatabaseUrlOption, open_database
from shopbot.cli.output import stderr
from shopbot.cli.proactive import scan_summary

__all__ = ["schedule"]

logger = logging.getLogger(__name__)


def _logged(name: str, work: Callable[[], str]) -> Callable[[], None]:
    """``work`` as a job: its one-line result on stderr, a failure logged, never raised."""

    def job() -> None:
        try:
            stderr.print(f"{datetime.now().isoformat(timespec='seconds')} {name}: {work()}")
        except Exception:  # one failed run must not stop the schedule
            logger.exception("%s failed; it runs again at its next time", name)

    return job


def _rescore(database_url: str | None) -> str:
    """Score every customer again; a one-line summary."""
    database = open_database(database_url)
    try:
        summary = score_customers(database, get_settings(), datetime.now(UTC))
    finally:
        database.dispose()
    tiers = ", ".join(f"{tier} {count}" for tier, count in summary.tiers.items())
    return f"{summary.customers} customers scored ({tiers})"


def schedule(
    scan_every: Annotated[
        int | None,
        typer.Option(
            "--scan-every",
            min=1,
            help="Minutes between order-notice scans (default SHOPBOT_PROACTIVE_INTERVAL_MINUTES).",
        ),
    ] = None,
    first_scan_after: Annotated[
        int, typer.Option("--first-scan-after", min=0, help="Seconds before the first scan.")
    ] = 60,
    rescore_hour: Annotated[
        int | None,
        typer.Option(
            "--rescore-hour",
            min=0,
            max=23,
            help="UTC hour of the daily customer scoring (default SHOPBOT_CUSTOMER_VALUE_HOUR).",
        ),
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Run the order-notice scan and the daily customer scoring until stopped."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    settings = get_settings()
    minutes = scan_every or settings.proactive_interval_minutes
    hour = settings.customer_value_hour if rescore_hour is None else rescore_hour
    scheduler = BlockingScheduler(timezone="UTC")
    scheduler.add_job(
        _logged("order notices", lambda: scan_summary(database_url)),
        "interval",
        minutes=minutes,
        next_run_time=utc_now() + timedelta(seconds=first_scan_after),
        max_instances=1,
        coalesce=True,
    )
    scheduler.add_job(
        _logged("customer value", lambda: _rescore(database_url)),
        "cron",
        hour=hour,
        minute=0,
        max_instances=1,
        coalesce=True,
    )
    stderr.print(
        f"Order-notice scan every {minutes} minute(s); customers scored daily at "
        f"{hour:02d}:00 UTC. Ctrl-C stops."
    )
    with suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
