"""The language detector of an earlier commit, imported beside today's, for same-run baselines.

``baseline_detector("3502670")`` reads ``knowledge/language/*.py`` of that commit with
``git show`` into a temporary folder, as a package named ``_langid_baseline_<rev>`` (its
``knowledge.language`` imports are renamed; everything else, ``core`` included, is imported
as today's), and returns that package's ``LanguageDetector()`` with its default settings.
The commit's own files are used, not the working tree's, so the baseline cannot drift.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["BASELINE_REVISION", "baseline_detector"]

BASELINE_REVISION = "3502670"
"""The last commit before the short-text work of issue 20 (the detector of 2026-11-26)."""

_PACKAGE = "knowledge/language"
_ROOT = Path(__file__).resolve().parents[1]


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=_ROOT, check=True, capture_output=True, text=True
    ).stdout


def baseline_detector(revision: str = BASELINE_REVISION) -> Any:
    """``LanguageDetector()`` as it was at ``revision`` (raises when git cannot show it)."""
    name = f"_langid_baseline_{revision}"
    if name not in sys.modules:
        folder = Path(tempfile.mkdtemp(prefix="langid-baseline-")) / name
        folder.mkdir()
        listing = _git("ls-tree", "--name-only", f"{revision}:{_PACKAGE}")
        for file_name in listing.split():
            if not file_name.endswith(".py"):
                continue
            source = _git("show", f"{revision}:{_PACKAGE}/{file_name}")
            (folder / file_name).write_text(
                source.replace("knowledge.language", name), encoding="utf-8"
            )
        sys.path.insert(0, str(folder.parent))
        importlib.invalidate_caches()
    module = importlib.import_module(name)
    return module.LanguageDetector()
