"""``shopbot privacy erase|retention``: options, counts per table, JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import get_settings
from shop.feedback import events_table
from shopbot.cli.main import app

runner = CliRunner()
OLD = time.time() - 200 * 86400


@pytest.fixture
def databases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    shop = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    upgrade(shop)
    shop.dispose()
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}")
    events_table.metadata.create_all(engine)
    with engine.begin() as connection:
        for sender, at in (("web-old", OLD), ("web-new", time.time())):
            event = {"event": "user", "timestamp": at, "text": "hi", "input_channel": "socketio"}
            connection.execute(
                insert(events_table).values(
                    sender_id=sender, type_name="user", timestamp=at, data=json.dumps(event)
                )
            )
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'shop.db'}")
    monkeypatch.setenv("SHOPBOT_TRACKER_DB", str(tmp_path / "tracker.db"))
    monkeypatch.setenv("SHOPBOT_EVENTS_DB", str(tmp_path / "events.db"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_erase_needs_exactly_one_of_email_and_conversation(databases: Path) -> None:
    for arguments in ([], ["--email", "a@example.com", "--conversation", "web-new"]):
        result = runner.invoke(app, ["privacy", "erase", *arguments])
        assert result.exit_code == 2
        assert "exactly one" in result.output


def test_erase_a_conversation_prints_the_counts_as_json(databases: Path) -> None:
    result = runner.invoke(app, ["privacy", "erase", "--conversation", "web-new", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["conversations"] == 1
    assert report["removed"]["tracker_store.events"] == 1
    assert report["removed"]["event_broker.events"] == 0  # no event broker database yet


def test_erase_an_unknown_email_finds_nothing(databases: Path) -> None:
    result = runner.invoke(app, ["privacy", "erase", "--email", "nobody@example.com"])
    assert result.exit_code == 0, result.output
    assert "Erased 0 conversation(s)" in result.output
    assert "tracker_store.events" in result.output


def test_retention_removes_what_is_older_and_counts_it(databases: Path) -> None:
    result = runner.invoke(app, ["privacy", "retention", "--days", "30", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["days"], report["conversations"], report["counted_rows"]) == (30, 1, 1)
    assert report["removed"]["tracker_store.events"] == 1
    again = runner.invoke(app, ["privacy", "retention", "--days", "30", "--json"])
    assert json.loads(again.stdout)["conversations"] == 0
