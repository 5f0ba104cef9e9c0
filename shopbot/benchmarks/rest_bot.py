"""shopbot's action server and Rasa server for a benchmark: on loopback, the REST channel only
(its rate limits out of the benchmark's reach), scratch tracker and event stores, fresh tokens.

    with rest_bot(work, {"DATABASE_URL": url}) as bot:
        RasaClient(bot.rasa.url, token=bot.token).send("bench-1", "hi")
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.settings import PROJECT_ROOT
from shopbot.channels import write_credentials
from shopbot.runtime import ServerProcess, action_server, free_port, rasa_server

__all__ = ["SHOPBOT_MODEL", "RestBot", "rest_bot"]

SHOPBOT_MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"


@dataclass(frozen=True)
class RestBot:
    """The running bot: its Rasa server, the token of its HTTP API and REST channel, the
    environment both servers got and the REST-only credentials file."""

    rasa: ServerProcess
    token: str
    env: Mapping[str, str]
    credentials: Path


@contextmanager
def rest_bot(
    work: Path,
    settings: Mapping[str, str] | None = None,
    *,
    model: Path = SHOPBOT_MODEL,
    endpoints: Path | None = None,
) -> Iterator[RestBot]:
    """Start both servers (logs and stores in ``work``, ``settings`` on top of the
    environment); stop them on leaving."""
    token, action_port = secrets.token_hex(16), free_port()
    env = {
        "SHOPBOT_ACTION_TOKEN": secrets.token_hex(16),
        "SHOPBOT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
        "SHOPBOT_TRACKER_DB": str(work / "tracker.db"),
        "SHOPBOT_EVENTS_DB": str(work / "events.db"),
        # The key of the network clients' pseudonyms: the action server needs it too.
        "SHOPBOT_CLIENT_KEY_SECRET": secrets.token_hex(32),
        **(settings or {}),
    }
    # The REST channel only (the others need their platforms' secrets): it needs the Rasa
    # token, and its rate limits are set out of the benchmark's reach.
    credentials = work / "credentials.yml"
    channel_env = {
        "SHOPBOT_REST_CHANNEL": "on",
        "SHOPBOT_RASA_TOKEN": token,
        "SHOPBOT_CLIENT_KEY_SECRET": env["SHOPBOT_CLIENT_KEY_SECRET"],
        "SHOPBOT_CHANNEL_RATE_PER_CONVERSATION": "1000000",
        "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "1000000",
    }
    write_credentials(PROJECT_ROOT / "credentials.yml", credentials, environ=channel_env)
    with ExitStack() as stack:
        stack.enter_context(action_server(action_port, env, work / "actions.log"))
        rasa = stack.enter_context(
            rasa_server(
                model,
                free_port(),
                token,
                work / "rasa.log",
                env=env,
                endpoints=endpoints,
                credentials=credentials,
            )
        )
        yield RestBot(rasa, token, env, credentials)
