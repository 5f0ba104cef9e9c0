"""The action server's slow work does not hold other conversations (issue 16, faults).

Real servers (the trained model in a Rasa server, the action server) on an order database
in a throwaway PostgreSQL database, started once for the module. The stall is real: the
test takes ``LOCK TABLE orders IN ACCESS EXCLUSIVE MODE``, conversation A gives its email
(the order check reads ``orders`` and waits for the lock), and once A's query is seen
waiting in ``pg_locks`` the lock is held two seconds more while conversation B says "hi".
Every message visits the action server (``action_read_message``), so B's greeting is
answered at once only when the action server's event loop is not the one waiting for the
database (actions/threads.py).
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL

from core.db.database import Database, normalise_url
from core.db.migrate import upgrade
from core.errors import DatabaseError
from core.settings import PROJECT_ROOT
from shop.rasa_api import RasaClient
from shop.sampling import sample_orders
from shopbot.channels.credentials import write_credentials
from shopbot.demo.seed import seed_demo_data
from shopbot.runtime import RASA_BIN, action_server, free_port, rasa_server

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
#: How long the test holds the orders table.
STALL_SECONDS = 2.0
#: How soon conversation A's order check must be seen waiting for the lock.
A_WAITS_WITHIN_SECONDS = 15.0
#: How long the greeting may take while the other conversation waits.
GREETING_LIMIT_SECONDS = 1.0
#: How long the action server may take to open its product search after it answers /health.
WARM_UP_SECONDS = 300


@dataclass
class Servers:
    """The running servers, the database and what the test needs to talk to them."""

    rasa_url: str
    rasa_token: str
    database_url: URL
    orders: list[dict[str, Any]]

    def client(self) -> RasaClient:
        """A client of its own (each conversation runs on its own thread)."""
        return RasaClient(self.rasa_url, token=self.rasa_token)


def _libpq(url: URL) -> str:
    """``url`` as psycopg's own connection string."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def postgres_database() -> Iterator[URL]:
    """A throwaway PostgreSQL database (created here, dropped afterwards)."""
    server = normalise_url(os.environ.get("SHOPBOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    admin = Database(server)
    try:
        admin.ping()
    except DatabaseError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable at {admin.display_url} ({error})")
    name = f"shopbot_concurrency_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(server), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name)
    finally:
        admin.dispose()
        with psycopg.connect(_libpq(server), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_line(log: Path, needles: tuple[str, ...], timeout: float) -> str:
    """The first of ``needles`` that appears in ``log`` within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        content = log.read_text(errors="replace") if log.exists() else ""
        for needle in needles:
            if needle in content:
                return needle
        time.sleep(0.5)
    raise AssertionError(f"none of {needles} in {log} after {timeout:.0f} s")


@pytest.fixture(scope="module")
def servers(postgres_database: URL, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """A seeded order database on PostgreSQL, the action server and the Rasa server on it,
    warmed up (product search opened, one greeting and one order check answered)."""
    if not RASA_BIN.exists() or not MODEL.exists():
        pytest.fail("end-to-end tests need .venv-rasa and a trained model: run `make test`")
    work = tmp_path_factory.mktemp("concurrency")
    database = Database(postgres_database)
    upgrade(database)
    seed_demo_data(database, seed=13, customers=40, orders=200)
    orders = sample_orders(database, 100, seed=5)
    database.dispose()
    action_port, rasa_port = free_port(), free_port()
    token, action_token = secrets.token_hex(16), secrets.token_hex(16)
    client_key = secrets.token_hex(32)
    env = {
        "DATABASE_URL": postgres_database.render_as_string(hide_password=False),
        "SHOPBOT_ENVIRONMENT": "test",
        "SHOPBOT_ACTION_TOKEN": action_token,
        "SHOPBOT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
        "SHOPBOT_TRACKER_DB": str(work / "tracker.db"),
        "SHOPBOT_EVENTS_DB": str(work / "events.db"),
        "SHOPBOT_RASA_TOKEN": token,
        "SHOPBOT_CLIENT_KEY_SECRET": client_key,
    }
    credentials = work / "credentials.yml"
    write_credentials(
        PROJECT_ROOT / "credentials.yml",
        credentials,
        environ={"SHOPBOT_REST_CHANNEL": "on", **env},
    )
    logs = PROJECT_ROOT / "test-artifacts" / "action-concurrency"
    with (
        action_server(action_port, env, logs / "actions.log"),
        rasa_server(
            MODEL,
            rasa_port,
            token,
            logs / "rasa.log",
            env=env,
            endpoints=PROJECT_ROOT / "endpoints.yml",
            credentials=credentials,
        ) as rasa,
    ):
        # Opening the product search takes the CPU for a while after /health answers.
        _wait_for_line(
            logs / "actions.log",
            ("product search ready", "product search not ready"),
            WARM_UP_SECONDS,
        )
        running = Servers(rasa.url, token, postgres_database, orders)
        with running.client() as client:
            assert client.send(f"warm-{secrets.token_hex(4)}", "hi")
            assert "found order" in _verify(client, f"warm-{secrets.token_hex(4)}", orders[-1])
        yield running


def _ask_for_order(client: RasaClient, sender: str, order: dict[str, Any]) -> None:
    asked = _texts(client.send(sender, f"where is my order #{order['order_number']}?"))
    assert "email" in asked.lower(), asked


def _verify(client: RasaClient, sender: str, order: dict[str, Any]) -> str:
    _ask_for_order(client, sender, order)
    return _texts(client.send(sender, order["email"]))


def _texts(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(message.get("text") or "") for message in messages)


class TableLock:
    """``LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE`` held by a connection of the test, from
    :meth:`take` until a background thread rolls it back (:meth:`release_after`)."""

    def __init__(self, database_url: URL, table: str) -> None:
        self._conninfo = _libpq(database_url)
        self._connection = psycopg.connect(self._conninfo)
        self._table = table
        self._thread: threading.Thread | None = None
        self.released_at = float("inf")

    def take(self) -> None:
        """Take the lock, in a transaction left open."""
        self._connection.execute(f'LOCK TABLE "{self._table}" IN ACCESS EXCLUSIVE MODE')

    def release_after(self, seconds: float) -> None:
        """Roll the transaction back (releasing the lock) ``seconds`` from now."""

        def hold() -> None:
            time.sleep(seconds)
            self._connection.rollback()
            self.released_at = time.perf_counter()

        self._thread = threading.Thread(target=hold, name="table-lock", daemon=True)
        self._thread.start()

    def waiting(self) -> int:
        """Other sessions' requests that wait for a lock on the table right now."""
        with psycopg.connect(self._conninfo, autocommit=True) as probe:
            row = probe.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
                (self._table,),
            ).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        """Wait for the release (release now if none was planned), close the connection."""
        if self._thread is None:
            self.release_after(0)
        assert self._thread is not None
        self._thread.join()
        self._connection.close()


def _until(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_database_stall_does_not_delay_another_conversations_greeting(
    servers: Servers,
) -> None:
    order = next(o for o in servers.orders if o["status"] in ("shipped", "in_transit"))
    stalled, greeted = f"e2e-stalled-{secrets.token_hex(6)}", f"e2e-hi-{secrets.token_hex(6)}"
    answers: dict[str, tuple[float, str]] = {}

    def give_email(client: RasaClient) -> None:
        reply = _texts(client.send(stalled, order["email"]))
        answers["stalled"] = (time.perf_counter(), reply)

    with servers.client() as stalled_client, servers.client() as greeted_client:
        _ask_for_order(stalled_client, stalled, order)
        lock = TableLock(servers.database_url, "orders")
        try:
            lock.take()
            worker = threading.Thread(target=give_email, args=(stalled_client,))
            worker.start()
            # A's order check now waits for the table: the stall runs from here.
            assert _until(lambda: lock.waiting() > 0, A_WAITS_WITHIN_SECONDS), (
                "conversation A's order check never waited for the locked orders table"
            )
            started = time.perf_counter()
            lock.release_after(STALL_SECONDS)
            greeting = _texts(greeted_client.send(greeted, "hi"))
            greeted_at = time.perf_counter()
            worker.join(timeout=60)
        finally:
            lock.close()
    assert not worker.is_alive(), "conversation A got no answer"
    stalled_at, stalled_reply = answers["stalled"]
    timings = (
        f"from the stall's start: greeting answered {greeted_at - started:.2f} s, lock "
        f"released {lock.released_at - started:.2f} s, stalled order check answered "
        f"{stalled_at - started:.2f} s"
    )
    print(timings)  # the figures in the test's output (-s)
    assert "assistant" in greeting, greeting
    assert f"found order {order['order_number']}" in stalled_reply, stalled_reply
    # A waited for the whole stall; B was answered meanwhile, well within the limit.
    assert stalled_at >= lock.released_at, timings
    assert greeted_at < lock.released_at, timings
    assert greeted_at - started < GREETING_LIMIT_SECONDS, timings
