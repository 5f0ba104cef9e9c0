"""The ``shopbot`` command (entry point ``shopbot.cli.main:app``).

Each area of the project adds its commands as a Typer sub-app, registered below in
:data:`SUB_APPS` (one line each). Commands that return data take ``--json`` and print one
JSON document on stdout; progress and logs go to stderr (:mod:`shopbot.cli.output`).
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer
from rich.logging import RichHandler

from shopbot import __version__
from shopbot.cli import (
    bench,
    catalog,
    channels,
    chat,
    conversations,
    customers,
    db,
    demo,
    evaluate,
    feedback,
    handover,
    index,
    orders,
    privacy,
    proactive,
    production,
    schedule,
    search,
    users,
    web,
)
from shopbot.cli.output import stderr

__all__ = ["SUB_APPS", "app", "main"]

app = typer.Typer(
    name="shopbot",
    help="Shopbot: a self-hosted customer-service assistant for online shops.",
    no_args_is_help=True,
    add_completion=False,
)

# --- Sub-apps: add yours here (name -> Typer app), e.g. ("catalog", catalog.app). ----------
SUB_APPS: tuple[tuple[str, typer.Typer], ...] = (
    ("db", db.app),
    ("orders", orders.app),
    ("bench", bench.app),
    ("catalog", catalog.app),
    ("index", index.app),
    ("eval", evaluate.app),
    ("feedback", feedback.app),
    ("channels", channels.app),
    ("handover", handover.app),
    ("conversations", conversations.app),
    ("customers", customers.app),
    ("privacy", privacy.app),
    ("users", users.app),
    ("demo", demo.app),
    ("production", production.app),
    ("proactive", proactive.app),
)
for _name, _sub_app in SUB_APPS:
    app.add_typer(_sub_app, name=_name)

# --- Single commands (no sub-app): add yours here. ------------------------------------------
app.command("chat")(chat.chat)
app.command("search")(search.search)
app.command("web")(web.serve)
app.command("schedule")(schedule.schedule)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"shopbot {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log details on stderr.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Shopbot's command line. Logs go to stderr; ``--json`` output to stdout."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=stderr, show_path=False)],
        force=True,
    )


if __name__ == "__main__":  # pragma: no cover
    app()
