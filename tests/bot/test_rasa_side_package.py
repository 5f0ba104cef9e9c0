"""The Rasa environment has the project's Rasa side installed, and nothing more is needed.

Every module of ``bot``, ``knowledge.language``, ``knowledge.responses`` and
``knowledge.sentiment`` is imported in
a fresh interpreter of the Rasa environment started in an empty temporary folder, in
isolated mode (``-I``: no ``PYTHONPATH``, no working directory on the path). So the modules
are found only through the installed ``shopbot-rasa-side`` distribution
(``requirements/rasa-side``), and every package they import must be in the Rasa
environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DISTRIBUTION = "shopbot-rasa-side"
RASA_SIDE_PACKAGES = ("bot", "knowledge.language", "knowledge.responses", "knowledge.sentiment")

# Runs in the child interpreter: imports every module of the packages, reports as JSON.
_IMPORT_EVERYTHING = """
import importlib, json, pkgutil, sys, traceback
from importlib import metadata

report = {"imported": {}, "failed": {}, "distribution": None}
try:
    report["distribution"] = metadata.version(sys.argv[1])
except metadata.PackageNotFoundError:
    pass


def load(name):
    try:
        module = importlib.import_module(name)
    except BaseException:
        report["failed"][name] = traceback.format_exc(limit=3)
        return None
    report["imported"][name] = getattr(module, "__file__", None)
    return module


def on_error(name):
    report["failed"][name] = traceback.format_exc(limit=3)


for package_name in sys.argv[2:]:
    package = load(package_name)
    if package is not None:
        for info in pkgutil.walk_packages(package.__path__, package_name + ".", on_error):
            load(info.name)
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def import_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the child interpreter imported, from where, and what failed."""
    folder = tmp_path_factory.mktemp("elsewhere")
    completed = subprocess.run(
        [sys.executable, "-I", "-c", _IMPORT_EVERYTHING, DISTRIBUTION, *RASA_SIDE_PACKAGES],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return report


def test_the_distribution_is_installed(import_report: dict[str, Any]) -> None:
    assert import_report["distribution"], (
        f"{DISTRIBUTION} is not installed in {sys.prefix}: run scripts/bootstrap.sh"
    )


def test_every_rasa_side_module_imports_from_elsewhere(import_report: dict[str, Any]) -> None:
    failed = import_report["failed"]
    assert failed == {}, "\n".join(f"{name}:\n{trace}" for name, trace in failed.items())


def test_the_modules_come_from_this_checkout(import_report: dict[str, Any]) -> None:
    imported: dict[str, str | None] = import_report["imported"]
    expected = {
        "bot.guard",
        "bot.language",
        "bot.sentiment",
        "bot.crosslingual",
        "bot.multilingual",
        "bot.identifier",
        "bot.tokenizer",
        "bot.feedback_policy",
        "bot.validation",
        "bot.channels.socketio",
        "knowledge.language.detector",
        "knowledge.sentiment.classifier",
    }
    assert expected <= set(imported), sorted(expected - set(imported))
    for name, file in imported.items():
        assert file is not None, name
        assert Path(file).resolve().is_relative_to(PROJECT_ROOT), (name, file)
