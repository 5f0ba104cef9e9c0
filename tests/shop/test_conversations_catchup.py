"""Catching the conversation summaries up with the tracker store (``shop.conversations.
catchup``): what the RabbitMQ consumer does after an outage and every few minutes, and
``shopbot conversations rebuild --since``; on SQLite and PostgreSQL, without RabbitMQ."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from typer.testing import CliRunner

from core.db.base import utc_now
from core.db.database import Database
from core.errors import ConfigurationError
from core.settings import Settings, describe_errors
from shop.conversations import AmqpFollower, catch_up, rebuild_summaries
from shop.conversations import catchup as catchup_module
from shop.conversations.broker import BrokerEvent
from shop.conversations.consumer import AMQP_CURSOR_NAME, acquire_lease, fold_batch
from shop.conversations.rebuild import hold_every_lease
from shop.conversations.tables import CURSORS, SUMMARIES
from shopbot.cli.main import app
from tests.shop.amqp_support import (
    Rows,
    TrackerStore,
    conversation,
    expected,
    summaries,
    without_summaries,
)


@pytest.fixture
def clean(database: Database) -> Database:
    """The module's order database without summaries or cursors."""
    return without_summaries(database)


@pytest.fixture
def tracker(tmp_path: Path) -> Iterator[tuple[TrackerStore, Database]]:
    store = TrackerStore(tmp_path / "tracker.db")
    database = Database(store.url)
    yield store, database
    database.dispose()


def fold_into(database: Database, rows: Rows) -> None:
    """Fold events as the consumer does (one transaction)."""
    events = [BrokerEvent(n, sender, event) for n, (sender, event) in enumerate(rows)]
    with database.begin() as connection:
        fold_batch(connection, events)


def anyone(_: object) -> bool:
    return True


def test_a_conversation_missing_events_is_folded_again_once(
    clean: Database, tracker: tuple[TrackerStore, Database]
) -> None:
    store, tracker_db = tracker
    gap = conversation("catch-gap", 6, time.time() - 100)
    whole = conversation("catch-whole", 2, time.time() - 90)
    store.save(gap + whole)
    # The broker lost the middle of one conversation (later events arrived), and all of a
    # third that is only in the store.
    only_stored = conversation("catch-only-stored", 1, time.time() - 80)
    store.save(only_stored)
    fold_into(clean, gap[:7] + gap[15:] + whole)
    before = summaries(clean, ["catch-gap"])
    assert before["catch-gap"][0] == len(gap) - 8  # the summary counts what reached it
    report = catch_up(clean, tracker_db, time.time() - 300, anyone)
    assert (report.touched, report.differing, report.refolded) == (3, 2, 2)
    senders = ["catch-gap", "catch-whole", "catch-only-stored"]
    assert summaries(clean, senders) == expected(gap + whole + only_stored)
    assert catch_up(clean, tracker_db, time.time() - 300, anyone).refolded == 0


def test_a_summary_newer_than_the_store_stays_and_recent_conversations_wait(
    clean: Database, tracker: tuple[TrackerStore, Database]
) -> None:
    store, tracker_db = tracker
    ahead = conversation("catch-ahead", 3, time.time() - 100)
    store.save(ahead[:-4])  # the store has not committed the last turn yet
    fold_into(clean, ahead)
    active = conversation("catch-active", 2)  # events of the last seconds
    store.save(active)
    report = catch_up(clean, tracker_db, time.time() - 300, anyone, until=time.time() - 5)
    assert (report.differing, report.refolded, report.deferred) == (2, 0, 1)
    assert summaries(clean, ["catch-ahead"]) == expected(ahead)
    assert summaries(clean, ["catch-active"]) == {}
    assert catch_up(clean, tracker_db, time.time() - 300, anyone).refolded == 1
    assert summaries(clean, ["catch-active"]) == expected(active)


def test_only_recent_conversations_are_read(
    clean: Database, tracker: tuple[TrackerStore, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, tracker_db = tracker
    old = conversation("catch-old", 2, time.time() - 7200)
    recent = conversation("catch-recent", 2, time.time() - 60)
    store.save(old + recent)
    monkeypatch.setattr(catchup_module, "SCAN_PAGE", 4)  # several pages, newest first
    assert catchup_module.touched_since(tracker_db, time.time() - 120) == ["catch-recent"]
    # The scan ends after a run of old rows: a recent event below them is not read.
    store.save(old[:3])
    monkeypatch.setattr(catchup_module, "SCAN_STOP_ROWS", 3)
    assert catchup_module.touched_since(tracker_db, time.time() - 120) == []
    monkeypatch.setattr(catchup_module, "SCAN_STOP_ROWS", 4)
    assert catchup_module.touched_since(tracker_db, time.time() - 120) == ["catch-recent"]
    assert sorted(catchup_module.touched_since(tracker_db, None)) == ["catch-old", "catch-recent"]
    report = catch_up(clean, tracker_db, time.time() - 120, anyone)
    assert (report.touched, report.refolded) == (1, 1)
    assert set(summaries(clean, ["catch-old", "catch-recent"])) == {"catch-recent"}


def test_rebuild_since_folds_the_touched_conversations_again_in_place(
    clean: Database, tracker: tuple[TrackerStore, Database]
) -> None:
    store, _ = tracker
    recent = conversation("catch-cli-recent", 3, time.time() - 60)
    old = conversation("catch-cli-old", 2, time.time() - 7200)
    store.save(recent + old)
    fold_into(clean, recent[:5] + old[:5])  # both incomplete
    with clean.begin() as connection:
        pk = connection.execute(
            select(SUMMARIES.c.id).where(SUMMARIES.c.conversation_id == "catch-cli-recent")
        ).scalar_one()
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 600))
    url = clean.url.render_as_string(hide_password=False)
    arguments = ["conversations", "rebuild", "--database-url", url, "--tracker-store", store.url]
    for _ in range(2):  # idempotent
        result = CliRunner().invoke(app, [*arguments, "--since", since, "--json"])
        assert result.exit_code == 0, result.output
        assert {k: json.loads(result.stdout)[k] for k in ("touched", "refolded")} == {
            "touched": 1,
            "refolded": 1,
        }
        assert summaries(clean, ["catch-cli-recent"]) == expected(recent)
    assert summaries(clean, ["catch-cli-old"]) == expected(old[:5])  # not touched since
    with clean.begin() as connection:  # the same row, and no lease left behind
        assert (
            connection.execute(
                select(SUMMARIES.c.id).where(SUMMARIES.c.conversation_id == "catch-cli-recent")
            ).scalar_one()
            == pk
        )
        assert set(connection.execute(select(CURSORS.c.holder)).scalars()) == {None}
    bad = CliRunner().invoke(app, [*arguments, "--since", "yesterday"])
    assert bad.exit_code != 0 and "ISO 8601" in bad.output


def test_a_rebuild_pauses_the_rabbitmq_consumer_a_dead_consumer_does_not(
    clean: Database, tracker: tuple[TrackerStore, Database]
) -> None:
    store, tracker_db = tracker
    settings = Settings(
        database_url=clean.url.render_as_string(hide_password=False),
        tracker_store_url=store.url,
        amqp_url="amqp://guest:guest@127.0.0.1:5672/unused",
    )
    consumer = AmqpFollower(settings)
    try:
        with clean.begin() as connection:
            hold_every_lease(connection, "rebuild:test")
        with clean.begin() as connection:
            assert not consumer._hold(connection)
        rebuild_summaries(clean, tracker_db, holder="rebuild:other")
        with clean.begin() as connection:  # the rebuild gave every lease back
            assert set(connection.execute(select(CURSORS.c.holder)).scalars()) == {None}
            acquire_lease(connection, "amqp-follow:gone:1:x", utc_now(), cursor=AMQP_CURSOR_NAME)
        with clean.begin() as connection:
            assert consumer._hold(connection)
            holder = connection.execute(
                select(CURSORS.c.holder).where(CURSORS.c.name == AMQP_CURSOR_NAME)
            ).scalar_one()
        assert holder == consumer.holder
    finally:
        consumer.close()


def test_the_amqp_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOPBOT_AMQP_URL", raising=False)
    with pytest.raises(ConfigurationError, match="SHOPBOT_AMQP_URL is not set"):
        Settings().require_amqp_url()
    with pytest.raises(ValidationError) as raised:
        Settings(amqp_url="http://user:hunter2hunter2@example.com/")
    message = describe_errors(raised.value)
    assert "amqp://" in message and "hunter2" not in message
    monkeypatch.setenv("SHOPBOT_AMQP_URL", "amqps://u:p@rabbit.example.com:5671/shop")
    monkeypatch.setenv("SHOPBOT_AMQP_QUEUE", "shop_events")
    settings = Settings()
    assert (settings.amqp_queue, settings.amqp_batch_size) == ("shop_events", 500)
    assert "u:p@" not in repr(settings)
