"""Shared set-up for the tests of the custom NLU components in ``bot/``.

These tests need the Rasa environment::

    .venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider

Under the action-server environment (``.venv``, no Rasa) every test module here skips
itself with ``pytest.importorskip("rasa", ...)`` at its top. This file imports nothing
from Rasa on purpose: a skip raised while pytest loads a conftest named on the command line
(``pytest tests/bot``) aborts the whole run instead of skipping.

``bot`` and what it loads come from the Rasa environment's editable install of
``requirements/rasa-side`` (``scripts/bootstrap.sh``), never from ``sys.path`` edits.
"""

from __future__ import annotations

import os

# Before anything imports Rasa: nothing may reach out, and no model hub is available.
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

RASA_MISSING_REASON = (
    "tests/bot need the Rasa environment: "
    ".venv-rasa/bin/python -m pytest tests/bot -p no:cacheprovider"
)
