"""``shopbot customers value``: stores tiers, --if-unscored keeps them, --evaluate --json
prints the figures the issue names, CDNOW only for --evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.db.customer_value_models import CustomerValue
from core.db.database import Database
from shopbot.cli.main import app

runner = CliRunner()
SEED = ["--customers", "120", "--orders", "400", "--history-days", "540", "--today", "2026-06-15"]


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('customers') / 'shop.db'}"
    for args in (["db", "init"], ["db", "seed", *SEED]):
        result = runner.invoke(app, [*args, "--database-url", url])
        assert result.exit_code == 0, result.stderr
    return url


def _stored(url: str) -> dict[int, str]:
    db = Database(url)
    try:
        with db.session() as session:
            return {row.customer_id: row.tier for row in session.query(CustomerValue)}
    finally:
        db.dispose()


def test_value_stores_tiers_and_if_unscored_keeps_them(url: str) -> None:
    result = runner.invoke(app, ["customers", "value", "--if-unscored", "--database-url", url])
    assert result.exit_code == 0, result.stderr
    first = _stored(url)
    assert len(first) == 120 and set(first.values()) <= {"top", "high", "standard", "new"}
    assert "top" in first.values()

    again = runner.invoke(app, ["customers", "value", "--if-unscored", "--database-url", url])
    assert again.exit_code == 0 and "nothing to do" in again.stderr
    assert _stored(url) == first


def test_evaluate_json_has_the_model_and_baseline_figures(url: str) -> None:
    result = runner.invoke(
        app, ["customers", "value", "--evaluate", "--json", "--database-url", url]
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    for key in ("model_spearman", "baseline_spearman", "model_mae", "baseline_mae"):
        assert isinstance(report[key], float), key
    assert -1.0 <= report["model_spearman"] <= 1.0


@pytest.mark.parametrize(
    "args",
    [["--dataset", "cdnow"], ["--evaluate", "--if-unscored"]],
)
def test_contradictory_options_are_refused(args: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, ["customers", "value", *args])
    assert result.exit_code == 2
    assert result.stderr.strip()
