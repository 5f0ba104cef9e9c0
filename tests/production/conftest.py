"""Helpers of the production profile's tests: nginx (or a clear skip), a reader of nginx's
access log that says which server answered each request, and the profile itself started by
``shopbot production up`` on free ports and names of its own (:func:`production_profile`,
started once for the package by the ``profile`` fixture: the profile's end-to-end tests
use it first, its fault tests next, and the last of them takes it down)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from core.errors import ConfigurationError
from core.settings import PROJECT_ROOT
from shop.rasa_api import RasaClient
from shopbot.production.launcher import find_nginx, load_profile, profile_environment
from shopbot.production.profile import ProductionSettings, Profile
from shopbot.runtime import free_port

__all__ = [
    "SHOPBOT",
    "AccessLog",
    "Running",
    "nginx_or_skip",
    "production_profile",
    "profile",
    "reachable",
    "skip_without_services",
    "upstream_of",
]

SHOPBOT = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
#: The names of the tests' profile (databases ``shopbot_prod_tests_*``, its Redis and
#: RabbitMQ users and virtual host), so a developer's ``make run-prod`` is left alone.
TEST_PROFILE_NAME = "shopbot_prod_tests"
TEST_PROFILE_LOGS = PROJECT_ROOT / "test-artifacts" / "production"

_UPSTREAM = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) .*upstream=(?P<upstream>\S+)'
)


def upstream_of(line: str) -> str:
    """The server nginx passed a logged request to."""
    match = _UPSTREAM.search(line)
    assert match, line
    return match.group("upstream")


def nginx_or_skip() -> str:
    """nginx's binary, or a skip saying how to install it (scripts/test.sh does)."""
    try:
        return find_nginx()
    except ConfigurationError as error:
        pytest.skip(f"nginx is not installed ({error})")


class AccessLog:
    """nginx's access log of the profile, read line by line as requests are made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def lines(self, count: int, timeout: float = 10) -> list[str]:
        """The next ``count`` lines (nginx writes a line when a request ends)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.path.read_text(errors="replace") if self.path.exists() else ""
            new = text.encode()[self.offset :].decode(errors="replace")
            complete = new.splitlines(keepends=True)
            complete = [line for line in complete if line.endswith("\n")]
            if len(complete) >= count or time.monotonic() > deadline:
                taken = complete[:count]
                self.offset += len("".join(taken).encode())
                if len(taken) < count:
                    raise AssertionError(f"nginx logged {len(taken)} of {count} requests")
                return [line.rstrip("\n") for line in taken]
            time.sleep(0.05)

    def rest(self, settle: float = 1.0) -> list[str]:
        """Every line logged so far (after ``settle`` seconds for the last ones)."""
        time.sleep(settle)
        text = self.path.read_bytes()[self.offset :]
        complete = text[: text.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode(errors="replace").splitlines()

    def upstream_of_next(self) -> str:
        """The server that answered the next logged request (``$upstream_addr``)."""
        return upstream_of(self.lines(1)[0])


def reachable(host: str, port: int) -> bool:
    """Whether something accepts connections on ``host:port``."""
    try:
        with socket.create_connection((host, port), timeout=3):
            return True
    except OSError:
        return False


def skip_without_services(settings: ProductionSettings) -> None:
    """Skip, saying which, when a backing service or tool is not on this machine."""
    nginx_or_skip()
    try:
        psycopg.connect(settings.pg_admin_url, connect_timeout=5).close()
    except psycopg.Error as error:
        pytest.skip(f"PostgreSQL is not reachable as {settings.pg_admin_url}: {error}")
    if not reachable(settings.redis_host, settings.redis_port):
        pytest.skip(f"Redis is not reachable at {settings.redis_host}:{settings.redis_port}")
    if not reachable(settings.rabbitmq_host, settings.rabbitmq_port):
        pytest.skip(
            f"RabbitMQ is not reachable at {settings.rabbitmq_host}:{settings.rabbitmq_port}"
        )
    for tool in ("redis-cli", settings.rabbitmqctl):
        if subprocess.run(["which", tool], capture_output=True, check=False).returncode:
            pytest.skip(
                f"{tool} is not installed (the profile prepares Redis and RabbitMQ with it)"
            )


@dataclass
class Running:
    """A started profile and what the tests need to talk to it: the environment its
    commands run with, and the one its processes got (database URLs, secrets)."""

    profile: Profile
    environment: dict[str, str]
    resolved: dict[str, str]
    up: subprocess.CompletedProcess[str]
    seconds: float
    client: RasaClient
    log: AccessLog

    def status(self) -> list[dict[str, Any]]:
        """``shopbot production status --json``."""
        result = subprocess.run(
            [str(SHOPBOT), "production", "status", "--json"],
            env=self.environment,
            capture_output=True,
            text=True,
            check=False,
        )
        return list(json.loads(result.stdout))


@contextmanager
def production_profile(
    work: Path, name: str, log_dir: Path, settings: Mapping[str, str] | None = None
) -> Iterator[Running]:
    """``shopbot production up`` with the names ``name`` (its databases, Redis and RabbitMQ
    users, virtual host), free ports, generated files in ``work`` and logs in ``log_dir``
    (``settings``: more variables for its processes); ``down`` afterwards. Skips when a
    backing service is missing; fails without the Rasa environment or the model."""
    variables = {
        "SHOPBOT_PROD_NAME": name,
        "SHOPBOT_PROD_DIR": str(work / "state"),
        "SHOPBOT_PROD_LOG_DIR": str(log_dir),
        "SHOPBOT_PROD_FRONT_PORT": str(free_port()),
        "SHOPBOT_PROD_ACTION_PROXY_PORT": str(free_port()),
        "SHOPBOT_PROD_WEB_PORT": str(free_port()),
        "SHOPBOT_PROD_RASA_PORTS": f"{free_port()},{free_port()}",
        "SHOPBOT_PROD_ACTION_PORTS": f"{free_port()},{free_port()}",
        "SHOPBOT_PROD_START_TIMEOUT": "240",
        # Every request of the tests comes from 127.0.0.1 (one network client).
        "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "1000",
        **(settings or {}),
    }
    environment = {**os.environ, **variables}
    with pytest.MonkeyPatch.context() as patch:
        for variable, value in variables.items():
            patch.setenv(variable, value)
        skip_without_services(ProductionSettings())
        profile = load_profile()
        resolved = profile_environment(profile, environment)
    if not (PROJECT_ROOT / ".venv-rasa").exists() or not profile.settings.model.exists():
        pytest.fail("the production profile needs .venv-rasa and a trained model: run `make test`")
    profile.log_dir.mkdir(parents=True, exist_ok=True)
    profile.access_log.unlink(missing_ok=True)
    started = time.monotonic()
    up = subprocess.run(
        [str(SHOPBOT), "production", "up", "--json"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    seconds = time.monotonic() - started
    (profile.log_dir / "up.out").write_text(f"{seconds:.1f} s\n{up.stdout}\n{up.stderr}")
    client = RasaClient(profile.settings.front_url, token=resolved["SHOPBOT_RASA_TOKEN"])
    try:
        yield Running(
            profile, environment, resolved, up, seconds, client, AccessLog(profile.access_log)
        )
    finally:
        client.close()
        subprocess.run(
            [str(SHOPBOT), "production", "down"], env=environment, capture_output=True, check=False
        )


@pytest.fixture(scope="package")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """The production profile, started once for the package (one start costs about 90 s on
    2 cores): test_profile_e2e.py checks it as started, then test_profile_faults.py breaks
    its parts one at a time and ends with ``down``."""
    TEST_PROFILE_LOGS.mkdir(parents=True, exist_ok=True)
    with production_profile(
        tmp_path_factory.mktemp("production"),
        TEST_PROFILE_NAME,
        TEST_PROFILE_LOGS,
        {
            # The summaries are checked against the tracker store every 10 s (default 60).
            "SHOPBOT_AMQP_RECONCILE_SECONDS": "10",
            # The PostgreSQL fault test's traffic comes from one client, as fast as it is
            # answered (every request of the tests comes from 127.0.0.1).
            "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "100000",
        },
    ) as running:
        print(f"\nshopbot production up: {running.seconds:.1f} s")
        yield running
