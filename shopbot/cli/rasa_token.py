"""The Rasa token a command sends: given, from the environment, or the one ``make run`` wrote.

The REST channel and the Rasa HTTP API need it (bot/channels/rest.py); ``make run`` keeps it
in ``var/secrets.env``, which a command started by hand may not have in its environment.
"""

from __future__ import annotations

from core.settings import PROJECT_ROOT, get_settings

__all__ = ["SECRETS_FILE", "rasa_token"]

SECRETS_FILE = PROJECT_ROOT / "var" / "secrets.env"


def rasa_token(given: str = "") -> str | None:
    """``given``, else ``SHOPBOT_RASA_TOKEN`` (the settings), else ``var/secrets.env``'s."""
    if given:
        return given
    token = get_settings().rasa_token
    if token:
        return token
    if SECRETS_FILE.exists():
        for line in SECRETS_FILE.read_text(encoding="utf-8").splitlines():
            name, _, value = line.partition("=")
            if name.strip() == "SHOPBOT_RASA_TOKEN" and value.strip():
                return value.strip()
    return None
