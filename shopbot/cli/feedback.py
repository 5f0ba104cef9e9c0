"""``shopbot feedback``: sentiment, ratings and comments per conversation (tracker store).

``shopbot feedback list``: the latest conversations with their mean and lowest sentiment, a
sentiment sparkline (one character per shopper message), the rating and whether a human
was offered or took over. ``shopbot feedback show SENDER_ID``: one conversation's shopper
messages (redacted) with language, sentiment label, score and a bar, then the summary
(mean, minimum, trend, negative streak), the rating and the comment. ``--json`` prints one
JSON document instead of tables.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from core.db.database import Database
from core.settings import get_settings
from shop.feedback import ConversationFeedback, TrackerEvents, feedback_from_events
from shopbot.cli.db import JsonOption
from shopbot.cli.output import fail, print_json, shopbot_errors, stdout

__all__ = ["app", "score_bar", "sparkline"]

app = typer.Typer(help="Sentiment, ratings and comments per conversation.", no_args_is_help=True)

TrackerStoreOption = Annotated[
    str | None,
    typer.Option(
        "--tracker-store",
        help="SQLAlchemy URL of Rasa's SQL tracker store (default: the settings').",
    ),
]
_SPARKS = "▁▂▃▄▅▆▇█"
_COLOURS = {"negative": "red", "neutral": "yellow", "positive": "green"}


def sparkline(scores: list[float]) -> str:
    """One block character per score in [-1, 1], low to high."""
    top = len(_SPARKS) - 1
    return "".join(_SPARKS[round((max(-1.0, min(1.0, s)) + 1) / 2 * top)] for s in scores)


def score_bar(score: float, width: int = 10) -> str:
    """A bar left of the centre for negative scores, right of it for positive ones."""
    half = width // 2
    filled = round(abs(max(-1.0, min(1.0, score))) * half)
    if score < 0:
        return " " * (half - filled) + "█" * filled + "│" + " " * half
    return " " * half + "│" + "█" * filled + " " * (half - filled)


def _store(url: str | None) -> TrackerEvents:
    return TrackerEvents(Database(url or get_settings().tracker_store_address()))


def _when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M")


def _load(store: TrackerEvents, sender_id: str) -> ConversationFeedback:
    return feedback_from_events(sender_id, store.events(sender_id))


@app.command("list")
def list_conversations(
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000, help="How many.")] = 20,
    tracker_store: TrackerStoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """The latest conversations with their sentiment and rating."""
    with shopbot_errors():
        store = _store(tracker_store)
        rows = store.conversations(limit=limit)
        reports = [(row, _load(store, row.sender_id)) for row in rows]
        store.database.dispose()
    if json_output:
        print_json(
            {
                "conversations": [
                    {"last_activity": row.last_activity, **report.to_dict()}
                    for row, report in reports
                ]
            }
        )
        return
    table = Table(
        "conversation",
        "last activity",
        "messages",
        "mean",
        "lowest",
        "sentiment",
        "rating",
        "human",
    )
    for row, report in reports:
        summary = report.summary
        scores = [m.sentiment.score for m in report.messages if m.sentiment]
        human = "took over" if report.handed_over else ("offered" if report.human_offered else "")
        table.add_row(
            escape(row.sender_id),
            _when(row.last_activity),
            str(len(report.messages)),
            f"{summary.mean:+.2f}" if summary else "",
            f"{summary.minimum:+.2f}" if summary else "",
            sparkline(scores),
            f"{report.rating}/5" if report.rating else "",
            human,
        )
    stdout.print(table)


@app.command("show")
def show(
    sender_id: Annotated[str, typer.Argument(help="The conversation id.")],
    tracker_store: TrackerStoreOption = None,
    json_output: JsonOption = False,
) -> None:
    """One conversation: each shopper message's sentiment, the summary, rating and comment."""
    with shopbot_errors():
        store = _store(tracker_store)
        events = store.events(sender_id)
        store.database.dispose()
    if not events:
        fail(f"no conversation {sender_id!r} in the tracker store")
    report = feedback_from_events(sender_id, events)
    if json_output:
        print_json(report.to_dict())
        return
    table = Table("time", "lang", "sentiment", "score", "", "message")
    for message in report.messages:
        sentiment = message.sentiment
        colour = _COLOURS.get(sentiment.label, "white") if sentiment else "white"
        table.add_row(
            _when(message.timestamp),
            message.language or "",
            f"[{colour}]{sentiment.label}[/]" if sentiment else "",
            f"{sentiment.score:+.2f}" if sentiment else "",
            f"[{colour}]{score_bar(sentiment.score)}[/]" if sentiment else "",
            escape(message.text[:120]),
        )
    stdout.print(table)
    summary = report.summary
    if summary:
        stdout.print(
            f"mean {summary.mean:+.2f} · lowest {summary.minimum:+.2f} · trend "
            f"{summary.trend:+.2f}/message · negative streak {summary.negative_streak}"
        )
    stdout.print(f"rating: {f'{report.rating}/5' if report.rating else 'none'}")
    if report.comment:
        stdout.print(f"comment: {escape(report.comment)}")
    if report.human_offered or report.handed_over:
        stdout.print("human: " + ("took over" if report.handed_over else "offered"))
