"""``shopbot bench ...``: benchmarks that print figures (progress on stderr)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from core.db.database import Database
from core.settings import get_settings
from shop.sampling import sample_orders
from shopbot.benchmarks.turns import TurnBenchmark, run_turn_benchmark
from shopbot.cli.output import print_json, stage_progress, stderr, stdout

__all__ = ["app"]

app = typer.Typer(help="Benchmarks: figures for the README and docs/, never timed tests.")


@app.command("turns")
def turns(
    n: Annotated[int, typer.Option("--turns", min=10, help="Measured turns per kind.")] = 200,
    multilingual_cost: Annotated[
        bool,
        typer.Option(
            "--multilingual-cost",
            help="Also run the bot without its multilingual components (trained once).",
        ),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Turn latency (p50/p95) over REST: shopbot versus a stock `rasa init` bot, same run."""
    settings = get_settings()
    database = Database(settings.database_url)
    orders = [
        order
        for order in sample_orders(database, 60, seed=1)
        if order["status"] not in {"cancelled"}
    ]
    database.dispose()
    with stage_progress() as progress:
        figures = run_turn_benchmark(
            TurnBenchmark(
                turns=n,
                database_url=settings.database_url,
                multilingual_cost=multilingual_cost,
            ),
            orders,
            log=lambda message: stderr.print(f"[dim]{message}[/]"),
            progress=progress,
        )
    if json_output:
        print_json(figures)
        return
    table = Table(title=f"Turn latency over REST, {n} turns each, 1 client")
    columns = ["turn", "p50 ms", "p95 ms", "mean ms", "p50/stock", "p95/stock"]
    if multilingual_cost:
        columns += ["p50/mono", "p95/mono"]
    for column in columns:
        table.add_column(column, justify="right" if column != "turn" else "left")
    for name, row in figures["results"].items():
        cells = [
            name.replace("_", " "),
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['mean_ms']:.1f}",
            str(row.get("ratio_p50_vs_stock_greeting", "1.00")),
            str(row.get("ratio_p95_vs_stock_greeting", "1.00")),
        ]
        if multilingual_cost:
            cells += [
                str(row.get("ratio_p50_vs_monolingual", "")),
                str(row.get("ratio_p95_vs_monolingual", "")),
            ]
        table.add_row(*cells)
    stdout.print(table)
