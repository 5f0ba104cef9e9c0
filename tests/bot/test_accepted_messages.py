"""The journal of accepted messages (bot/accepted_messages.py): a message a Rasa server took
is noted while its turn runs, and one whose server stopped before the turn was saved is
reported in the log as lost (or unconfirmed, when stored), once, by one server. On a real
PostgreSQL database (a throwaway one per test)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON, PostgresDatabase

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

import rasa.core.run
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered

from bot import accepted_messages
from bot.accepted_messages import (
    ORIGINALS,
    MessageJournal,
    install,
    journal_of,
    report_round,
    uninstall,
)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain.yml"))
LOGGER = "bot.accepted_messages"


def message(sender: str = "shopper", text: str = "hello") -> UserMessage:
    return UserMessage(text, CollectingOutputChannel(), sender, input_channel="rest")


def rows(store: SQLTrackerStore) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return list(
            connection.exec_driver_sql(
                "SELECT message_id, sender_id, owner FROM shopbot_accepted_messages"
            )
        )


@pytest.fixture
def store(postgres_database: PostgresDatabase) -> SQLTrackerStore:
    return SQLTrackerStore(domain=DOMAIN, **postgres_database.options)


class Processor:
    """Stands for Rasa's processor: answers, fails or waits as told."""

    def __init__(self, work: Any = None) -> None:
        self.work = work
        self.handled: list[str] = []

    async def handle_message(self, message: UserMessage) -> list[dict[str, Any]]:
        self.handled.append(message.message_id)
        if self.work is not None:
            await self.work(message)
        return [{"text": "hi"}]


def agent_on(store: SQLTrackerStore, processor: Processor) -> Agent:
    agent = Agent(domain=DOMAIN, tracker_store=store, lock_store=InMemoryLockStore())
    agent.processor = processor  # type: ignore[assignment]
    return agent


@pytest.fixture
def installed() -> Any:
    accepted_messages._Quiet.failing = False
    install()
    try:
        yield
    finally:
        uninstall()


def test_a_message_is_noted_while_its_turn_runs_and_removed_once_saved(
    store: SQLTrackerStore, installed: None, caplog: pytest.LogCaptureFixture
) -> None:
    seen: list[list[tuple[Any, ...]]] = []

    async def look(_: UserMessage) -> None:
        seen.append(rows(store))

    taken = message()
    caplog.set_level(logging.INFO, LOGGER)
    answer = asyncio.run(agent_on(store, Processor(look)).handle_message(taken))
    assert answer == [{"text": "hi"}]
    assert seen == [[(taken.message_id, "shopper", accepted_messages.INSTANCE_ID)]]
    assert rows(store) == []
    texts = [record.getMessage() for record in caplog.records if record.name == LOGGER]
    assert texts[0] == f"accepted: {taken.message_id} sender=shopper channel=rest"
    assert texts[1].startswith(f"saved: {taken.message_id} sender=shopper channel=rest (")


def test_a_failed_turn_is_not_taken_and_leaves_no_row(
    store: SQLTrackerStore, installed: None, caplog: pytest.LogCaptureFixture
) -> None:
    async def fail(_: UserMessage) -> None:
        raise RuntimeError("the store is away")

    taken = message()
    with pytest.raises(RuntimeError):
        asyncio.run(agent_on(store, Processor(fail)).handle_message(taken))
    assert rows(store) == []
    assert f"not taken: {taken.message_id} sender=shopper channel=rest (RuntimeError)" in [
        record.getMessage() for record in caplog.records
    ]


def test_a_stopped_servers_message_is_reported_lost_once_by_one_server(
    store: SQLTrackerStore, caplog: pytest.LogCaptureFixture
) -> None:
    dead = MessageJournal(store.engine, owner="dead", lease_seconds=0.05)
    entry = dead.accept(message("shopper-7"))
    assert entry is not None
    first = MessageJournal(store.engine, owner="first")
    second = MessageJournal(store.engine, owner="second")
    alive = first.accept(message("shopper-8"))  # another server's message in flight
    time.sleep(0.1)
    reports = report_round(first) + report_round(second)
    assert [(kind, item.message_id) for kind, item in reports] == [("lost", entry.message_id)]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if w.startswith(f"lost: {entry.message_id} ")]) == 1
    assert "sender=shopper-7 channel=rest" in warnings[-1]
    assert "never stored" in warnings[-1]
    assert alive is not None
    assert [row[0] for row in rows(store)] == [alive.message_id]  # renewed, still in flight


def test_a_stopped_servers_stored_message_is_reported_unconfirmed(
    store: SQLTrackerStore, caplog: pytest.LogCaptureFixture
) -> None:
    dead = MessageJournal(store.engine, owner="dead", lease_seconds=0.01)
    taken = message("shopper-9", "where is my order?")
    entry = dead.accept(taken)
    assert entry is not None
    tracker = asyncio.run(store.get_or_create_tracker("shopper-9"))
    tracker.update(UserUttered(taken.text, message_id=taken.message_id))
    asyncio.run(store.save(tracker))
    time.sleep(0.05)
    reports = report_round(MessageJournal(store.engine, owner="other"))
    assert [(kind, item.message_id) for kind, item in reports] == [
        ("unconfirmed", entry.message_id)
    ]
    assert any(
        r.getMessage().startswith(f"unconfirmed: {entry.message_id} ") for r in caplog.records
    )


def test_a_server_that_outlived_its_lease_says_its_message_was_answered_after_all(
    store: SQLTrackerStore, installed: None, caplog: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    monkeypatch.setattr(accepted_messages, "LEASE_SECONDS", 0.05)
    journal = journal_of(store)
    assert journal is not None
    journal.lease_seconds = 0.05

    async def stall(_: UserMessage) -> None:
        await asyncio.sleep(0.1)
        await asyncio.to_thread(report_round, MessageJournal(store.engine, owner="other"))

    taken = message()
    asyncio.run(agent_on(store, Processor(stall)).handle_message(taken))
    texts = [record.getMessage() for record in caplog.records]
    assert any(text.startswith(f"lost: {taken.message_id} ") for text in texts)
    assert any(text.startswith(f"answered after all: {taken.message_id} ") for text in texts)


def test_no_journal_on_sqlite(tmp_path: Path, installed: None) -> None:
    sqlite = SQLTrackerStore(domain=DOMAIN, dialect="sqlite", db=str(tmp_path / "t.db"))
    assert journal_of(sqlite) is None
    processor = Processor()
    answer = asyncio.run(agent_on(sqlite, processor).handle_message(message()))
    assert answer == [{"text": "hi"}] and len(processor.handled) == 1


def test_a_database_that_does_not_answer_leaves_the_message_handled(
    postgres_database: PostgresDatabase,
    store: SQLTrackerStore,
    installed: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, LOGGER)
    agent = agent_on(store, processor := Processor())
    postgres_database.refuse_connections(True)
    try:
        for _ in range(3):
            assert asyncio.run(agent.handle_message(message())) == [{"text": "hi"}]
    finally:
        postgres_database.refuse_connections(False)
    assert len(processor.handled) == 3
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([w for w in warnings if "cannot note a message" in w]) == 1
    assert asyncio.run(agent.handle_message(message())) == [{"text": "hi"}]
    assert any("written again" in r.getMessage() for r in caplog.records)
    assert rows(store) == []


def test_the_first_round_runs_once_the_agent_is_loaded(
    store: SQLTrackerStore, installed: None, caplog: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    entry = MessageJournal(store.engine, owner="dead", lease_seconds=0.01).accept(message())
    assert entry is not None
    time.sleep(0.05)
    agent = agent_on(store, Processor())
    app = SimpleNamespace(ctx=SimpleNamespace(agent=agent))

    async def load(*_: Any) -> Agent:
        return agent

    monkeypatch.setitem(ORIGINALS, "rasa.core.run.load_agent_on_start", load)

    async def start() -> None:
        loaded = await rasa.core.run.load_agent_on_start("model", None, None, app, None)
        assert loaded is agent
        await asyncio.sleep(0.5)
        for task in list(accepted_messages._ROUNDS):
            task.cancel()

    asyncio.run(start())
    assert any(r.getMessage().startswith(f"lost: {entry.message_id} ") for r in caplog.records)


def test_install_is_idempotent_and_uninstall_restores_rasa() -> None:
    install()
    install()
    assert Agent.handle_message is accepted_messages.handle_message
    uninstall()
    assert Agent.handle_message is ORIGINALS["Agent.handle_message"]
    assert rasa.core.run.load_agent_on_start is ORIGINALS["rasa.core.run.load_agent_on_start"]
