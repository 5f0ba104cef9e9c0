"""The Rasa project itself: data validation and the conversation tests (`rasa test`),
run with the Rasa environment (.venv-rasa) on the model `make test` trained."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT
from shopbot.runtime import RASA_PYTHON, offline_environment

pytestmark = pytest.mark.rasa
MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"


def run_rasa_side(*command: str | Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    """Run a command of the Rasa environment from the project root."""
    if not RASA_PYTHON.exists():
        pytest.fail(".venv-rasa is missing: run `make test` (it creates it)")
    return subprocess.run(
        [str(part) for part in command],
        cwd=PROJECT_ROOT,
        env=offline_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_data_validates_with_fail_on_warnings() -> None:
    result = run_rasa_side(RASA_PYTHON, "-m", "bot.validation", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Project validation passed." in result.stdout


def test_validator_fails_when_an_action_names_a_missing_response(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(
        'dispatcher.utter_message(response="utter_no_such_response")\n', encoding="utf-8"
    )
    result = run_rasa_side(
        RASA_PYTHON, "-m", "bot.validation", "--fail-on-warnings", "--actions", tmp_path
    )
    assert result.returncode == 1
    assert "utter_no_such_response" in result.stdout + result.stderr


def test_conversation_tests_pass_end_to_end(tmp_path: Path) -> None:
    """Every story in tests/conversations: NLU (intents, entities) and every bot action."""
    if not MODEL.exists():
        pytest.fail("no trained model: run `make test` (it trains one)")
    result = run_rasa_side(
        RASA_PYTHON,
        "-m",
        "bot.rasa_cli",  # `rasa`, with the model loaded as the server loads it
        "test",
        "core",
        "--e2e",
        "--fail-on-prediction-errors",
        "--no-plot",
        "--model",
        MODEL,
        "--stories",
        PROJECT_ROOT / "tests" / "conversations",
        "--out",
        tmp_path,
    )
    report = tmp_path / "failed_test_stories.yml"
    failed = report.read_text(encoding="utf-8") if report.exists() else ""
    # With --fail-on-prediction-errors Rasa stops at the first wrong prediction and prints it.
    assert result.returncode == 0, failed + result.stdout[-3000:] + result.stderr[-3000:]
    assert "None of the test stories failed" in failed
