"""``shopbot schedule``: both jobs registered at their times, each job's failure logged and
survived, and the daily customer scoring storing tiers."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from apscheduler.schedulers.blocking import BlockingScheduler
from typer.testing import CliRunner

from core.db.customer_value_models import CustomerValue
from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import get_settings
from shopbot.cli import schedule as schedule_module
from shopbot.cli.main import app
from shopbot.demo.seed import seed_demo_data

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('schedule') / 'shop.db'}"
    database = Database(url)
    upgrade(database)
    seed_demo_data(database, seed=5, customers=80, orders=400, history_days=540)
    database.dispose()
    return url


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The jobs the command registered, captured instead of running the scheduler."""
    jobs: list[Any] = []

    def capture(scheduler: BlockingScheduler, *args: object, **kwargs: object) -> None:
        jobs.extend(scheduler.get_jobs())

    monkeypatch.setattr(BlockingScheduler, "start", capture)
    get_settings.cache_clear()
    yield jobs
    get_settings.cache_clear()


def test_both_jobs_are_scheduled_at_their_times(
    seeded: str, started: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOPBOT_CUSTOMER_VALUE_HOUR", "4")
    result = runner.invoke(app, ["schedule", "--scan-every", "7", "--database-url", seeded])
    assert result.exit_code == 0, result.output
    triggers = sorted(str(job.trigger) for job in started)
    assert triggers == ["cron[hour='4', minute='0']", "interval[0:07:00]"], triggers
    assert "every 7 minute(s)" in result.stderr and "04:00 UTC" in result.stderr


def test_a_failing_job_is_logged_and_the_schedule_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken() -> str:
        raise RuntimeError("database gone")

    with caplog.at_level(logging.ERROR):
        schedule_module._logged("customer value", broken)()  # does not raise
    assert "customer value failed" in caplog.text


def test_the_daily_scoring_stores_every_customers_tier(seeded: str, started: list[Any]) -> None:
    line = schedule_module._rescore(seeded)
    assert line.startswith("80 customers scored")
    database = Database(seeded)
    try:
        with database.session() as session:
            assert session.query(CustomerValue).count() == 80
    finally:
        database.dispose()
