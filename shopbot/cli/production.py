"""``shopbot production up|down|status|prepare``: the production profile (docs/production.md).

``up`` prepares the backing services, starts every process under supervisord and waits until
each is healthy (exit 1 when one is not); ``down`` stops them all; ``status`` prints each
process with its state and health (exit 1 when one is unhealthy); ``prepare`` only prepares
the backing services.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from shopbot.cli.output import print_json, shopbot_errors, stderr, stdout
from shopbot.production.health import ServiceHealth
from shopbot.production.launcher import (
    down,
    load_profile,
    prepare_backing_services,
    profile_environment,
    status,
    up,
)
from shopbot.production.profile import Profile

__all__ = ["app"]

app = typer.Typer(
    help="The production profile: two Rasa and two action servers behind nginx, on "
    "PostgreSQL, Redis and RabbitMQ, supervised.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


_STARTED = time.monotonic()


def _say(line: str) -> None:
    stderr.print(f"[dim]{time.monotonic() - _STARTED:5.0f} s[/] {escape(line)}", highlight=False)


def _table(health: list[ServiceHealth]) -> Table:
    table = Table("process", "state", "pid", "port", "health")
    for item in health:
        table.add_row(
            item.service.name,
            item.state,
            str(item.pid or ""),
            str(item.service.port or ""),
            ("[green]healthy[/] " if item.healthy else "[red]unhealthy[/] ") + escape(item.detail),
        )
    return table


def _json(health: list[ServiceHealth]) -> list[dict[str, object]]:
    return [
        {
            "name": item.service.name,
            "role": item.service.role.value,
            "state": item.state,
            "pid": item.pid,
            "port": item.service.port,
            "health_url": item.service.health_url,
            "healthy": item.healthy,
            "detail": item.detail,
        }
        for item in health
    ]


def _where(profile: Profile) -> str:
    s = profile.settings
    return (
        f"\n  Shopbot's production profile is running.\n"
        f"    Demo shop with the chat widget:  {s.browser_url}/\n"
        f"    Support console:                 {s.browser_url}/console\n"
        f"    REST channel (through nginx):    POST {s.front_url}/webhooks/rest/webhook\n"
        f"    Processes:                       .venv/bin/shopbot production status\n"
        f"    Logs:                            {profile.log_dir}/\n"
        f"    Secrets:                         {profile.secrets_file}\n"
        f"    Stop:                            make stop-prod\n"
    )


@app.command("up")
def up_command(json_output: JsonOption = False) -> None:
    """Prepare the backing services and start every process; wait until all are healthy."""
    with shopbot_errors():
        profile = load_profile()
        result = up(profile, say=_say)
    if json_output:
        print_json({"seconds": round(result.seconds, 1), "processes": _json(result.health)})
    else:
        stdout.print(_table(result.health))
    if not result.healthy:
        _say(f"Not every process is healthy after {result.seconds:.0f} s (see the logs).")
        raise typer.Exit(1)
    _say(f"Every process is healthy ({result.seconds:.0f} s).")
    if not json_output:
        stdout.print(_where(profile), highlight=False)


@app.command("prepare")
def prepare_command() -> None:
    """Only (re)create the database user and databases, the Redis user and the RabbitMQ
    virtual host and user (idempotent; e.g. after Redis restarted without an ACL file)."""
    with shopbot_errors():
        profile = load_profile()
        prepare_backing_services(profile, profile_environment(profile), _say)


@app.command("down")
def down_command() -> None:
    """Stop every process of the profile."""
    with shopbot_errors():
        down(load_profile(), say=_say)


@app.command("status")
def status_command(json_output: JsonOption = False) -> None:
    """Each process with its supervisor state and health."""
    with shopbot_errors():
        health = status(load_profile())
    if json_output:
        print_json(_json(health))
    else:
        stdout.print(_table(health))
    if not all(item.healthy for item in health):
        raise typer.Exit(1)
