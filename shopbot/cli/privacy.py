"""``shopbot privacy``: erase one shopper or conversation; remove old conversations.

    shopbot privacy erase --email anna@example.com [--json]
    shopbot privacy erase --conversation twilio:+447700900059 [--json]
    shopbot privacy retention [--days 90] [--json]

``erase`` removes or anonymises everything about the shopper (their conversations' events
in the tracker store and event broker, hand-over tickets, verification attempts, feedback,
orders' references to the conversations, the console's tables, and with ``--email`` their
account's email, name and phone) and prints the rows per table. ``retention`` removes the
conversations whose last activity is older than ``--days`` (``SHOPBOT_RETENTION_DAYS``,
default 90), keeping daily counts per channel, language and outcome; ``make run`` runs it
at start, and in production a daily cron job does (README). Both read the databases of the
settings and need ``SHOPBOT_CLIENT_KEY_SECRET`` to find keyed records.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

import shop.opening  # noqa: F401 - registers the eraser of the known channel ids
from core.settings import get_settings
from shop.privacy import ErasureReport, PrivacyService, RetentionReport
from shopbot.cli.db import JsonOption
from shopbot.cli.output import fail, print_json, shopbot_errors, stderr, stdout

__all__ = ["app"]

app = typer.Typer(
    help="Erase a shopper's data; remove conversations past the retention period.",
    no_args_is_help=True,
)


def _counts_table(removed: dict[str, int]) -> Table:
    table = Table("table", "rows removed or anonymised")
    for name, count in sorted(removed.items()):
        table.add_row(name, str(count))
    return table


@app.command("erase")
def erase(
    email: Annotated[
        str | None, typer.Option("--email", help="Erase the shopper with this email.")
    ] = None,
    conversation: Annotated[
        str | None, typer.Option("--conversation", help="Erase this one conversation (its id).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Remove or anonymise everything about one shopper or one conversation."""
    if (email is None) == (conversation is None):
        fail("give exactly one of --email or --conversation", code=2)
    with shopbot_errors():
        service = PrivacyService.from_settings(get_settings())
        try:
            report: ErasureReport = (
                service.erase_email(email)
                if email is not None
                else service.erase_conversation(str(conversation))
            )
        finally:
            service.close()
    if json_output:
        print_json(report.to_dict())
        return
    stderr.print(f"Erased {report.conversations} conversation(s).")
    stdout.print(_counts_table(report.removed))


@app.command("retention")
def retention(
    days: Annotated[
        int | None,
        typer.Option(
            "--days", min=1, help="Keep this many days (default: SHOPBOT_RETENTION_DAYS, 90)."
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Remove conversations older than the retention period, keeping daily counts."""
    with shopbot_errors():
        service = PrivacyService.from_settings(get_settings())
        try:
            report: RetentionReport = service.retention(days)
        finally:
            service.close()
    if json_output:
        print_json(report.to_dict())
        return
    stderr.print(
        f"Retention {report.days} days (before {report.cutoff:%Y-%m-%d %H:%M} UTC): "
        f"{report.conversations} conversation(s) removed, counted in "
        f"{report.counted_rows} daily row(s)."
    )
    if report.removed:
        stdout.print(_counts_table(report.removed))
