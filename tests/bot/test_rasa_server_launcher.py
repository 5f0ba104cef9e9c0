"""``python -m bot.server``: the one way the Rasa server starts (token, arguments, log)."""

from __future__ import annotations

import io
import logging
import logging.config
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from bot.server import (
    LOGGING_CONFIG,
    LaunchError,
    main,
    rasa_arguments,
    read_token,
)

TOKEN = secrets.token_hex(32)


def test_the_token_comes_from_the_environment_or_a_file(tmp_path: Path) -> None:
    assert read_token({"SHOPBOT_RASA_TOKEN": TOKEN}, None) == TOKEN
    token_file = tmp_path / "rasa-token"
    token_file.write_text(TOKEN + "\n", encoding="utf-8")
    assert read_token({}, str(token_file)) == TOKEN
    assert read_token({"SHOPBOT_RASA_TOKEN_FILE": str(token_file)}, None) == TOKEN


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"SHOPBOT_RASA_TOKEN": ""},
        {"SHOPBOT_RASA_TOKEN": "short"},
        {"SHOPBOT_RASA_TOKEN": "changeme"},
    ],
)
def test_no_real_token_no_server(environ: dict[str, str]) -> None:
    with pytest.raises(LaunchError, match="SHOPBOT_RASA_TOKEN"):
        read_token(environ, None)


def test_a_missing_token_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(LaunchError, match="cannot read the token file"):
        read_token({}, str(tmp_path / "absent"))


def test_rasa_gets_the_api_the_token_loopback_and_the_redacting_log() -> None:
    arguments = rasa_arguments(["--model", "m.tar.gz", "--port", "5005"], TOKEN)
    assert arguments[0] == "run"
    assert arguments[-2:] == ["--auth-token", TOKEN]
    assert "--enable-api" in arguments
    assert arguments[arguments.index("--interface") + 1] == "127.0.0.1"
    assert arguments[arguments.index("--logging-config-file") + 1] == str(LOGGING_CONFIG)
    given = rasa_arguments(["--interface", "0.0.0.0", "--enable-api"], TOKEN)  # noqa: S104
    assert given.count("--interface") == 1 and given.count("--enable-api") == 1


@pytest.mark.parametrize(
    "secret_option",
    [
        ["--auth-token", TOKEN],
        [f"--auth-token={TOKEN}"],
        ["-t", TOKEN],
        [f"-t{TOKEN}"],
        ["--jwt-secret", TOKEN],
    ],
)
def test_a_secret_on_the_command_line_is_refused(
    secret_option: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SHOPBOT_RASA_TOKEN", TOKEN)
    assert main(["--model", "m.tar.gz", *secret_option]) == 2
    error = capsys.readouterr().err
    assert "refused" in error and TOKEN not in error


def test_without_a_token_the_process_stops_at_once_with_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.server", "--model", "models/shopbot.tar.gz"],
        env={"PATH": "/usr/bin:/bin", "RASA_TELEMETRY_ENABLED": "false"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SHOPBOT_RASA_TOKEN" in result.stderr


def test_the_logging_configuration_redacts_records_and_tracebacks() -> None:
    config = yaml.safe_load(LOGGING_CONFIG.read_text(encoding="utf-8"))
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        try:
            raise ValueError("Failed to validate: 'anna@example.com' is not of type 'number'")
        except ValueError:
            logging.getLogger("rasa.server").exception("bad request from +44 7700 900059")
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    written = stream.getvalue()
    assert "Traceback" in written
    assert "anna@example.com" not in written and "7700 900059" not in written
    assert "[email]" in written and "[phone]" in written


def test_rasas_listen_backlog_holds_hundreds_of_connections_unless_the_environment_says() -> None:
    from bot.server import RASA_BACKLOG_VARIABLE, rasa_environment
    from bot.settings import read_settings

    settings = read_settings({})
    assert rasa_environment(settings, {})[RASA_BACKLOG_VARIABLE] == "1024"
    assert rasa_environment(settings, {"SANIC_BACKLOG": "64"})[RASA_BACKLOG_VARIABLE] == "64"
