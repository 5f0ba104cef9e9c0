"""Starting the Rasa server and the action server as child processes, for the end-to-end
tests and the benchmarks (``make run`` uses the shell scripts in ``scripts/``).

The Rasa server is started the one way there is (:data:`RASA_LAUNCHER`, ``bot/server.py``):
its API token travels in the child's environment, never on its command line.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from core.settings import PROJECT_ROOT

__all__ = [
    "RASA_LAUNCHER",
    "RASA_PYTHON",
    "ServerProcess",
    "action_server",
    "free_port",
    "offline_environment",
    "rasa_server",
    "wait_until_healthy",
    "web_server",
]

RASA_PYTHON = PROJECT_ROOT / ".venv-rasa" / "bin" / "python"
RASA_BIN = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
APP_PYTHON = PROJECT_ROOT / ".venv" / "bin" / "python"
#: How the Rasa server is started: ``bot/server.py`` runs ``rasa run`` with the token from
#: ``SHOPBOT_RASA_TOKEN``, the API on, loopback and the redacting log configuration.
RASA_LAUNCHER: tuple[str | Path, ...] = (RASA_PYTHON, "-m", "bot.server")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def offline_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment with telemetry and model hubs switched off."""
    env = dict(os.environ)
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",  # the servers' logs reach their files as they are written
    )
    env.update(extra or {})
    return env


@dataclass
class ServerProcess:
    """A server started by us: its process, base URL and log file."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's log, for error messages."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """Terminate the server and wait for it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_until_healthy(server: ServerProcess, health_url: str, timeout: float) -> None:
    """Poll ``health_url`` until it answers 200; RuntimeError with the log if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited while starting:\n{server.log_tail()}")
        try:
            if httpx.get(health_url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.stop()
    raise RuntimeError(
        f"{server.name} did not become healthy in {timeout:.0f} s:\n{server.log_tail()}"
    )


@contextmanager
def _spawn(
    name: str,
    command: Sequence[str | Path],
    env: Mapping[str, str],
    url: str,
    health_url: str,
    log_path: Path,
    timeout: float,
) -> Iterator[ServerProcess]:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(part) for part in command],
            cwd=PROJECT_ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = ServerProcess(name=name, process=process, url=url, log_path=log_path)
    try:
        wait_until_healthy(server, health_url, timeout)
        yield server
    finally:
        server.stop()


@contextmanager
def action_server(
    port: int, env: Mapping[str, str], log_path: Path, timeout: float = 60
) -> Iterator[ServerProcess]:
    """Shopbot's action server on ``127.0.0.1:port``."""
    url = f"http://127.0.0.1:{port}"
    full_env = offline_environment({**env, "SHOPBOT_ACTION_PORT": str(port)})
    with _spawn(
        "action server",
        [APP_PYTHON, "-m", "actions.server"],
        full_env,
        url,
        f"{url}/health",
        log_path,
        timeout,
    ) as server:
        yield server


@contextmanager
def rasa_server(
    model: Path,
    port: int,
    token: str,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    endpoints: Path | None = None,
    credentials: Path | None = None,
    extra_args: Sequence[str] = (),
    timeout: float = 240,
) -> Iterator[ServerProcess]:
    """A Rasa server for ``model`` on ``127.0.0.1:port`` with its HTTP API behind ``token``
    (passed in the server's environment, ``SHOPBOT_RASA_TOKEN``)."""
    url = f"http://127.0.0.1:{port}"
    command: list[str | Path] = [
        *RASA_LAUNCHER,
        "--model",
        model,
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    if endpoints:
        command += ["--endpoints", endpoints]
    if credentials:
        command += ["--credentials", credentials]
    command += list(extra_args)
    with _spawn(
        "rasa server",
        command,
        offline_environment({**(env or {}), "SHOPBOT_RASA_TOKEN": token}),
        url,
        f"{url}/status?token={token}",
        log_path,
        timeout,
    ) as server:
        yield server


@contextmanager
def web_server(
    port: int, env: Mapping[str, str], log_path: Path, timeout: float = 30
) -> Iterator[ServerProcess]:
    """The website (demo shop page, widget, hand-over API) on ``127.0.0.1:port``."""
    url = f"http://127.0.0.1:{port}"
    with _spawn(
        "web server",
        [APP_PYTHON, "-m", "shopbot.web", "--host", "127.0.0.1", "--port", str(port)],
        offline_environment(env),
        url,
        f"{url}/health",
        log_path,
        timeout,
    ) as server:
        yield server
