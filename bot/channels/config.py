"""Reading the settings every channel shares from its credentials section.

``shopbot channels credentials`` renders each value as a string, so numbers arrive as text
(``"20"``). A missing optional value takes its default; a malformed one, or a secret that
is not a real secret (:func:`core.secret_rules.secret_problem`), stops the Rasa server at
start-up with :class:`ChannelConfigurationError`, whose message names the setting and
never its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.errors import ConfigurationError
from core.secret_rules import secret_problem

__all__ = ["ChannelConfigurationError", "positive_int", "secret_setting"]


class ChannelConfigurationError(ConfigurationError, ValueError):
    """A channel's credentials are missing or unsafe: the Rasa server refuses to start."""


def positive_int(
    channel: str, credentials: Mapping[str, Any] | None, key: str, default: int
) -> int:
    """``credentials[key]`` as a whole number of at least 1; ``default`` when unset."""
    raw = (credentials or {}).get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        value = int(str(raw).strip())
    except ValueError:
        raise ChannelConfigurationError(
            f"{channel} channel: {key} must be a whole number"
        ) from None
    if value < 1:
        raise ChannelConfigurationError(f"{channel} channel: {key} must be at least 1")
    return value


def secret_setting(
    channel: str, credentials: Mapping[str, Any] | None, key: str, variable: str
) -> str:
    """``credentials[key]``, which must be a real secret (``variable`` names where it
    comes from in the error message)."""
    raw = (credentials or {}).get(key)
    value = raw if isinstance(raw, str) else None
    problem = secret_problem(value)
    if problem is not None:
        raise ChannelConfigurationError(f"{channel} channel: {key} ({variable}) {problem}")
    assert value is not None
    return value
