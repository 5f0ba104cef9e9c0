"""Where a load test goes: the REST front, the Rasa token and the stores' URLs, from the
settings (the embedded default, ``make run``) or from the production profile
(``make run-prod``, :mod:`shopbot.production.profile`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from core.errors import ConfigurationError
from core.settings import Settings
from shopbot.production.profile import (
    APP_SECRETS,
    SERVICE_PASSWORDS,
    ProductionSettings,
    build_profile,
)
from shopbot.production.secret_file import read_secret_file

__all__ = ["Target", "embedded_target", "production_target"]


@dataclass(frozen=True)
class Target:
    """The front (base URL of the REST channel), its token, the order database (demo orders
    and the console's summaries) and Rasa's tracker store."""

    host: str
    token: str | None
    database_url: str
    tracker_store_url: str


def embedded_target(settings: Settings, token: str | None) -> Target:
    """The settings' servers and stores (``make run``'s, from its environment)."""
    return Target(
        host=settings.rasa_url,
        token=token,
        database_url=settings.database_url,
        tracker_store_url=settings.tracker_store_address(),
    )


def production_target(environ: Mapping[str, str] | None = None) -> Target:
    """The production profile's front (nginx) and stores (PostgreSQL), with the secrets
    ``make run-prod`` uses: the environment's, else its secrets file's."""
    environ = os.environ if environ is None else environ
    settings = ProductionSettings()
    profile = build_profile(settings)
    stored = read_secret_file(profile.secrets_file)
    secrets: dict[str, str] = {}
    for name in (*APP_SECRETS, *SERVICE_PASSWORDS):
        value = environ.get(name) or stored.get(name)
        if not value:
            raise ConfigurationError(
                f"the production profile has no {name} ({profile.secrets_file}): "
                "start it first (make run-prod)"
            )
        secrets[name] = value
    environment = profile.environment(secrets)
    return Target(
        host=settings.front_url,
        token=environment["SHOPBOT_RASA_TOKEN"],
        database_url=environment["DATABASE_URL"],
        tracker_store_url=environment["SHOPBOT_TRACKER_STORE_URL"],
    )
