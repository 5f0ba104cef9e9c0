"""``shopbot conversations``: the support console's conversation summaries.

- ``follow``: fold the events Rasa's event broker publishes into the summaries, every
  second or two, until stopped (``--once``: what is there, then stop). The web server does
  the same in the background unless ``SHOPBOT_FOLLOW_EVENTS=false``; one of them works at
  a time. ``--broker amqp`` follows RabbitMQ instead (the production profile's pika broker:
  ``SHOPBOT_AMQP_URL``, ``SHOPBOT_AMQP_QUEUE``), catching up from the tracker store what
  never reached the queue.
- ``rebuild``: make every summary again from the tracker store (a progress bar, then what
  was done); ``--since``: only the conversations touched since then, in place.
- ``status``: how many conversations and turns are summarised, where the consumer stands
  and how many broker events wait (``--broker amqp``: in the RabbitMQ queue).
"""

from __future__ import annotations

import signal
import threading
import time
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy import func, select

from core.db.database import Database
from core.settings import Settings, get_settings
from shop.conversations import (
    AmqpFollower,
    AmqpTotals,
    BrokerEvents,
    ConsumerStep,
    EventQueue,
    Follower,
    catch_up_since,
    follow,
    follow_amqp,
    rebuild_summaries,
)
from shop.conversations.amqp import BROKER_ERRORS
from shop.conversations.amqp_follow import checked_through_time, raise_unavailable
from shop.conversations.consumer import AMQP_CURSOR_NAME, CURSOR_NAME
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


#: ``follow --broker amqp`` prints its totals at most this often.
REPORT_SECONDS = 10.0


class Broker(StrEnum):
    """Where the events come from."""

    SQL = "sql"
    AMQP = "amqp"


BrokerOption = Annotated[
    Broker,
    typer.Option(
        "--broker",
        help="sql: Rasa's SQL event broker (the embedded default); amqp: RabbitMQ, Rasa's "
        "pika broker (SHOPBOT_AMQP_URL, SHOPBOT_AMQP_QUEUE).",
        case_sensitive=False,
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
    broker: BrokerOption = Broker.SQL,
    json_output: JsonOption = False,
) -> None:
    """Fold new events into the summaries continuously (Ctrl-C stops); the very first
    consumer of a database folds the tracker store first."""
    settings = _settings(database_url, events_url, tracker_store)
    if broker is Broker.AMQP:
        _follow_amqp(settings, once=once, json_output=json_output)
        return
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


def _follow_amqp(settings: Settings, *, once: bool, json_output: bool) -> None:
    """``follow --broker amqp``."""
    if once:
        with shopbot_errors():
            follower = AmqpFollower(settings, role="amqp-once")
            try:
                totals = follower.drain()
            finally:
                follower.close()
        if json_output:
            print_json(totals.to_dict())
        else:
            stderr.print(
                f"{totals.folded} new events of {totals.read} messages folded; "
                f"{totals.caught_up} conversations caught up from the tracker store."
            )
        return
    with shopbot_errors():
        settings.require_amqp_url()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    shown = {"caught_up": 0, "at": 0.0}

    def report(totals: AmqpTotals) -> None:  # at most every few seconds
        now = time.monotonic()
        if totals.caught_up == shown["caught_up"] and now - shown["at"] < REPORT_SECONDS:
            return
        stderr.print(
            f"{totals.folded} events folded from {totals.read} messages, "
            f"{totals.caught_up} conversations caught up from the tracker store"
        )
        shown.update(caught_up=totals.caught_up, at=now)

    stderr.print(f"Following RabbitMQ's queue {settings.amqp_queue} (Ctrl-C stops).")
    with shopbot_errors():
        try:
            follow_amqp(settings, stop=stop, on_batch=report)
        except KeyboardInterrupt:
            stop.set()


def _moment(value: str) -> float:
    """An ISO 8601 time (UTC when it names no zone) as seconds since the epoch."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter("expected an ISO 8601 time, e.g. 2026-12-01T10:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


@app.command("rebuild")
def rebuild(
    database_url: DatabaseUrlOption = None,
    events_url: EventsUrlOption = None,
    tracker_store: TrackerStoreOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only the conversations with an event since this time (ISO 8601, UTC "
            "unless it names a zone), folded again in place; the rest stay.",
            show_default=False,
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Make every summary again from the tracker store (the consumers pause meanwhile)."""
    settings = _settings(database_url, events_url)
    if since is not None:
        moment = _moment(since)
        database = Database(settings.database_url)
        tracker = Database(tracker_store or settings.tracker_store_address())
        with shopbot_errors():
            try:
                caught = catch_up_since(database, tracker, moment)
            finally:
                database.dispose()
                tracker.dispose()
        if json_output:
            print_json(caught.to_dict())
        else:
            stderr.print(
                f"{caught.refolded} of {caught.touched} conversations touched since "
                f"{since} folded again from the tracker store ({caught.seconds:.1f} s)."
            )
        return
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


def _counts(database: Database, cursor_name: str) -> tuple[int, int, Any]:
    """Summaries, turns, and the consumer's cursor row (or None)."""
    with database.begin() as connection:
        conversations = connection.execute(select(func.count()).select_from(SUMMARIES))
        total = int(conversations.scalar() or 0)
        turns = int(connection.execute(select(func.count()).select_from(TURNS)).scalar() or 0)
        cursor = connection.execute(select(CURSORS).where(CURSORS.c.name == cursor_name)).first()
    return total, turns, cursor


def _status(settings: Settings) -> dict[str, Any]:
    database = Database(settings.database_url)
    broker = BrokerEvents(Database(settings.events_address()))
    try:
        total, turns, cursor = _counts(database, CURSOR_NAME)
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


def _amqp_status(settings: Settings) -> dict[str, Any]:
    database = Database(settings.database_url)
    try:
        with database.begin() as connection:
            total = int(
                connection.execute(select(func.count()).select_from(SUMMARIES)).scalar() or 0
            )
            turns = int(connection.execute(select(func.count()).select_from(TURNS)).scalar() or 0)
            cursor = connection.execute(
                select(CURSORS).where(CURSORS.c.name == AMQP_CURSOR_NAME)
            ).first()
        checked = checked_through_time(database)
    finally:
        database.dispose()
    queue = EventQueue(settings.require_amqp_url(), settings.amqp_queue, settings.amqp_exchange, 1)
    try:
        queue.connect()
        waiting = queue.depth()
    except BROKER_ERRORS as error:
        raise_unavailable(error)
    finally:
        queue.close()
    values = cursor._mapping if cursor is not None else {}
    lease = values.get("lease_until")
    active = lease is not None and lease > datetime.now(UTC)
    return {
        "conversations": total,
        "turns": turns,
        "queue": settings.amqp_queue,
        "waiting_messages": waiting,
        "checked_through": checked.isoformat(timespec="seconds") if checked else None,
        "consumer": values.get("holder") if active else None,
    }


@app.command("status")
def status(
    database_url: DatabaseUrlOption = None,
    events_url: EventsUrlOption = None,
    broker: BrokerOption = Broker.SQL,
    json_output: JsonOption = False,
) -> None:
    """How many conversations are summarised and how far the consumer is."""
    with shopbot_errors():
        settings = _settings(database_url, events_url)
        result = _amqp_status(settings) if broker is Broker.AMQP else _status(settings)
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
