"""``shopbot handover list``: a page at a time, newest activity first, one agent's view."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from core.db.database import Database
from core.db.migrate import upgrade
from core.settings import get_settings
from shop.handover import HandoverService
from shopbot.cli.handover import app

runner = CliRunner()


@pytest.fixture
def tickets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Five tickets a minute apart (the last one Ben's), in the database the CLI reads."""
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    database = Database(url)
    upgrade(database)
    moments = iter(datetime(2027, 1, 1, tzinfo=UTC) + timedelta(minutes=n) for n in range(20))
    service = HandoverService(database, clock=lambda: next(moments))
    numbers = [service.open_ticket(f"cli-{n}", "requested", "").ticket_number for n in range(5)]
    service.take(numbers[-1], "Ben")
    database.dispose()
    yield numbers
    get_settings.cache_clear()


def test_pages_follow_the_printed_cursor(tickets: list[str]) -> None:
    first = runner.invoke(app, ["list", "--limit", "2", "--json"])
    assert first.exit_code == 0, first.output
    page = json.loads(first.stdout)
    assert [t["ticket_number"] for t in page["tickets"]] == [tickets[4], tickets[3]]
    second = runner.invoke(app, ["list", "--limit", "2", "--cursor", page["next_cursor"], "--json"])
    assert [t["ticket_number"] for t in json.loads(second.stdout)["tickets"]] == tickets[2:0:-1]


def test_one_agents_view_leaves_out_another_agents_tickets(tickets: list[str]) -> None:
    seen = runner.invoke(app, ["list", "--agent", "Ana", "--json"])
    numbers = [t["ticket_number"] for t in json.loads(seen.stdout)["tickets"]]
    assert numbers == tickets[3::-1]
    assert tickets[4] in runner.invoke(app, ["list", "--agent", "Ben", "--json"]).stdout


@pytest.mark.parametrize("arguments", [["--cursor", "junk"], ["--limit", "0"], ["--limit", "999"]])
def test_a_bad_cursor_or_limit_is_a_usage_error(tickets: list[str], arguments: list[str]) -> None:
    assert runner.invoke(app, ["list", *arguments]).exit_code == 2
