"""The RabbitMQ consumer of the conversation summaries (``shopbot conversations follow
--broker amqp``) against this machine's RabbitMQ, with messages published by Rasa's own
pika event broker (``rasa_pika_publisher.py`` in the Rasa environment) and the summaries in
PostgreSQL, as in the production profile.

Each test gets its own queue in a throwaway vhost (made and deleted with ``rabbitmqctl``);
the tests skip, saying why, when RabbitMQ, ``rabbitmqctl``, PostgreSQL or the Rasa
environment is missing. RabbitMQ "down" is the throwaway user's permissions revoked and its
connections closed: the server itself keeps running for everyone else.
"""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.db.database import Database
from core.settings import PROJECT_ROOT, Settings
from shop.conversations import AmqpFollower, catch_up
from shop.conversations.tables import CURSORS, SUMMARIES
from tests.shop.amqp_support import (
    Rabbit,
    RasaPublisher,
    TrackerStore,
    conversation,
    expected,
    summaries,
    throwaway_rabbit,
    wait_until,
    without_summaries,
)

pytestmark = pytest.mark.parametrize(
    "database", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
LOGS = PROJECT_ROOT / "test-artifacts" / "amqp"
FOLLOW_LOGGER = "shop.conversations.amqp_follow"


@pytest.fixture(scope="module")
def rabbit() -> Iterator[Rabbit]:
    """A throwaway vhost and user for this module."""
    with throwaway_rabbit() as made:
        yield made


@pytest.fixture
def clean(database: Database) -> Database:
    """The module's PostgreSQL order database without summaries or cursors."""
    return without_summaries(database)


@pytest.fixture
def queue() -> str:
    """A queue of its own for each test."""
    return f"shopbot_events_{secrets.token_hex(3)}"


def settings_for(
    database: Database, rabbit: Rabbit, queue: str, tracker: TrackerStore, **extra: object
) -> Settings:
    return Settings(
        database_url=database.url.render_as_string(hide_password=False),
        tracker_store_url=tracker.url,
        amqp_url=rabbit.url,
        amqp_queue=queue,
        **extra,
    )


def publisher(rabbit: Rabbit, queue: str, name: str) -> RasaPublisher:
    LOGS.mkdir(parents=True, exist_ok=True)
    started = RasaPublisher(rabbit, queue, LOGS / f"{name}.log")
    assert started.hello == {"ready": True}, started.hello
    return started


def test_rasa_events_are_folded_once_each_duplicates_included(
    clean: Database, rabbit: Rabbit, queue: str, tmp_path: Path
) -> None:
    tracker = TrackerStore(tmp_path / "tracker.db")  # empty: the queue alone feeds them
    rows = conversation("amqp-a", 3) + conversation("amqp-b", 2)
    rasa = publisher(rabbit, queue, "fold")
    try:
        assert rasa.publish(rows)["unpublished"] == 0
        # Rasa publishes an event again when its publisher confirm was lost with the
        # connection: the same message twice.
        assert rasa.publish(rows[:4])["unpublished"] == 0
    finally:
        rasa.close()
    follower = AmqpFollower(settings_for(clean, rabbit, queue, tracker))
    try:
        totals = follower.drain()
    finally:
        follower.close()
    assert (totals.read, totals.folded, totals.redelivered) == (len(rows) + 4, len(rows), 0)
    assert summaries(clean, ["amqp-a", "amqp-b"]) == expected(rows)


def test_a_crash_between_commit_and_ack_counts_nothing_twice(
    clean: Database, rabbit: Rabbit, queue: str, tmp_path: Path
) -> None:
    tracker = TrackerStore(tmp_path / "tracker.db")
    first = conversation("amqp-crash-1", 4)
    second = conversation("amqp-crash-2", 2)
    rasa = publisher(rabbit, queue, "crash")
    settings = settings_for(clean, rabbit, queue, tracker, amqp_batch_size=1000)
    try:
        rasa.publish(first)
        crashed = AmqpFollower(settings)
        try:
            crashed.connect()
            batch = crashed.queue.take(1000, idle=1.0)
            assert len(batch) == len(first)
            assert crashed.fold(batch) == len(first)  # committed ...
        finally:
            crashed.close()  # ... and gone before the acknowledgement
        assert summaries(clean, ["amqp-crash-1"]) == expected(first)
        rasa.publish(second)
        # A second consumer dies before its commit: nothing of it stays.
        dead = AmqpFollower(settings)
        try:
            dead.connect()
            assert len(dead.queue.take(1000, idle=1.0)) == len(first) + len(second)
        finally:
            dead.close()
    finally:
        rasa.close()
    restarted = AmqpFollower(settings)
    try:
        totals = restarted.drain()
    finally:
        restarted.close()
    assert totals.read == len(first) + len(second)
    assert totals.redelivered == len(first) + len(second)
    assert totals.folded == len(second)  # the first conversation was folded already
    assert summaries(clean, ["amqp-crash-1", "amqp-crash-2"]) == expected(first + second)


def _consumer_process(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "SHOPBOT_TRACKER_STORE_URL": settings.tracker_store_address(),
        "SHOPBOT_AMQP_URL": settings.amqp_url or "",
        "SHOPBOT_AMQP_QUEUE": settings.amqp_queue,
        "SHOPBOT_AMQP_BATCH_SIZE": str(settings.amqp_batch_size),
    }
    shopbot = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
    with log.open("ab") as output:
        return subprocess.Popen(
            [str(shopbot), "conversations", "follow", "--broker", "amqp"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _folded_events(database: Database) -> int:
    with database.begin() as connection:
        return int(connection.execute(select(func.sum(SUMMARIES.c.event_count))).scalar() or 0)


def test_the_command_killed_mid_stream_and_restarted_counts_each_event_once(
    clean: Database, rabbit: Rabbit, queue: str, tmp_path: Path
) -> None:
    tracker = TrackerStore(tmp_path / "tracker.db")  # empty: no catch-up can mend a double
    rows = [row for n in range(20) for row in conversation(f"amqp-kill-{n:02d}", 25)]
    rasa = publisher(rabbit, queue, "kill")
    try:
        for start in range(0, len(rows), 1000):
            assert rasa.publish(rows[start : start + 1000])["unpublished"] == 0
    finally:
        rasa.close()
    settings = settings_for(clean, rabbit, queue, tracker, amqp_batch_size=50)
    log = LOGS / f"kill-{queue}.log"
    consumer = _consumer_process(settings, log)
    try:
        assert wait_until(lambda: _folded_events(clean) > 0, 60, 0.02), log.read_text()
        consumer.send_signal(signal.SIGKILL)  # no goodbye: its unacknowledged batch returns
        consumer.wait(timeout=10)
        partial = _folded_events(clean)
        assert 0 < partial < len(rows)
        consumer = _consumer_process(settings, log)
        assert wait_until(lambda: _folded_events(clean) >= len(rows), 120), log.read_text()
        time.sleep(1.0)  # anything still to come would be a double
    finally:
        consumer.send_signal(signal.SIGTERM)
        try:
            consumer.wait(timeout=15)
        except subprocess.TimeoutExpired:
            consumer.kill()
    assert consumer.returncode == 0, log.read_text()
    senders = sorted({sender for sender, _ in rows})
    assert summaries(clean, senders) == expected(rows)
    with clean.begin() as connection:  # SIGTERM gave the lease up
        holders = connection.execute(select(CURSORS.c.holder)).scalars().all()
    assert holders == [None]


def test_rabbitmq_down_the_publisher_goes_on_and_the_summaries_catch_up(
    clean: Database,
    rabbit: Rabbit,
    queue: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger=FOLLOW_LOGGER)
    tracker = TrackerStore(tmp_path / "tracker.db")
    past = time.time() - 60  # settled: catch-ups do not wait for these conversations

    def turn(rows: list[tuple[str, dict[str, object]]], via: RasaPublisher) -> dict[str, object]:
        tracker.save(rows)  # the tracker store first, as the project's tracker store does
        return via.publish(rows)

    alpha = conversation("amqp-down-alpha", 6, past)
    beta = conversation("amqp-down-beta", 2, past + 10)
    gamma = conversation("amqp-down-gamma", 3, past + 20)
    delta = conversation("amqp-down-delta", 2)
    stays = publisher(rabbit, queue, "down-stays")
    dies = publisher(rabbit, queue, "down-dies")
    follower = AmqpFollower(
        settings_for(clean, rabbit, queue, tracker, amqp_reconcile_seconds=2, amqp_batch_size=100)
    )
    stop = threading.Event()
    consumer = threading.Thread(target=follower.run, args=(stop,), daemon=True)
    consumer.start()
    try:
        turn(alpha[:13], stays)
        assert wait_until(lambda: summaries(clean, ["amqp-down-alpha"]) == expected(alpha[:13]))
        rabbit.outage()
        # Rasa's broker publishes in the background and keeps, in memory, what fails: the
        # turn is never held up (the bot keeps answering).
        kept = turn(beta, stays)
        assert kept["unpublished"] == len(beta) and float(str(kept["seconds"])) < 2
        # A Rasa server that starts now does not start (Rasa retries connection_attempts
        # times, 20 by default, then gives up).
        late = RasaPublisher(rabbit, queue, LOGS / "down-late.log")
        assert "error" in late.hello, late.hello
        late.close()
        # The other Rasa server dies with the middle of alpha and all of gamma unsent.
        assert turn(alpha[13:23], dies)["unpublished"] == 10
        assert turn(gamma, dies)["unpublished"] == 10 + len(gamma)
        dies.kill()
        time.sleep(2)  # a few failed reconnections of the consumer, logged once
        rabbit.allow()
        assert wait_until(lambda: stays.status()["unpublished"] == 0, 30)
        turn(alpha[23:], stays)  # newer than the lost middle
        turn(delta, stays)
        everything = alpha + beta + gamma + delta
        senders = sorted({sender for sender, _ in everything})
        assert wait_until(lambda: summaries(clean, senders) == expected(everything), 90), (
            summaries(clean, senders),
            expected(everything),
        )
    finally:
        stop.set()
        consumer.join(timeout=30)
        follower.close()
        stays.close()
        dies.close()
    assert follower.totals.caught_up >= 2  # gamma and alpha came from the tracker store
    assert not [record for record in caplog.records if record.name.startswith("pika")]
    messages = [record.getMessage() for record in caplog.records if record.name == FOLLOW_LOGGER]
    failures = [m for m in messages if m.startswith("conversation summaries: cannot follow")]
    recoveries = [m for m in messages if m == "conversation summaries: following RabbitMQ again"]
    assert (len(failures), len(recoveries)) == (1, 1), messages
    # Caught up twice over changes nothing.
    store = Database(tracker.url)
    try:
        assert catch_up(clean, store, None, lambda _: True).refolded == 0
    finally:
        store.dispose()
    assert summaries(clean, senders) == expected(everything)
