"""The Rasa server's own settings, read from its environment in one place.

The Rasa side may not import the action side's typed settings (``core.settings``, see the
import contracts in docs/architecture.md), so what ``bot/`` reads from the environment is
here, checked once by ``bot/server.py`` before Rasa starts (a bad value: one line on stderr,
exit code 2):

- ``SHOPBOT_ACTION_TIMEOUT_SECONDS`` (default 30): how long one call to the action server
  may take before the turn counts as an outage (:mod:`bot.action_outage`).
- ``SHOPBOT_LOCK_LIFETIME_SECONDS`` (default three times the action timeout: 90 s): how
  long Rasa's per-conversation lock (its lock store's ticket, Rasa's ``TICKET_LOCK_LIFETIME``,
  set from this by ``bot/server.py``; Rasa's own default is 60 s) holds before the
  conversation's next message may run beside a turn still going. It must outlive the
  longest turn: each call to the action server ends within the action timeout (else the
  turn ends, :mod:`bot.action_outage`), and a turn makes a few (the message reading, a
  form's validation, an action or two), and three at their deadline is already a rare turn.
  It is also how long a conversation whose Rasa server died mid-turn waits before another
  server may take its next message, so it is not set longer. Must exceed the action timeout.
  A turn that outlives it still loses nothing: the tracker store appends both turns' events
  (:mod:`bot.tracker_store`).
- ``SHOPBOT_SOCKETIO_REDIS_URL`` (unset: each Rasa server reaches only its own sockets): the
  Redis through which the socket.io servers of several Rasa servers share their rooms
  (:mod:`bot.channels.socketio`).
- ``SHOPBOT_REMINDER_LEASE_SECONDS`` (default 30): how long a Rasa server that stopped
  renewing its pending reminders keeps them before another one takes them over
  (:mod:`bot.shared_reminders`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import ConfigurationError

__all__ = [
    "ACTION_TIMEOUT_VARIABLE",
    "LOCK_LIFETIME_VARIABLE",
    "LOCK_TURNS",
    "REMINDER_LEASE_VARIABLE",
    "SOCKETIO_REDIS_URL_VARIABLE",
    "RasaSideSettings",
    "read_settings",
]

ACTION_TIMEOUT_VARIABLE = "SHOPBOT_ACTION_TIMEOUT_SECONDS"
LOCK_LIFETIME_VARIABLE = "SHOPBOT_LOCK_LIFETIME_SECONDS"
#: The default lock lifetime, in action timeouts (calls to the action server at their deadline).
LOCK_TURNS = 3
SOCKETIO_REDIS_URL_VARIABLE = "SHOPBOT_SOCKETIO_REDIS_URL"
REMINDER_LEASE_VARIABLE = "SHOPBOT_REMINDER_LEASE_SECONDS"

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


@dataclass(frozen=True)
class RasaSideSettings:
    """What the Rasa server's hooks and channels read from the environment."""

    action_timeout_seconds: float = 30.0
    lock_lifetime_seconds: float = 30.0 * LOCK_TURNS
    socketio_redis_url: str | None = None
    reminder_lease_seconds: float = 30.0


def _positive_seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0 or value != value or value == float("inf"):
        raise ConfigurationError(f"{name} must be a positive number of seconds")
    return value


def read_settings(environ: Mapping[str, str]) -> RasaSideSettings:
    """The settings in ``environ`` (defaults where unset); :class:`ConfigurationError` for
    a value that is not one (the message names the variable, never its value)."""
    defaults = RasaSideSettings()
    redis_url = (environ.get(SOCKETIO_REDIS_URL_VARIABLE) or "").strip() or None
    if redis_url is not None and not redis_url.startswith(_REDIS_SCHEMES):
        raise ConfigurationError(
            f"{SOCKETIO_REDIS_URL_VARIABLE} must be a Redis URL (redis://[:password@]host:port/db)"
        )
    action_timeout = _positive_seconds(
        environ, ACTION_TIMEOUT_VARIABLE, defaults.action_timeout_seconds
    )
    lock_lifetime = _positive_seconds(environ, LOCK_LIFETIME_VARIABLE, action_timeout * LOCK_TURNS)
    if lock_lifetime <= action_timeout:
        raise ConfigurationError(
            f"{LOCK_LIFETIME_VARIABLE} must exceed {ACTION_TIMEOUT_VARIABLE} "
            "(a conversation's lock must outlive its longest turn)"
        )
    return RasaSideSettings(
        action_timeout_seconds=action_timeout,
        lock_lifetime_seconds=lock_lifetime,
        socketio_redis_url=redis_url,
        reminder_lease_seconds=_positive_seconds(
            environ, REMINDER_LEASE_VARIABLE, defaults.reminder_lease_seconds
        ),
    )
