"""``shopbot proactive``: write first when an order goes wrong (docs/proactive.md).

    shopbot proactive scan [--dry-run] [--json]
    shopbot proactive notices [--limit N] [--json]

``scan`` finds the orders that need a word (a carrier delay, exception or failed delivery
attempt; an order not dispatched by its promised date; a refund issued; a return received)
and writes to the shoppers who agreed, in their last conversation, through the Rasa server
(``SHOPBOT_RASA_URL``), outside the quiet hours and within the daily limit; ``notices``
lists the ledger. ``shopbot schedule`` (:mod:`shopbot.cli.schedule`, started by ``make run``)
runs the scan every ``SHOPBOT_PROACTIVE_INTERVAL_MINUTES``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from core.db.database import Database
from core.settings import Settings, get_settings
from knowledge.policy import load_policy
from shop.proactive.ledger import NoticeLedger
from shop.proactive.policy import NoticePolicy, QuietHours
from shop.proactive.rasa_sender import RasaNoticeSender
from shop.proactive.scan import ProactiveScan, ScanReport
from shop.rasa_api import RasaClient
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import print_json, shopbot_errors, stage_progress, stderr, stdout
from shopbot.cli.rasa_token import rasa_token

__all__ = ["app", "notice_policy", "scan_summary"]

logger = logging.getLogger(__name__)

app = typer.Typer(
    help="Write first when an order goes wrong: scan, list the notices.",
    no_args_is_help=True,
)


def notice_policy(settings: Settings) -> NoticePolicy:
    """Quiet hours and the daily limit, in the shop's time zone (the store policy's)."""
    zone = str(load_policy(settings.policy_dir).facts.support.get("timezone") or "UTC")
    return NoticePolicy(
        QuietHours.parse(settings.proactive_quiet_hours), settings.proactive_daily_limit, zone
    )


@contextmanager
def _scan(database_url: str | None, *, sending: bool) -> Iterator[ProactiveScan]:
    settings = get_settings()
    database = open_database(database_url)
    client = RasaClient(settings.rasa_url, rasa_token(), 30) if sending else None
    try:
        yield ProactiveScan(
            database,
            RasaNoticeSender(client) if client is not None else None,
            notice_policy(settings),
            lookback=timedelta(hours=settings.proactive_lookback_hours),
        )
    finally:
        if client is not None:
            client.close()
        database.dispose()


def _summary(report: ScanReport) -> str:
    return (
        f"{report.detected} order event(s) need a word: {report.sent} notice(s) sent, "
        f"{report.failed} failed, {report.already_noticed} already noticed, "
        f"{report.no_consent} without consent, {report.quiet_hours} held for the quiet hours, "
        f"{report.daily_limit} over the daily limit."
    )


def run_scan(database_url: str | None = None, *, dry_run: bool = False) -> ScanReport:
    """One scan with a progress bar on stderr."""
    with _scan(database_url, sending=not dry_run) as scan, stage_progress() as report:
        return scan.run(
            dry_run=dry_run, progress=lambda done, total: report("order events", done, total)
        )


@app.command("scan")
def scan(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be sent; send and record nothing.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Find the orders that need a word and write to the shoppers who agreed."""
    with shopbot_errors():
        report = run_scan(database_url, dry_run=dry_run)
    if json_output:
        print_json(report.to_dict())
        return
    if report.notices:
        table = Table("notice", "order", "kind", "channel", "language", "status")
        for entry in report.notices:
            table.add_row(
                str(entry["notice"] or "-"),
                entry["order_number"],
                entry["kind"],
                entry["channel"] or "-",
                entry["language"] or "-",
                entry["status"],
            )
        stdout.print(table)
    stderr.print(_summary(report))


def scan_summary(database_url: str | None = None) -> str:
    """One scan that sends (the schedule's job); its one-line summary."""
    with _scan(database_url, sending=True) as scan:
        return _summary(scan.run())


@app.command("notices")
def notices(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many, newest first.")] = 50,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """The latest notices of the ledger: sent, failed, answered."""
    with shopbot_errors():
        database: Database = open_database(database_url)
        try:
            records = NoticeLedger(database).recent(limit)
        finally:
            database.dispose()
    if json_output:
        print_json([record.__dict__ for record in records])
        return
    table = Table("id", "order", "kind", "status", "channel", "language", "created", "answer")
    for record in records:
        table.add_row(
            str(record.id),
            record.order_number,
            record.kind,
            record.status,
            record.channel or "-",
            record.language,
            record.created_at.isoformat(timespec="minutes"),
            record.answer or "-",
        )
    stdout.print(table)
