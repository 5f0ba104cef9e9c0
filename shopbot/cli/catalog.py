"""``shopbot catalog``: generate the demo catalog, import a shop's file, show statistics.

Data goes to stdout (``--json`` or a table), problems, progress and messages to stderr.
``import`` exits 0 when at least one row was imported and 1 when nothing could be.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from core.db.database import Database
from core.db.migrate import current_revision, head_revision, upgrade
from core.money import format_money
from knowledge.catalog import (
    DEFAULT_SEED,
    DEFAULT_SIZE,
    IngestProblem,
    catalog_fingerprint,
    catalog_stats,
    generate_catalog,
    load_catalog,
    read_catalog,
    save_catalog,
    write_catalog,
)
from knowledge.catalog.picture_upgrade import upgrade_demo_pictures
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import print_json, shopbot_errors, stage_progress, stderr, stdout
from shopbot.demo.seed import is_empty

__all__ = ["app"]

app = typer.Typer(
    help="The product catalog: generate the demo catalog, import a shop's file, statistics.",
    no_args_is_help=True,
)

#: Problems shown in the table on stderr (``--json`` lists them all).
SHOWN_PROBLEMS = 50

SizeOption = Annotated[
    int, typer.Option("--size", min=1, help="Number of products of the demo catalog.")
]
SeedOption = Annotated[int, typer.Option("--seed", help="Random seed (same seed, same catalog).")]


def _ready(db: Database) -> None:
    """Create or upgrade the schema when it is not at the newest revision."""
    if current_revision(db) != head_revision():
        stderr.print("Creating or upgrading the database schema first.")
        upgrade(db)


def _problem_table(problems: tuple[IngestProblem, ...], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("line", "id", "problem", "message"):
        table.add_column(column, justify="right" if column == "line" else "left")
    for problem in problems[:SHOWN_PROBLEMS]:
        table.add_row(
            str(problem.line), Text(problem.id or "-"), problem.code, Text(problem.message)
        )
    if len(problems) > SHOWN_PROBLEMS:
        table.add_row("", "", "", f"... and {len(problems) - SHOWN_PROBLEMS} more (see --json)")
    return table


@app.command("generate")
def generate(
    out: Annotated[
        Path, typer.Option("--out", help="File to write: .jsonl or .csv.", dir_okay=False)
    ],
    size: SizeOption = DEFAULT_SIZE,
    seed: SeedOption = DEFAULT_SEED,
    json_output: JsonOption = False,
) -> None:
    """Write the deterministic demo catalog to a JSON Lines or CSV file."""
    with shopbot_errors(), stage_progress() as report:
        products = generate_catalog(size, seed, progress=lambda d, t: report("generating", d, t))
        count = write_catalog(out, products)
    result = {
        "products": count,
        "path": str(out),
        "seed": seed,
        "fingerprint": catalog_fingerprint(products),
    }
    if json_output:
        print_json(result)
    else:
        stderr.print(f"Wrote {count} products to {out} (seed {seed}).", highlight=False)


@app.command("import")
def import_file(
    file: Annotated[
        Path, typer.Argument(help="Catalog file: .csv or .jsonl (see docs/catalog.md).")
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Deactivate stored products missing from the file (never deleted)."
        ),
    ] = False,
    currency: Annotated[
        str | None, typer.Option("--currency", help="Currency of rows that have none, e.g. EUR.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only check the file; write nothing.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import a shop's catalog: bad rows are reported line by line and skipped."""
    with shopbot_errors():
        report = read_catalog(file, default_currency=currency)
        if report.problems:
            stderr.print(_problem_table(report.problems, f"Problems in {file.name}"))
        if report.warnings and not json_output:
            stderr.print(_problem_table(report.warnings, "Warnings (rows kept)"))
        stored: dict[str, Any] | None = None
        if report.products and not check:
            db = open_database(database_url)
            try:
                _ready(db)
                with stage_progress() as progress:
                    summary = save_catalog(db, report.products, replace=replace, progress=progress)
                stored = summary.to_json()
            finally:
                db.dispose()
    imported = len(report.products) if stored is not None else 0
    result = {
        "imported": imported,
        "skipped": report.skipped,
        "rows_read": report.rows_read,
        "accepted": len(report.products),
        "problems": [problem.to_json() for problem in report.problems],
        "warnings": [warning.to_json() for warning in report.warnings],
        "problem_counts": report.problem_counts(),
        "store": stored,
        "checked_only": check,
        "fingerprint": catalog_fingerprint(report.products),
    }
    if json_output:
        print_json(result)
    stderr.print(report.summary(), highlight=False)
    if stored is not None:
        stderr.print(
            f"Database: {stored['inserted']} inserted, {stored['updated']} updated, "
            f"{stored['unchanged']} unchanged, {stored['deactivated']} deactivated.",
            highlight=False,
        )
    if not report.products:
        stderr.print("[bold red]error:[/] no row could be imported.")
        raise typer.Exit(1)


@app.command("demo")
def demo(
    size: SizeOption = DEFAULT_SIZE,
    seed: SeedOption = DEFAULT_SEED,
    replace: Annotated[
        bool, typer.Option("--replace", help="Deactivate stored products not in the demo.")
    ] = False,
    if_empty: Annotated[
        bool,
        typer.Option(
            "--if-empty",
            help="Save nothing when products are already stored (an old demo catalog's "
            "image URLs are moved to the shipped demo pictures).",
        ),
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Generate the demo catalog and save it in the database (idempotent)."""
    with shopbot_errors():
        db = open_database(database_url)
        try:
            _ready(db)
            if if_empty and not is_empty(db, ("products",)):
                # A demo catalog saved before the demo pictures shipped gets them.
                pictures = upgrade_demo_pictures(db)
                if json_output:
                    print_json({"saved": False, "reason": "not_empty", "pictures": pictures})
                elif pictures:
                    stderr.print(
                        f"The database already holds products; {pictures} moved to the "
                        "shipped demo pictures."
                    )
                else:
                    stderr.print("The database already holds products; nothing changed.")
                return
            with stage_progress() as report:
                products = generate_catalog(
                    size, seed, progress=lambda d, t: report("generating", d, t)
                )
                summary = save_catalog(db, products, replace=replace, progress=report)
            others = len(load_catalog(db)) - len(products)
        finally:
            db.dispose()
    result = {
        "saved": True,
        "size": size,
        "seed": seed,
        **summary.to_json(),
        "other_active_products": others,
        "fingerprint": catalog_fingerprint(products),
    }
    if json_output:
        print_json(result)
        return
    stderr.print(
        f"Demo catalog ({size} products, seed {seed}): {summary.inserted} inserted, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.deactivated} deactivated in {summary.seconds:.1f} s.",
        highlight=False,
    )
    if others > 0:
        stderr.print(f"{others} other active products kept (--replace deactivates them).")


def _price_range(low: str | None, high: str | None, currency: str) -> str:
    """ "€7.95 – €595.00" (the one money format), "-" without prices."""
    if low is None or high is None:
        return "-"
    return f"{format_money(Decimal(low), currency)} – {format_money(Decimal(high), currency)}"


def _stats_table(stats: dict[str, Any]) -> Table:
    table = Table(title=f"Catalog: {stats['products']} products, {stats['variants']} variants")
    for column in ("category", "products", "sub-categories", "EUR prices", "in stock"):
        table.add_column(column, justify="left" if column == "category" else "right")
    for name, row in stats["categories"].items():
        prices = _price_range(row["price_min_eur"], row["price_max_eur"], "EUR")
        share = f"{row['in_stock'] / row['products']:.0%}"
        table.add_row(Text(name), str(row["products"]), str(row["subcategories"]), prices, share)
    table.add_section()
    for currency, row in stats["currencies"].items():
        table.add_row(
            f"[dim]in {currency}[/]", str(row["products"]), "",
            _price_range(row["price_min"], row["price_max"], currency), "",
        )  # fmt: skip
    return table


@app.command("stats")
def stats(
    file: Annotated[
        Path | None, typer.Option("--file", help="Read a catalog file instead of the database.")
    ] = None,
    all_products: Annotated[
        bool, typer.Option("--all", help="Include inactive products (database only).")
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Products per top category, price ranges, share in stock."""
    with shopbot_errors():
        if file is not None:
            products = list(read_catalog(file).products)
        else:
            db = open_database(database_url)
            try:
                _ready(db)
                products = load_catalog(db, active_only=not all_products)
            finally:
                db.dispose()
    result = {**catalog_stats(products), "fingerprint": catalog_fingerprint(products)}
    if json_output:
        print_json(result)
        return
    stdout.print(_stats_table(result))
    stdout.print(f"In stock: {result['in_stock_share']:.1%} of products.")
