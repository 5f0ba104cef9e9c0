"""The one-shot ``prepare`` service of deploy/compose.yml, in the web server's image.

What ``shopbot production up`` does before it starts the processes, less preparing the
backing services (in compose, their images create the database user and databases, the
Redis user and the RabbitMQ virtual host from deploy/.env): the channels' credentials file
for the Rasa servers (``var/prod/credentials.yml`` on the shared volume, from the
repository's ``credentials.yml`` template and this container's environment), then the order
database migrated, seeded with the demo shop when it is empty (unless
``SHOPBOT_PROD_DEMO_DATA=false``) and its product index brought up to date (the index and
the embedding cache are volumes the action servers share).
"""

from __future__ import annotations

import os
import sys

from pydantic import ValidationError

from core.errors import ShopbotError
from core.settings import PROJECT_ROOT, describe_errors
from shopbot.channels import write_credentials
from shopbot.production.demo_data import prepare_order_database
from shopbot.production.profile import ProductionSettings, build_profile


def _say(line: str) -> None:
    print(f"prepare: {line}", flush=True)


def main() -> int:
    """Credentials, then the order database and its index; 1 with one line on failure."""
    environment = dict(os.environ)
    try:
        settings = ProductionSettings()
    except ValidationError as error:
        message = describe_errors(error).replace("SHOPBOT_", "SHOPBOT_PROD_")
        print(f"prepare: production profile: {message}", file=sys.stderr)
        return 1
    profile = build_profile(settings)
    try:
        states = write_credentials(
            PROJECT_ROOT / "credentials.yml", profile.credentials, environment
        )
        for state in states:
            _say(f"channel {state.name}: {'on' if state.enabled else 'off'}")
        prepare_order_database(
            environment,
            demo_data=settings.demo_data,
            encoder=environment.get("SHOPBOT_SEARCH_ENCODER", "e5"),
            say=_say,
        )
    except ShopbotError as error:
        print(f"prepare: {error}", file=sys.stderr)
        return 1
    _say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
