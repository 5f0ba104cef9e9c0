"""The real thing: the trained model in a real Rasa server, the real action server, a
seeded SQLite order database, driven over the REST channel. Started once per test session."""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.db.database import Database
from core.settings import PROJECT_ROOT
from shop.rasa_api import RasaClient
from shop.returns import ReturnService
from shop.sampling import sample_orders
from shopbot.runtime import (
    APP_PYTHON,
    RASA_BIN,
    ServerProcess,
    action_server,
    free_port,
    offline_environment,
    rasa_server,
)
from tests.e2e.capture import CaptureServer
from tests.e2e.web_fixtures import phone_shop, shop, web  # noqa: F401

_TAKEN: set[str] = set()
MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"
SHOPBOT = PROJECT_ROOT / ".venv" / "bin" / "shopbot"


@dataclass
class Stack:
    """A running assistant and what the tests need to talk to it."""

    client: RasaClient
    database: Database
    database_url: str
    orders: list[dict[str, Any]]
    log_dir: Path
    action_url: str
    action_token: str
    tracker_store_url: str
    rasa_url: str
    rasa_token: str
    #: The platforms' stand-in: every reply a messaging channel sends lands here.
    capture: CaptureServer
    #: The environment the servers run with, channel secrets included.
    env: dict[str, str]
    #: Port reserved for the website (shop page and widget); the Rasa server allows its origin.
    web_port: int
    #: The action server's process (the fault tests stop and restart it).
    action_process: ServerProcess | None = None
    #: The further Rasa servers ``running_stack(more_rasa_servers=...)`` started.
    more_rasa: list[ServerProcess] = field(default_factory=list)

    def conversation(self) -> Conversation:
        """A new conversation with its own random id."""
        return Conversation(self.client, f"e2e-{secrets.token_hex(8)}")

    def order_with_status(self, *statuses: str) -> dict[str, Any]:
        """A demo order whose status is one of ``statuses``."""
        for order in self.orders:
            if order["status"] in statuses:
                return order
        raise LookupError(f"no demo order with status {statuses}")


@dataclass
class Conversation:
    """One shopper talking to the bot."""

    client: RasaClient
    sender: str

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send ``text``; the bot's messages."""
        return self.client.send(self.sender, text)

    def say_text(self, text: str) -> str:
        """Send ``text``; the bot's texts joined by newlines."""
        return "\n".join(str(m.get("text") or "") for m in self.say(text))

    def tracker(self) -> dict[str, Any]:
        """The conversation's tracker from the Rasa HTTP API."""
        return self.client.tracker(self.sender)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Seed a database, start the action server and the Rasa server, yield, stop them.
    The support team is always in (the tests do not depend on the hour they run at)."""
    work = tmp_path_factory.mktemp("e2e")
    always_open = support_hours(work, opening_hour=0, closing_hour=24)
    settings = {
        "SHOPBOT_POLICY_DIR": str(always_open),
        # Top-tier customers go to a person for warranty questions (test_handover.py); no
        # customer of the stack's database is scored until a test scores one.
        "SHOPBOT_TOP_TIER_HUMAN_INTENTS": '["ask_warranty"]',
    }
    with running_stack(work, "e2e", settings) as running:
        yield running


def support_hours(work: Path, *, opening_hour: int, closing_hour: int) -> Path:
    """A copy of the store policy whose support team works every day from ``opening_hour``
    to ``closing_hour`` (equal: never)."""
    folder = work / "policies"
    shutil.copytree(PROJECT_ROOT / "knowledge" / "policies", folder)
    facts = folder / "store.yml"
    text = facts.read_text(encoding="utf-8")
    for name, value in (
        ("opening_hour", str(opening_hour)),
        ("closing_hour", str(closing_hour)),
        ("working_days", "[0, 1, 2, 3, 4, 5, 6]"),
    ):
        text, count = re.subn(rf"(?m)^(\s+{name}:) .*$", rf"\g<1> {value}", text)
        assert count == 1, name
    facts.write_text(text, encoding="utf-8")
    return folder


@contextmanager
def running_stack(
    work: Path,
    name: str,
    settings: dict[str, str] | None = None,
    endpoints: Path | None = None,
    more_rasa_servers: int = 0,
) -> Iterator[Stack]:
    """A seeded database and the two servers in ``work``, with ``settings`` (environment
    variables) on top of the suite's and the Rasa server on ``endpoints`` (default the
    project's endpoints.yml); logs in test-artifacts/``name``. ``more_rasa_servers``: as
    many more Rasa servers of the same model, environment and endpoints, started at the
    same time as the first (:attr:`Stack.more_rasa`)."""
    if not RASA_BIN.exists() or not MODEL.exists():
        pytest.fail("end-to-end tests need .venv-rasa and a trained model: run `make test`")
    url = f"sqlite:///{work / 'shop.db'}"
    for command in (
        ["db", "init"],
        ["db", "seed", "--seed", "11", "--customers", "200", "--orders", "1200"],
    ):
        subprocess.run(
            [str(SHOPBOT), *command, "--database-url", url], check=True, capture_output=True
        )
    database = Database(url)
    action_port, rasa_port, web_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(16)
    action_token = secrets.token_hex(16)
    capture = CaptureServer().start()
    web_origins = f"http://127.0.0.1:{web_port} http://localhost:{web_port}"
    env = {
        "DATABASE_URL": url,
        "SHOPBOT_ENVIRONMENT": "test",
        "SHOPBOT_ACTION_TOKEN": action_token,
        "SHOPBOT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
        "SHOPBOT_TRACKER_DB": str(work / "tracker.db"),
        # Rasa's SQL event broker (endpoints.yml): the console's summaries read it.
        "SHOPBOT_EVENTS_DB": str(work / "events.db"),
        "SHOPBOT_RASA_URL": f"http://127.0.0.1:{rasa_port}",
        "SHOPBOT_RASA_TOKEN": token,
        # Keys the pseudonymous ids (network clients, conversations in orders' audit columns).
        "SHOPBOT_CLIENT_KEY_SECRET": secrets.token_hex(32),
        # New hand-over tickets per client and hour: the tests that send no X-Forwarded-For
        # share the client 127.0.0.1 and open a handful together (test_attacks_handover.py
        # reads the limit from here).
        "SHOPBOT_HANDOVER_CLIENT_LIMIT": "12",
        # The tests reach the servers from 127.0.0.1, trusted as a proxy: a test acts as
        # network client N with X-Forwarded-For (test_attacks_*.py).
        "SHOPBOT_TRUSTED_PROXIES": "127.0.0.1/32",
        # Messages a minute per network client on every channel (default 60): the tests that
        # send no X-Forwarded-For share 127.0.0.1 and send more than 60 a minute together;
        # test_attacks_channels.py floods past this (and reads it from here).
        "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "300",
        # Failed order checks from everyone: a ceiling of its own for the attack on it
        # (test_attacks_verification.py), in a window short enough to pass before the next
        # test needs a check.
        "SHOPBOT_GLOBAL_FAILURE_LIMIT": "40",
        "SHOPBOT_GLOBAL_FAILURE_WINDOW_MINUTES": "1",
        **channel_environment(capture.url, rasa_port, web_origins),
        **(settings or {}),
    }
    credentials = work / "credentials.yml"
    subprocess.run(
        [str(SHOPBOT), "channels", "credentials", "--output", str(credentials)],
        check=True,
        capture_output=True,
        env=offline_environment(env),
    )
    logs = PROJECT_ROOT / "test-artifacts" / name
    with ExitStack() as running:
        actions = running.enter_context(action_server(action_port, env, logs / "actions.log"))
        rasa, *more = _start_together(
            running,
            [
                rasa_server(
                    MODEL,
                    port,
                    token,
                    logs / log_name,
                    env=env,
                    endpoints=endpoints or PROJECT_ROOT / "endpoints.yml",
                    credentials=credentials,
                    extra_args=["--cors", *web_origins.split()],
                )
                for port, log_name in [
                    (rasa_port, "rasa.log"),
                    *((free_port(), f"rasa-{n + 2}.log") for n in range(more_rasa_servers)),
                ]
            ],
        )
        client = running.enter_context(RasaClient(rasa.url, token=token))
        yield Stack(
            client=client,
            database=database,
            database_url=url,
            orders=sample_orders(database, 400, seed=3),
            log_dir=logs,
            action_url=f"http://127.0.0.1:{action_port}",
            action_token=action_token,
            tracker_store_url=f"sqlite:///{work / 'tracker.db'}",
            rasa_url=rasa.url,
            rasa_token=token,
            capture=capture,
            env=env,
            web_port=web_port,
            action_process=actions,
            more_rasa=more,
        )
    capture.stop()
    database.dispose()


def _start_together(
    running: ExitStack, servers: list[AbstractContextManager[ServerProcess]]
) -> list[ServerProcess]:
    """Enter each server's context at the same time (a Rasa server takes most of a minute
    to load its model); each one started is stopped with ``running``."""
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        starting = [pool.submit(server.__enter__) for server in servers]
    started: list[ServerProcess] = []
    for server, future in zip(servers, starting, strict=True):
        if future.exception() is None:
            running.push(server.__exit__)
            started.append(future.result())
    for future in starting:
        error = future.exception()
        if error is not None:
            raise error
    return started


def channel_environment(capture_url: str, rasa_port: int, web_origins: str) -> dict[str, str]:
    """Every channel switched on with test secrets, its platform API pointed at the capture."""
    return {
        "SHOPBOT_WIDGET_ORIGINS": web_origins,
        "SHOPBOT_WIDGET_SESSION_SECRET": secrets.token_hex(16),
        "SHOPBOT_TELEGRAM_TOKEN": "123456:test-telegram-token",
        "SHOPBOT_TELEGRAM_BOT_NAME": "shopbot_test_bot",
        "SHOPBOT_TELEGRAM_WEBHOOK_SECRET": secrets.token_hex(16),
        "SHOPBOT_TELEGRAM_API_URL": f"{capture_url}/telegram",
        "SHOPBOT_SLACK_BOT_TOKEN": "xoxb-test-token",
        "SHOPBOT_SLACK_SIGNING_SECRET": secrets.token_hex(16),
        "SHOPBOT_SLACK_API_URL": f"{capture_url}/slack",
        "SHOPBOT_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "SHOPBOT_TWILIO_AUTH_TOKEN": secrets.token_hex(16),
        "SHOPBOT_TWILIO_NUMBER": "+15550000000",
        "SHOPBOT_TWILIO_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/twilio/webhook",
        "SHOPBOT_TWILIO_API_URL": f"{capture_url}/twilio",
        "SHOPBOT_MESSENGER_PAGE_TOKEN": "test-page-token",
        "SHOPBOT_MESSENGER_APP_SECRET": secrets.token_hex(16),
        "SHOPBOT_MESSENGER_VERIFY_TOKEN": secrets.token_hex(8),
        "SHOPBOT_MESSENGER_API_URL": f"{capture_url}/messenger",
    }


def returnable_order(
    stack: Stack, minimum_lines: int, maximum_lines: int = 99, *, every_line: bool = False
) -> dict[str, Any]:
    """A delivered demo order with ``minimum_lines`` to ``maximum_lines`` returnable lines
    (``every_line``: and no other line), not used by another test yet."""
    returns = ReturnService(stack.database, return_window_days=30)
    for order in stack.orders:
        if order["status"] != "delivered":
            continue
        lines = returns.eligibility(order["order_number"])
        eligible = [e for e in lines if e.eligible]
        if every_line and len(eligible) < len(lines):
            continue
        if minimum_lines <= len(eligible) <= maximum_lines and order["order_number"] not in _TAKEN:
            _TAKEN.add(order["order_number"])
            return order
    raise LookupError(f"no delivered order with {minimum_lines} returnable lines on {date.today()}")


__all__ = [
    "APP_PYTHON",
    "Conversation",
    "Stack",
    "returnable_order",
    "running_stack",
    "support_hours",
]
