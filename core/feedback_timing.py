"""When the rating question may come after a pause: the one home of its setting.

``SHOPBOT_SATISFACTION_PAUSE_SECONDS`` is read by the Rasa server (``bot.winding_down``,
which sets the pause reminder after a turn without a call to the action server, and
``bot.server``, which refuses a bad value before Rasa starts).

Pure Python (the standard library only): the Rasa server imports it too.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.errors import ConfigurationError

__all__ = ["DEFAULT_PAUSE_SECONDS", "PAUSE_INTENT", "PAUSE_SECONDS_VARIABLE", "pause_seconds"]

#: The external intent of the pause reminder (set by the Rasa server, asked on by the
#: action server when it fires; domain.yml and data/rules.yml name it too).
PAUSE_INTENT = "EXTERNAL_conversation_paused"
PAUSE_SECONDS_VARIABLE = "SHOPBOT_SATISFACTION_PAUSE_SECONDS"
DEFAULT_PAUSE_SECONDS = 120


def pause_seconds(environ: Mapping[str, str]) -> int:
    """The pause, in seconds, from ``environ`` (the default when unset); raises
    :class:`ConfigurationError` for anything but a positive whole number."""
    raw = (environ.get(PAUSE_SECONDS_VARIABLE) or "").strip()
    if not raw:
        return DEFAULT_PAUSE_SECONDS
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(
            f"{PAUSE_SECONDS_VARIABLE} must be a whole number of seconds (1 or more)"
        )
    return int(raw)
