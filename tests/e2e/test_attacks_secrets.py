"""Attacks on the secrets: servers started without them, requests without them, and the
process listing that used to show the Rasa token.

- The action server, the web server and the Rasa server refuse to start without a real
  secret, in every environment: started here as processes with the variable missing, empty,
  short or a placeholder, each stops at once with one line on stderr and exit code 2, the
  value never echoed.
- On the running stack, a call to the action server (its webhook, its list of actions) with
  no, an empty or a wrong ``X-Shopbot-Action-Token`` gets 401; the Rasa HTTP API without
  its token too.
- No process's command line (``/proc/<pid>/cmdline``, what ``ps`` shows) holds a secret.
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx
import pytest

from core.settings import PROJECT_ROOT
from shopbot.runtime import APP_PYTHON, RASA_LAUNCHER, free_port, offline_environment
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"
NOT_REAL = {
    "missing": None,
    "empty": "",
    "short": secrets.token_hex(8),
    "placeholder": "development-only-secret",
    "repeated": "x" * 40,
}


def _run_refused(
    command: Sequence[str | Path], variable: str, value: str | None, extra: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """Start ``command`` with ``variable`` set to ``value`` (unset for None); it must stop."""
    env = offline_environment(
        {"SHOPBOT_ENVIRONMENT": "production", "SHOPBOT_LOG_LEVEL": "WARNING", **extra}
    )
    env.pop(variable, None)
    if value is not None:
        env[variable] = value
    process = subprocess.Popen(
        [str(part) for part in command],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{command[-1]} started without a real {variable}")
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def _assert_refused(
    result: subprocess.CompletedProcess[str], variable: str, value: str | None
) -> None:
    assert result.returncode == 2, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert variable in lines[0]
    if value:
        assert value not in result.stderr + result.stdout


@pytest.mark.parametrize("case", list(NOT_REAL))
def test_the_action_server_refuses_to_start_without_a_real_token(
    case: str,
) -> None:
    value = NOT_REAL[case]
    port = str(free_port())
    result = _run_refused(
        [APP_PYTHON, "-m", "actions.server"],
        "SHOPBOT_ACTION_TOKEN",
        value,
        {"SHOPBOT_ACTION_PORT": port},
    )
    _assert_refused(result, "SHOPBOT_ACTION_TOKEN", value)


@pytest.mark.parametrize("case", ["missing", "short", "placeholder"])
def test_the_action_server_refuses_to_start_without_a_real_client_key_secret(case: str) -> None:
    value = NOT_REAL[case]
    result = _run_refused(
        [APP_PYTHON, "-m", "actions.server"],
        "SHOPBOT_CLIENT_KEY_SECRET",
        value,
        {"SHOPBOT_ACTION_PORT": str(free_port())},
    )
    _assert_refused(result, "SHOPBOT_CLIENT_KEY_SECRET", value)


@pytest.mark.parametrize("case", ["missing", "short", "placeholder"])
def test_the_web_server_refuses_to_start_without_a_real_rasa_token(case: str) -> None:
    value = NOT_REAL[case]
    command = [APP_PYTHON, "-m", "shopbot.web", "--port", str(free_port())]
    result = _run_refused(command, "SHOPBOT_RASA_TOKEN", value, {})
    _assert_refused(result, "SHOPBOT_RASA_TOKEN", value)


@pytest.mark.parametrize("case", ["missing", "empty", "short", "placeholder"])
def test_the_rasa_server_refuses_to_start_without_a_real_token(case: str) -> None:
    value = NOT_REAL[case]
    command = [*RASA_LAUNCHER, "--model", MODEL, "--port", str(free_port())]
    result = _run_refused(command, "SHOPBOT_RASA_TOKEN", value, {})
    _assert_refused(result, "SHOPBOT_RASA_TOKEN", value)


def test_the_rasa_server_refuses_a_token_on_its_command_line() -> None:
    token = secrets.token_hex(32)
    command = [*RASA_LAUNCHER, "--model", MODEL, "--port", str(free_port()), "--auth-token", token]
    result = _run_refused(command, "SHOPBOT_RASA_TOKEN", secrets.token_hex(32), {})
    assert result.returncode == 2
    assert "--auth-token is refused" in result.stderr and token not in result.stderr


@pytest.mark.parametrize("path", ["/webhook", "/actions"])
@pytest.mark.parametrize("header", [None, "", "wrong"])
def test_the_action_server_refuses_calls_without_its_token(
    stack: Stack, path: str, header: str | None
) -> None:
    headers = {}
    if header is not None:
        headers["X-Shopbot-Action-Token"] = (
            "x" * len(stack.action_token) if header == "wrong" else header
        )
    if path == "/webhook":
        body = {"next_action": "action_read_message", "sender_id": "e2e-x", "tracker": {}}
        response = httpx.post(f"{stack.action_url}{path}", json=body, headers=headers, timeout=10)
    else:
        response = httpx.get(f"{stack.action_url}{path}", headers=headers, timeout=10)
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized"}


@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_the_rasa_api_refuses_calls_without_its_token(stack: Stack, token: str | None) -> None:
    params = {} if token is None else {"token": token}
    response = httpx.get(f"{stack.rasa_url}/conversations/e2e-x/tracker", params=params, timeout=10)
    assert response.status_code == 401


def _command_lines() -> dict[int, str]:
    lines = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        lines[int(entry.name)] = raw.replace(b"\0", b" ").decode("utf-8", "replace")
    return lines


def test_no_process_listing_shows_a_secret(stack: Stack) -> None:
    lines = _command_lines()
    port = stack.rasa_url.rsplit(":", 1)[1]
    rasa = [pid for pid, line in lines.items() if "bot.server" in line and port in line]
    assert rasa, "the Rasa server of the stack is not among the processes"
    secret_values = {
        name: stack.env[name]
        for name in ("SHOPBOT_RASA_TOKEN", "SHOPBOT_ACTION_TOKEN", "SHOPBOT_CLIENT_KEY_SECRET")
    }
    leaks = [
        f"{name} in the command line of process {pid}"
        for pid, line in lines.items()
        for name, value in secret_values.items()
        if value in line
    ]
    assert leaks == []
    # The Rasa server does get its token: its API answers with it.
    assert httpx.get(f"{stack.rasa_url}/status", params={"token": stack.rasa_token}).is_success
