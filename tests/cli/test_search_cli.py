"""``shopbot search`` and ``shopbot eval search`` on a small catalog in a SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import get_settings
from knowledge.catalog.generate import generate_catalog
from knowledge.catalog.store import save_catalog
from knowledge.embedding_cache import DEFAULT_CACHE_DIR
from shopbot.cli.main import app

runner = CliRunner()


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database URL with 300 demo products; indexes go to a temporary folder."""
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    database = Database(url)
    upgrade(database)
    save_catalog(database, generate_catalog(300))
    database.dispose()
    monkeypatch.setenv("SHOPBOT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SHOPBOT_EMBEDDING_CACHE_DIR", str(DEFAULT_CACHE_DIR))
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_search_json(shop: str) -> None:
    result = runner.invoke(
        app, ["search", "insulated water bottle", "--json", "--k", "3", "--database-url", shop]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert 1 <= len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) == {"id", "title", "category", "price", "currency", "score"}
    assert "bottle" in first["title"].casefold()
    assert data["no_match"] is None


def test_search_table_and_no_match(shop: str) -> None:
    result = runner.invoke(app, ["search", "hiking boots under 1 euro", "--database-url", shop])
    assert result.exit_code == 0, result.output
    assert "Nothing fits (filters)" in result.stdout
    assert "price" in result.stdout


def test_eval_search_prints_metrics(shop: str, tmp_path: Path) -> None:
    products = generate_catalog(300)
    bottle = next(p for p in products if "bottle" in p.title.casefold())
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        f"query\trelevant_ids\n{bottle.title}\t{bottle.id}\na petrol lawn mower\t\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["eval", "search", str(queries), "--no-progress", "--database-url", shop]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    overall = report["overall"]
    assert overall["n"] == 2
    assert overall["mrr@10"] == 1.0
    assert overall["no_match_precision"] == 1.0
    assert "en" in report["by_language"]


def test_eval_search_rejects_a_bad_file(shop: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("text\tids\nboots\tx\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "search", str(bad), "--database-url", shop])
    assert result.exit_code != 0
