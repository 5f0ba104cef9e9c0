"""``shopbot db`` and ``shopbot orders``: JSON on stdout, messages on stderr, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from shopbot.cli.main import app
from shopbot.cli.output import EXIT_DATABASE_UNAVAILABLE

runner = CliRunner()
SMALL = ["--customers", "30", "--orders", "120", "--history-days", "0", "--today", "2026-06-15"]


def _run(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def _json(*args: str) -> Any:
    return json.loads(_run(*args, "--json").stdout)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'shop.db'}"


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["db"],
        ["db", "init"],
        ["db", "migrate"],
        ["db", "seed"],
        ["db", "status"],
        ["orders"],
        ["orders", "sample"],
        ["orders", "show"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = _run(*command, "--help")
    assert "Usage" in result.stdout


def test_init_is_idempotent_and_migrate_is_the_same(url: str) -> None:
    first = _json("db", "init", "--database-url", url)
    assert first["changed"] and first["revision"] == first["head"]
    second = _json("db", "migrate", "--database-url", url)
    assert not second["changed"] and second["previous_revision"] == first["head"]


def test_seed_status_and_sample(url: str) -> None:
    _run("db", "init", "--database-url", url)
    summary = _json("db", "seed", "--database-url", url, "--seed", "5", *SMALL)
    assert summary["seeded"] and summary["tables"]["orders"] == 120
    assert sum(summary["order_statuses"].values()) == 120
    status = _json("db", "status", "--database-url", url)
    assert status["up_to_date"] and status["tables"]["orders"] == 120
    assert status["order_statuses"] == summary["order_statuses"]
    sample = _json("orders", "sample", "--n", "12", "--database-url", url)
    assert len(sample["orders"]) == 12
    assert len({order["status"] for order in sample["orders"]}) == 12
    order = sample["orders"][0]
    assert set(order) == {
        "order_number",
        "email",
        "status",
        "currency",
        "total",
        "placed_at",
        "lines",
        "carrier",
        "tracking_number",
    }
    assert set(order["lines"][0]) == {
        "line_id",
        "sku",
        "title",
        "quantity",
        "unit_price",
        "final_sale",
    }
    delayed = _json("orders", "sample", "--n", "3", "--status", "delayed", "--database-url", url)
    assert {o["status"] for o in delayed["orders"]} == {"delayed"}
    shown = _json("orders", "show", order["order_number"], "--database-url", url)
    assert shown["order_number"] == order["order_number"]
    table = _run("orders", "sample", "--n", "2", "--database-url", url).stdout
    assert "order" in table


def test_seed_refuses_a_second_time_unless_reset(url: str) -> None:
    _run("db", "seed", "--database-url", url, *SMALL)  # creates the schema itself
    refused = _run("db", "seed", "--database-url", url, *SMALL, code=1)
    assert "--reset" in refused.stderr and refused.stdout == ""
    skipped = _json("db", "seed", "--database-url", url, "--if-empty", *SMALL)
    assert skipped == {"seeded": False, "reason": "not_empty"}
    reset = _json("db", "seed", "--database-url", url, "--reset", "--seed", "9", *SMALL)
    assert reset["seeded"] and reset["seed"] == 9
    assert _json("db", "status", "--database-url", url)["tables"]["orders"] == 120


def test_an_unreachable_database_is_a_clean_error() -> None:
    down = "postgresql://shop:hunter2-secret@127.0.0.1:1/shop"
    result = _run("db", "status", "--database-url", down, "--json", code=EXIT_DATABASE_UNAVAILABLE)
    assert result.stdout == ""
    assert "unavailable" in result.stderr and "hunter2" not in result.stderr


def test_the_installed_command_prints_pure_json(url: str) -> None:
    command = [
        sys.executable,
        "-m",
        "shopbot.cli.main",
        "db",
        "status",
        "--json",
        "--database-url",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout)["revision"] is None
