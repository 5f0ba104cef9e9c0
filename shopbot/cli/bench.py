"""``shopbot bench ...``: benchmarks that print figures (progress on stderr)."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from shopbot.benchmarks.turns import TurnBenchmark, run_turn_benchmark
from shopbot.db.database import Database
from shopbot.settings import get_settings
from shopbot.shop.sampling import sample_orders

__all__ = ["app"]

app = typer.Typer(help="Benchmarks: figures for the README and docs/, never timed tests.")
err = Console(stderr=True)


@app.command("turns")
def turns(
    n: Annotated[int, typer.Option("--turns", min=10, help="Measured turns per kind.")] = 200,
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
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done)

        figures = run_turn_benchmark(
            TurnBenchmark(turns=n, database_url=settings.database_url),
            orders,
            log=lambda message: err.print(f"[dim]{message}[/]"),
            progress=progress,
        )
    if json_output:
        typer.echo(json.dumps(figures, indent=2))
        return
    table = Table(title=f"Turn latency over REST, {n} turns each, 1 client")
    for column in ("turn", "p50 ms", "p95 ms", "mean ms", "p50 ratio", "p95 ratio"):
        table.add_column(column, justify="right" if column != "turn" else "left")
    for name, row in figures["results"].items():
        table.add_row(
            name.replace("_", " "),
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['mean_ms']:.1f}",
            str(row.get("ratio_p50_vs_stock_greeting", "1.00")),
            str(row.get("ratio_p95_vs_stock_greeting", "1.00")),
        )
    Console().print(table)
