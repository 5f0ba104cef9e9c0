"""``shopbot catalog``: generate, import, demo, stats; JSON on stdout, problems on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from knowledge.catalog import CSV_COLUMNS, generate_catalog, write_catalog
from shopbot.cli.main import app

runner = CliRunner()


def _run(*args: str, code: int = 0) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def _json(*args: str, code: int = 0) -> Any:
    return json.loads(_run(*args, "--json", code=code).stdout)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'shop.db'}"


@pytest.mark.parametrize("command", ["", "generate", "import", "demo", "stats"])
def test_every_command_has_help(command: str) -> None:
    args = ["catalog", command] if command else ["catalog"]
    assert "Usage" in _run(*args, "--help").stdout


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_generate_writes_the_demo_catalog(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"demo{suffix}"
    result = _json("catalog", "generate", "--size", "40", "--seed", "4", "--out", str(out))
    assert result["products"] == 40 and result["seed"] == 4
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == (41 if suffix == ".csv" else 40)
    again = _json("catalog", "generate", "--size", "40", "--seed", "4", "--out", str(out))
    assert again["fingerprint"] == result["fingerprint"]
    stats = _json("catalog", "stats", "--file", str(out))
    assert stats["products"] == 40 and stats["fingerprint"] == result["fingerprint"]


def test_import_reports_problems_and_keeps_good_rows(tmp_path: Path, url: str) -> None:
    path = tmp_path / "shop.csv"
    path.write_text(
        ",".join(CSV_COLUMNS) + "\n"
        "A1,Good Mug,,,Home & kitchen > Mugs,9.99,EUR,,,,,,,,\n"
        "A2,No Price,,,,,EUR,,,,,,,,\n"
        "A1,Duplicate,,,,5,EUR,,,,,,,,\n"
        "A3,[bold]Markup[/bold] Mug,,,,5,EURO,,,,,,,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["catalog", "import", str(path), "--database-url", url, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["imported"], data["skipped"], data["rows_read"]) == (1, 3, 4)
    assert [(p["line"], p["id"], p["problem"]) for p in data["problems"]] == [
        (3, "A2", "missing_price"),
        (4, "A1", "duplicate_id"),
        (5, "A3", "bad_currency"),
    ]
    assert all(p["message"] for p in data["problems"])
    assert data["store"]["inserted"] == 1
    assert "missing_price" in result.stderr and "4 rows read, 1 kept" in result.stderr
    stats = _json("catalog", "stats", "--database-url", url)
    assert stats["products"] == 1


def test_import_of_nothing_usable_exits_1(tmp_path: Path, url: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "X", "title": "", "price": 1, "currency": "EUR"}\nnot json\n')
    data = _json("catalog", "import", str(path), "--database-url", url, code=1)
    assert data["imported"] == 0 and data["skipped"] == 2
    assert {p["problem"] for p in data["problems"]} == {"empty_title", "bad_json"}
    assert not (tmp_path / "var").exists()


def test_import_check_writes_nothing_and_unreadable_files_fail(tmp_path: Path, url: str) -> None:
    path = tmp_path / "fine.jsonl"
    write_catalog(path, generate_catalog(20, seed=1))
    data = _json("catalog", "import", str(path), "--check", "--database-url", url)
    assert data["imported"] == 0 and data["accepted"] == 20 and data["store"] is None
    assert not (tmp_path / "var").exists()
    result = _run("catalog", "import", str(tmp_path / "nope.csv"), "--database-url", url, code=1)
    assert "Cannot read" in result.stderr


def test_import_replace_deactivates_and_demo_is_idempotent(tmp_path: Path, url: str) -> None:
    first = _json("catalog", "demo", "--size", "60", "--database-url", url)
    assert first["inserted"] == 60 and first["other_active_products"] == 0
    second = _json("catalog", "demo", "--size", "60", "--database-url", url)
    assert (second["inserted"], second["unchanged"]) == (0, 60)
    assert _json("catalog", "demo", "--if-empty", "--database-url", url)["saved"] is False
    path = tmp_path / "own.jsonl"
    write_catalog(path, generate_catalog(60)[:10])
    data = _json("catalog", "import", str(path), "--replace", "--database-url", url)
    assert data["store"]["deactivated"] == 50 and data["store"]["unchanged"] == 10
    assert _json("catalog", "stats", "--database-url", url)["products"] == 10
    assert _json("catalog", "stats", "--all", "--database-url", url)["products"] == 60


def test_stats_table_and_json(url: str) -> None:
    _run("catalog", "demo", "--size", "100", "--database-url", url)
    stats = _json("catalog", "stats", "--database-url", url)
    assert stats["products"] == 100 and len(stats["categories"]) == 10
    assert 0.5 < stats["in_stock_share"] <= 1
    assert set(stats["currencies"]) <= {"EUR", "USD", "GBP"}
    table = _run("catalog", "stats", "--database-url", url).stdout
    assert "Footwear" in table and "In stock" in table
