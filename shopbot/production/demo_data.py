"""The profile's order database: migrated, seeded with the demo shop when it is empty, and
its product index brought up to date, as ``scripts/seed.sh`` and ``scripts/index.sh`` do
for ``make run`` (the same ``shopbot`` commands, on the profile's PostgreSQL database).

The index folder is the settings' (``var/index/<encoder>/``): the demo catalog is the same
on SQLite and PostgreSQL, so an index ``make run`` built is current for the profile too, and
its embedding cache makes a rebuild encode nothing it has seen.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence

from core.errors import DeploymentError
from shopbot.production.profile import SHOPBOT_COMMAND

__all__ = ["prepare_order_database"]

DEMO_SEED = "7"


def _shopbot(
    arguments: Sequence[str], environment: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SHOPBOT_COMMAND), *arguments],
        env=dict(environment),
        capture_output=True,
        text=True,
        check=False,
    )


def _must(arguments: Sequence[str], environment: Mapping[str, str]) -> None:
    result = _shopbot(arguments, environment)
    if result.returncode != 0:
        tail = " / ".join((result.stderr or result.stdout).strip().splitlines()[-3:])
        raise DeploymentError(f"`shopbot {' '.join(arguments)}` failed: {tail}")


def prepare_order_database(
    environment: Mapping[str, str],
    *,
    demo_data: bool,
    encoder: str = "e5",
    say: Callable[[str], None] = lambda _: None,
) -> None:
    """Migrate the database of ``environment``'s ``DATABASE_URL``; with ``demo_data`` seed
    the demo catalog and orders when it has none; then bring the product index up to date."""
    say("Order database: migrations")
    _must(["db", "init"], environment)
    if demo_data:
        say("Order database: the demo shop, when empty")
        _must(["catalog", "demo", "--if-empty"], environment)
        _must(["db", "seed", "--if-empty", "--seed", DEMO_SEED], environment)
    if _shopbot(["index", "status", "--encoder", encoder, "--check"], environment).returncode != 0:
        say(f"Product index ({encoder}): building (encodes only products it has not seen)")
        _must(["index", "build", "--encoder", encoder], environment)
    else:
        say(f"Product index ({encoder}) is current")
