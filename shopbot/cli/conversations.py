"""``shopbot conversations``: the support console's conversation summaries.

- ``follow``: fold the events Rasa's event broker publishes into the summaries, every
  second or two, until stopped (``--once``: what is there, then stop). The web server does
  the same in the background unless ``SHOPBOT_FOLLOW_EVENTS=false``; one of them works at
  a time.
- ``rebuild``: make every summary again from the tracker store (a progress bar, then what
  was done).
- ``status``: how many conversations and turns are summarised, where the consumer stands
  and how many broker events wait.
"""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import func, select

from core.db.database import Database
from core.settings import Settings, get_settings
from shop.conversations import (
    BrokerEvents,
    ConsumerStep,
    Follower,
    follow,
    rebuild_summaries,
)
from shop.conversations.consumer import CURSOR_NAME
from shop.conversations.tables import CURSORS, SUMMARIES, TURNS
from shopbot.cli.db import DatabaseUrlOption, JsonOption
from shopbot.cli.output import counting_progress, print_json, shopbot_errors, stderr, stdout

__all__ = ["app"]

app = typer.Typer(
    help="Conversation summaries of the support console (Rasa's event broker).",
    no_args_is_help=True,
)

EventsUrlOption = Annotated[
    str | None,
    typer.Option(
        "--events-url",
        help="SQLAlchemy URL of the event broker's database (default: the settings').",
        show_default=False,
    ),
]
TrackerStoreOption = Annotated[
    str | None,
    typer.Option(
        "--tracker-store",
        help="SQLAlchemy URL of Rasa's SQL tracker store (default: the settings').",
        show_default=False,
    ),
]


def _settings(
    database_url: str | None, events_url: str | None, tracker_store: str | None = None
) -> Settings:
    settings = get_settings()
    update: dict[str, Any] = {}
    if database_url:
        update["database_url"] = database_url
    if events_url:
        update["events_url"] = events_url
    if tracker_store:
        update["tracker_store_url"] = tracker_store
    return settings.model_copy(update=update) if update else settings


@app.command("follow")
def follow_events(
    database_url: DatabaseUrlOption = None,
    events_url: EventsUrlOption = None,
    once: Annotated[bool, typer.Option("--once", help="Fold what is there, then stop.")] = False,
    tracker_store: TrackerStoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """Fold new events into the summaries continuously (Ctrl-C stops); the very first
    consumer of a database folds the tracker store first."""
    settings = _settings(database_url, events_url, tracker_store)
    if once:
        with shopbot_errors():
            follower = Follower(settings, role="once")
            try:
                step = follower.round()
            finally:
                follower.close()
        result = {
            "read": step.read,
            "folded": step.folded,
            "conversations": step.conversations,
            "position": step.position,
            "held": step.held,
        }
        if json_output:
            print_json(result)
        elif not step.held:
            stderr.print("Another consumer is following the events (the web server?).")
        else:
            stderr.print(
                f"{step.folded} new events of {step.conversations} conversations folded "
                f"(position {step.position})."
            )
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    waiting = [False]

    def report(step: ConsumerStep) -> None:
        if not step.held and not waiting[0]:
            stderr.print("[dim]another consumer holds the lease; waiting[/]")
        waiting[0] = not step.held
        if step.folded:
            stderr.print(
                f"{step.folded} events of {step.conversations} conversations "
                f"(position {step.position})"
            )

    stderr.print("Following the event broker (Ctrl-C stops).")
    try:
        follow(settings, stop=stop, on_round=report)
    except KeyboardInterrupt:
        stop.set()


@app.command("rebuild")
def rebuild(
    database_url: DatabaseUrlOption = None,
    events_url: EventsUrlOption = None,
    tracker_store: TrackerStoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """Make every summary again from the tracker store (the consumer pauses meanwhile)."""
    settings = _settings(database_url, events_url)
    with shopbot_errors():
        database = Database(settings.database_url)
        tracker = Database(tracker_store or settings.tracker_store_address())
        broker = BrokerEvents(Database(settings.events_address()))
        try:
            with counting_progress("conversations", enabled=not json_output) as progress:
                task = progress.add_task("conversations", total=None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                report = rebuild_summaries(database, tracker, broker, progress=advance)
        finally:
            database.dispose()
            tracker.dispose()
            broker.dispose()
    if json_output:
        print_json(report.to_dict())
        return
    table = Table(title="Conversation summaries rebuilt from the tracker store")
    table.add_column("")
    table.add_column("", justify="right")
    table.add_row("conversations", f"{report.conversations:,}")
    table.add_row("shopper turns written", f"{report.turns:,}")
    table.add_row("events folded", f"{report.events:,}")
    table.add_row("summaries replaced", f"{report.removed:,}")
    table.add_row("consumer position", str(report.position))
    table.add_row("seconds", f"{report.seconds:.1f}")
    stdout.print(table)


def _status(settings: Settings) -> dict[str, Any]:
    database = Database(settings.database_url)
    broker = BrokerEvents(Database(settings.events_address()))
    try:
        with database.begin() as connection:
            conversations = connection.execute(select(func.count()).select_from(SUMMARIES))
            total = int(conversations.scalar() or 0)
            turns = int(connection.execute(select(func.count()).select_from(TURNS)).scalar() or 0)
            cursor = connection.execute(
                select(CURSORS).where(CURSORS.c.name == CURSOR_NAME)
            ).first()
        latest = broker.latest_position()
    finally:
        database.dispose()
        broker.dispose()
    values = cursor._mapping if cursor is not None else {}
    position = int(values.get("position") or 0)
    lease = values.get("lease_until")
    active = lease is not None and lease > datetime.now(UTC)
    return {
        "conversations": total,
        "turns": turns,
        "position": position,
        "broker_latest": latest,
        "waiting_events": max(0, latest - position),
        "consumer": values.get("holder") if active else None,
    }


@app.command("status")
def status(
    database_url: DatabaseUrlOption = None,
    events_url: EventsUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """How many conversations are summarised and how far the consumer is."""
    with shopbot_errors():
        result = _status(_settings(database_url, events_url))
    if json_output:
        print_json(result)
        return
    table = Table(title="Conversation summaries")
    table.add_column("")
    table.add_column("", justify="right")
    for key, value in result.items():
        table.add_row(
            key.replace("_", " "),
            "-" if value is None else f"{value:,}" if isinstance(value, int) else str(value),
        )
    stdout.print(table)
