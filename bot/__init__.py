"""Shopbot's custom Rasa NLU components (run inside the Rasa server, Python 3.10).

Importing ``bot.guard`` registers its graph components with Rasa's default recipe,
which is what ``name: bot.guard.MessageLengthGuard`` in ``config.yml`` relies on.
"""

from __future__ import annotations

__all__: list[str] = []
