"""Helpers of the RabbitMQ consumer's tests: a throwaway vhost and user on the machine's
RabbitMQ (made and removed with ``rabbitmqctl``; an outage is that user's permissions
revoked and its connections closed, so nobody else's connections are touched), Rasa's own
pika broker in a subprocess (``rasa_pika_publisher.py``), a tracker store with Rasa's
table, and conversations folded in memory to compare the summaries with."""

from __future__ import annotations

import json
import secrets
import shutil
import socket
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select

from core.db.database import Database
from shop.conversations import ConversationState, fold_events
from shop.conversations.tables import CURSORS, SUMMARIES, TURNS
from shopbot.runtime import RASA_PYTHON
from tests.console.rasa_events import Script

PUBLISHER = Path(__file__).with_name("rasa_pika_publisher.py")
Rows = list[tuple[str, dict[str, Any]]]


def _ctl(*arguments: str, check: bool = True) -> None:
    command = ["rabbitmqctl", "--quiet", *arguments]
    subprocess.run(command, check=check, capture_output=True, timeout=60)


def rabbitmq_problem(host: str = "127.0.0.1", port: int = 5672) -> str | None:
    """Why the tests cannot use this machine's RabbitMQ (None: they can)."""
    try:
        with socket.create_connection((host, port), timeout=2):
            pass
    except OSError as error:
        return f"RabbitMQ is not reachable at {host}:{port} ({error})"
    if shutil.which("rabbitmqctl") is None:
        return "rabbitmqctl is not installed (it makes the tests' throwaway vhost)"
    return None


@dataclass
class Rabbit:
    """A throwaway vhost with its own user on the local RabbitMQ."""

    vhost: str
    user: str
    password: str
    host: str = "127.0.0.1"
    port: int = 5672

    @property
    def url(self) -> str:
        """The consumer's URL (``SHOPBOT_AMQP_URL``)."""
        return f"amqp://{self.user}:{self.password}@{self.host}:{self.port}/{self.vhost}"

    @property
    def rasa_url(self) -> str:
        """The ``url`` of Rasa's ``event_broker`` endpoint (user and password apart)."""
        return f"amqp://{self.host}:{self.port}/{self.vhost}"

    def create(self) -> None:
        _ctl("add_vhost", self.vhost)
        _ctl("add_user", self.user, self.password)
        self.allow()

    def allow(self) -> None:
        """The user may use the vhost (RabbitMQ is "up" for it)."""
        _ctl("set_permissions", "-p", self.vhost, self.user, ".*", ".*", ".*")

    def outage(self) -> None:
        """RabbitMQ "down" for this vhost: no new connection is let in and the open ones
        are closed (the server and everyone else's vhosts go on)."""
        _ctl("clear_permissions", "-p", self.vhost, self.user)
        _ctl("close_all_connections", "--vhost", self.vhost, "--limit", "1000", "test outage")

    def delete(self) -> None:
        _ctl("delete_vhost", self.vhost, check=False)
        _ctl("delete_user", self.user, check=False)


@contextmanager
def throwaway_rabbit() -> Iterator[Rabbit]:
    """A vhost and user made for the tests, deleted afterwards (skips without RabbitMQ)."""
    problem = rabbitmq_problem()
    if problem:
        pytest.skip(problem)
    token = secrets.token_hex(4)
    rabbit = Rabbit(f"shopbot_test_{token}", f"shopbot_test_{token}", secrets.token_hex(16))
    try:
        rabbit.create()
    except (subprocess.SubprocessError, OSError) as error:
        rabbit.delete()
        pytest.skip(f"cannot make a throwaway vhost with rabbitmqctl ({error})")
    try:
        yield rabbit
    finally:
        rabbit.delete()


class RasaPublisher:
    """Rasa's ``PikaEventBroker`` in a subprocess of the Rasa environment."""

    def __init__(self, rabbit: Rabbit, queue: str, log: Path) -> None:
        if not RASA_PYTHON.exists():
            pytest.skip("needs the Rasa environment (.venv-rasa) for Rasa's pika broker")
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [RASA_PYTHON, PUBLISHER, rabbit.rasa_url, rabbit.user, rabbit.password, queue],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.hello = self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"Rasa's publisher stopped (exit {self.process.poll()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def publish(self, rows: Rows) -> dict[str, Any]:
        """Publish as a Rasa server does; Rasa's answer once its publishing tasks ended."""
        return self._ask({"publish": [list(row) for row in rows]})

    def status(self) -> dict[str, Any]:
        """Whether connected, and how many messages Rasa keeps for its reconnection."""
        return self._ask({"status": True})

    def kill(self) -> None:
        """The Rasa server dies (what it kept in memory is gone)."""
        self.process.kill()
        self.process.wait(timeout=10)
        self.log.close()

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if not self.log.closed:
            self.log.close()


class TrackerStore:
    """Rasa's SQL tracker store on SQLite: the ``events`` table as Rasa 3.6 makes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with sqlite3.connect(path) as connection:
            connection.execute(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
                "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
                "action_name VARCHAR(255), data TEXT)"
            )
            connection.execute("CREATE INDEX ix_events_sender_id ON events (sender_id)")
        connection.close()

    @property
    def url(self) -> str:
        return f"sqlite:///{self.path}"

    def save(self, rows: Rows) -> None:
        """Store events as Rasa's ``SQLTrackerStore.save`` does."""
        with sqlite3.connect(self.path) as connection:
            connection.executemany(
                "INSERT INTO events (sender_id, type_name, timestamp, action_name, data) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (sender, e["event"], e["timestamp"], e.get("name"), json.dumps(e))
                    for sender, e in rows
                ],
            )
        connection.close()


def without_summaries(database: Database) -> Database:
    """``database`` with no conversation summaries, turns or consumer cursors left."""
    with database.begin() as connection:
        connection.execute(delete(TURNS))
        connection.execute(delete(SUMMARIES))
        connection.execute(delete(CURSORS))
    return database


def conversation(sender: str, turns: int, start: float | None = None) -> Rows:
    """A conversation as Rasa stores it: a session start (three events), then ``turns``
    shopper messages of four events each."""
    script = Script(time.time() if start is None else start)
    script.session_start()
    for turn in range(turns):
        script.user(f"{sender} message {turn}", "search_product").action("action_search_products")
        script.bot("Nothing fits", "utter_search_no_match").listen()
    return [(sender, event) for event in script.events]


def expected(rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, tuple[int, int, float]]:
    """Each conversation folded in memory: (events, turns, latest event)."""
    states: dict[str, ConversationState] = {}
    by_sender: dict[str, list[dict[str, Any]]] = {}
    for sender, event in rows:
        by_sender.setdefault(sender, []).append(event)
    for sender, events in by_sender.items():
        state = states[sender] = ConversationState(sender)
        fold_events(state, events)
    return {s: (st.event_count, st.turn_count, st.last_event_at) for s, st in states.items()}


def summaries(database: Database, senders: Iterable[str]) -> dict[str, tuple[int, int, float]]:
    """The stored summaries of these conversations: (events, turns, latest event), the
    turns counted as rows. Read from one snapshot: under PostgreSQL's default READ COMMITTED
    each statement sees the latest commit, so a summary and its turns could come from two
    different writes of the consumer."""
    wanted = list(senders)
    isolation = "REPEATABLE READ" if database.backend == "postgresql" else "SERIALIZABLE"
    with (
        database.engine.connect().execution_options(isolation_level=isolation) as connection,
        connection.begin(),
    ):
        rows = connection.execute(
            select(
                SUMMARIES.c.id,
                SUMMARIES.c.conversation_id,
                SUMMARIES.c.event_count,
                SUMMARIES.c.turn_count,
                SUMMARIES.c.last_event_at,
            ).where(SUMMARIES.c.conversation_id.in_(wanted))
        ).all()
        found = {}
        for pk, sender, events, turn_count, latest in rows:
            stored_turns = (
                connection.execute(select(TURNS.c.position).where(TURNS.c.conversation_pk == pk))
                .scalars()
                .all()
            )
            assert sorted(stored_turns) == list(range(turn_count)), sender
            found[str(sender)] = (int(events), int(turn_count), float(latest))
    return found


def wait_until(check: Callable[[], bool], seconds: float = 60, interval: float = 0.2) -> bool:
    """Whether ``check`` held within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
