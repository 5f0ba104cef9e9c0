"""``shopbot proactive scan|notices``: the report as JSON, a dry run on demo data, bad
settings refused with a clear message."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import get_settings
from shopbot.cli.main import app
from shopbot.demo.seed import seed_demo_data

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('proactive') / 'shop.db'}"
    database = Database(url)
    upgrade(database)
    seed_demo_data(database, seed=3, customers=80, orders=500)
    database.dispose()
    return url


@pytest.fixture
def settings_cleared(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def test_a_dry_run_names_the_cases_and_records_nothing(
    seeded: str, settings_cleared: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(
        app, ["proactive", "scan", "--dry-run", "--json", "--database-url", seeded]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["detected"] > 0 and report["sent"] == 0
    assert report["no_consent"] == report["detected"]  # nobody agreed yet
    assert {n["kind"] for n in report["notices"]} >= {"exception", "failed_attempt"}
    listed = runner.invoke(app, ["proactive", "notices", "--json", "--database-url", seeded])
    assert listed.exit_code == 0 and json.loads(listed.stdout) == []


def test_bad_quiet_hours_are_refused_with_a_clear_message(
    seeded: str, settings_cleared: pytest.MonkeyPatch
) -> None:
    settings_cleared.setenv("SHOPBOT_PROACTIVE_QUIET_HOURS", "late at night")
    result = runner.invoke(app, ["proactive", "scan", "--dry-run", "--database-url", seeded])
    assert result.exit_code == 1
    assert "SHOPBOT_PROACTIVE_QUIET_HOURS" in result.output
