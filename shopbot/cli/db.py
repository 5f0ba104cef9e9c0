"""``shopbot db``: create or upgrade the schema, seed demo data, show the state."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from core.db.database import Database
from core.db.migrate import current_revision, head_revision, upgrade
from knowledge.catalog import DEFAULT_SIZE
from shopbot.cli.output import print_json, shopbot_errors, stage_progress, stderr, stdout
from shopbot.demo.seed import (
    MIN_CATALOG,
    SeedSummary,
    count_orders_by_status,
    count_rows,
    is_empty,
    seed_demo_data,
)

__all__ = ["DatabaseUrlOption", "JsonOption", "app", "open_database"]

app = typer.Typer(
    help="Create, migrate, seed and inspect the order database.", no_args_is_help=True
)

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL of the database (default: the DATABASE_URL setting).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


def open_database(database_url: str | None) -> Database:
    """The database of ``--database-url``, or the one from the settings."""
    return Database(database_url) if database_url else Database.from_settings()


def _migrate(database_url: str | None, json_output: bool) -> None:
    with shopbot_errors():
        db = open_database(database_url)
        try:
            before = current_revision(db)
            after = upgrade(db)
        finally:
            db.dispose()
    result = {
        "database": db.display_url,
        "previous_revision": before,
        "revision": after,
        "head": head_revision(),
        "changed": before != after,
    }
    if json_output:
        print_json(result)
    elif before == after:
        stderr.print(f"Schema already at revision {after}; nothing to do.")
    else:
        stderr.print(f"Schema upgraded from {before or 'empty'} to revision {after}.")


@app.command("init")
def init(database_url: DatabaseUrlOption = None, json_output: JsonOption = False) -> None:
    """Create the schema, or upgrade it to the newest revision (idempotent)."""
    _migrate(database_url, json_output)


@app.command("migrate")
def migrate(database_url: DatabaseUrlOption = None, json_output: JsonOption = False) -> None:
    """Upgrade the schema to the newest revision (the same as ``init``)."""
    _migrate(database_url, json_output)


def _summary_table(summary: SeedSummary) -> Table:
    table = Table(title=f"Demo data (seed {summary.seed}, today {summary.today})")
    table.add_column("order status")
    table.add_column("orders", justify="right")
    for status, count in summary.order_statuses.items():
        table.add_row(status, str(count))
    table.add_section()
    for name, count in summary.tables.items():
        table.add_row(f"[dim]{name} rows[/]", str(count))
    return table


@app.command("seed")
def seed(
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 7,
    customers: Annotated[int, typer.Option("--customers", min=1, help="Customers.")] = 1000,
    orders: Annotated[
        int, typer.Option("--orders", min=0, help="Orders of the last 12 months.")
    ] = 5000,
    history_days: Annotated[
        int,
        typer.Option(
            "--history-days",
            min=0,
            help="Days of older orders before those 12 months, from customers with buying "
            "habits (the customer-value model's history); 0: none.",
        ),
    ] = 730,
    products: Annotated[
        int,
        typer.Option(
            "--products",
            min=MIN_CATALOG,
            help="Size of the demo catalog saved first when the database has no catalog.",
        ),
    ] = DEFAULT_SIZE,
    today: Annotated[
        datetime | None,
        typer.Option("--today", formats=["%Y-%m-%d"], help="Reference date (default: today, UTC)."),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete all shop data first, then seed.")
    ] = False,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Seed only if there are no orders yet.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Fill the database with deterministic demo customers and orders (on the stored catalog,
    or on the demo catalog, saved first, when there is none)."""
    with shopbot_errors():
        db = open_database(database_url)
        try:
            if current_revision(db) != head_revision():
                stderr.print("Creating or upgrading the schema first.")
                upgrade(db)
            if if_empty and not reset and not is_empty(db):
                if json_output:
                    print_json({"seeded": False, "reason": "not_empty"})
                else:
                    stderr.print("The database already holds orders; nothing seeded.")
                return
            if not reset and not is_empty(db):
                stderr.print(
                    "[bold red]error:[/] the database already holds customers or orders. "
                    "Use --reset to delete them and seed again, or --if-empty to skip."
                )
                raise typer.Exit(1)
            stderr.print(f"Seeding {customers} customers and {orders} orders (seed {seed}).")
            with stage_progress() as report:
                summary = seed_demo_data(
                    db,
                    seed=seed,
                    customers=customers,
                    orders=orders,
                    today=today.date() if today else None,
                    progress=report,
                    reset=reset,
                    catalog_size=products,
                    history_days=history_days,
                )
        finally:
            db.dispose()
    stderr.print(f"Seeded in {summary.seconds:.1f} s.")
    if json_output:
        print_json({"seeded": True, **summary.to_dict()})
    else:
        stdout.print(_summary_table(summary))


@app.command("status")
def status(database_url: DatabaseUrlOption = None, json_output: JsonOption = False) -> None:
    """Show the schema revision and the number of rows per table and per order status."""
    with shopbot_errors():
        db = open_database(database_url)
        try:
            db.ping()
            revision = current_revision(db)
            head = head_revision()
            tables = count_rows(db) if revision == head else {}
            statuses = count_orders_by_status(db) if revision == head else {}
        finally:
            db.dispose()
    result = {
        "database": db.display_url,
        "backend": db.backend,
        "revision": revision,
        "head": head,
        "up_to_date": revision == head,
        "tables": tables,
        "order_statuses": statuses,
    }
    if json_output:
        print_json(result)
        return
    stdout.print(f"Database: {db.display_url}", highlight=False, markup=False)
    stdout.print(f"Revision: {revision or 'none (run shopbot db init)'} (head {head})")
    if tables:
        table = Table("table", "rows")
        for name, count in tables.items():
            table.add_row(name, str(count))
        stdout.print(table)
        by_status = Table("order status", "orders")
        for name, count in statuses.items():
            by_status.add_row(name, str(count))
        stdout.print(by_status)
