"""`shopbot bench load` for real: a small run (4 conversations of 5 turns) against the
embedded default the end-to-end tests share (Rasa server, action server, SQLite tracker
store and event broker), with the summaries' consumer ``shopbot conversations follow``
started for the module. Each load conversation comes from a loopback address of its own
and a sender prefix of its run, so the other tests' conversations are not counted.

A smoke run, not a measurement: no figure is compared with a time. It fails when a turn
errs, a reply is not its conversation's, or a message is not in the tracker store or the
summaries exactly once; and, against the same stack, when the reconciliation misses a
message taken out of the tracker store afterwards.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from core.db.database import Database
from core.settings import PROJECT_ROOT
from shop.feedback.tracker_events import events_table
from shopbot.benchmarks.load.reconcile import compare, tracker_messages
from shopbot.benchmarks.load.records import read_records
from shopbot.benchmarks.load.scenario import TURN_KINDS, sender_prefix
from shopbot.runtime import offline_environment
from tests.e2e.conftest import MODEL, SHOPBOT, Stack

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not MODEL.exists(), reason="needs the trained model (make test)"),
]


@pytest.fixture(scope="module")
def consumer(stack: Stack) -> Iterator[None]:
    """The summaries' consumer of the shared stack, for the module."""
    process = subprocess.Popen(
        [
            str(SHOPBOT),
            "conversations",
            "follow",
            "--database-url",
            stack.database_url,
            "--events-url",
            f"sqlite:///{stack.env['SHOPBOT_EVENTS_DB']}",
            "--tracker-store",
            stack.tracker_store_url,
        ],
        env=offline_environment(stack.env),
        stdout=subprocess.DEVNULL,
        stderr=(stack.log_dir / "consumer.log").open("wb"),
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def bench_load(stack: Stack, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(SHOPBOT),
            "bench",
            "load",
            "--host",
            stack.rasa_url,
            "--token",
            stack.rasa_token,
            "--database-url",
            stack.database_url,
            "--tracker-store",
            stack.tracker_store_url,
            "--summaries-wait",
            "60",
            *arguments,
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def run(stack: Stack, consumer: None) -> dict[str, Any]:
    """One run of 4 conversations x 5 turns, as JSON."""
    result = bench_load(stack, "--conversations", "4", "--turns", "5", "--json")
    # Exit 1: a check failed (each test below looks at its own); anything else: no figures.
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]
    figures: dict[str, Any] = json.loads(result.stdout)
    assert (result.returncode == 0) == figures["ok"]
    return figures


def test_every_turn_is_answered_in_its_own_conversation(run: dict[str, Any]) -> None:
    assert (run["conversations"], run["turns"], run["errors"]) == (4, 20, 0), run
    assert run["conversations_finished"] == 4 and not run["timed_out"]
    assert run["own_addresses"] == 4  # each conversation from its own loopback address
    assert run["languages"] == ["de", "en", "es", "fr"]
    # Every kind of turn ran, and locust counted the same turns under the same names.
    assert set(run["kinds"]) == set(TURN_KINDS)
    for kind, row in run["kinds"].items():
        assert row["errors"] == 0 and 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"], kind
        assert run["locust"]["requests"][kind]["requests"] == row["turns"]
        assert run["locust"]["requests"][kind]["failures"] == 0
    assert run["turns_per_second"] > 0
    replies = run["reconciliation"]["replies"]
    assert replies == {
        "ok": True,
        "replies": 20,
        "addressed_to_another_conversation": 0,
        "naming_another_conversations_order": 0,
    }


def test_every_message_is_in_both_stores_exactly_once(run: dict[str, Any]) -> None:
    for store in ("tracker_store", "summaries"):
        check = run["reconciliation"][store]
        assert check["ok"], check
        assert (check["conversations"], check["expected"], check["exactly_once"]) == (4, 20, 20)
        assert check["stored"] == 20


def test_every_reply_is_stored_once_in_the_tracker_store(run: dict[str, Any]) -> None:
    check = run["reconciliation"]["tracker_store_replies"]
    assert check["missing"] == 0 and check["expected"] >= 20
    assert check["ok"], check
    assert run["ok"]


def test_cpu_is_reported_per_process(run: dict[str, Any]) -> None:
    labels = [process["process"] for process in run["cpu"]["processes"]]
    assert any(label.startswith("Rasa server") for label in labels), labels
    assert "load generator, locust" in labels
    assert run["cpu"]["saturation"]


def test_a_message_taken_out_of_the_tracker_store_is_missed(
    stack: Stack, consumer: None, tmp_path: Path
) -> None:
    """The reconciliation reads the real store: with the records a run kept, one shopper
    message deleted from the tracker store afterwards is reported missing."""
    kept = tmp_path / "records.jsonl"
    result = bench_load(
        stack, "--conversations", "2", "--turns", "2", "--records", str(kept), "--json"
    )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    figures = json.loads(result.stdout)
    assert figures["reconciliation"]["tracker_store"]["ok"]
    prefix = sender_prefix(figures["run"])
    records = read_records(kept)
    assert len(records) == 4 and all(record.ok for record in records)
    tracker = Database(stack.tracker_store_url)
    try:
        assert compare("tracker store", records, tracker_messages(tracker, prefix)).ok
        with tracker.begin() as connection:
            first = connection.execute(
                select(events_table.c.id)
                .where(events_table.c.type_name == "user")
                .where(events_table.c.sender_id == records[0].sender)
                .order_by(events_table.c.id)
                .limit(1)
            ).scalar_one()
            connection.execute(delete(events_table).where(events_table.c.id == first))
        check = compare("tracker store", records, tracker_messages(tracker, prefix))
    finally:
        tracker.dispose()
    assert (check.missing, check.duplicated, check.unexpected) == (1, 0, 0)
    assert not check.ok and records[0].sender in check.examples[0]
