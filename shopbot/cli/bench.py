"""``shopbot bench ...``: benchmarks that print figures (progress on stderr)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from core.db.database import Database
from core.settings import PROJECT_ROOT, get_settings
from shop.sampling import sample_orders
from shopbot.benchmarks.console import (
    DEFAULT_POSTGRES_URL,
    ConsoleBenchmark,
    run_console_benchmark,
)
from shopbot.benchmarks.turns import TurnBenchmark, run_turn_benchmark
from shopbot.cli import bench_load
from shopbot.cli.output import print_json, shopbot_errors, stage_progress, stderr, stdout

__all__ = ["app"]

app = typer.Typer(help="Benchmarks: figures for the README and docs/, never timed tests.")
app.command("load")(bench_load.load)


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
    growth_turns: Annotated[
        int, typer.Option("--growth-turns", min=40, help="Turns of the one long conversation.")
    ] = 160,
    clients: Annotated[int, typer.Option("--clients", min=1, help="Concurrent clients.")] = 8,
    load_seconds: Annotated[
        float, typer.Option("--load-seconds", min=5, help="How long the clients run, per bot.")
    ] = 30,
    endpoints: Annotated[
        Path, typer.Option("--endpoints", exists=True, help="shopbot's endpoints file.")
    ] = PROJECT_ROOT / "endpoints.yml",
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Turn latency (p50/p95) over REST, one long conversation and concurrent clients:
    shopbot versus a stock `rasa init` bot, same run."""
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
                growth_turns=growth_turns,
                clients=clients,
                load_seconds=load_seconds,
                endpoints=endpoints,
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
    growth, load = figures["growth"], figures["load"]
    stdout.print(
        f"One conversation of {growth['turns']} turns, median of each 20: "
        + ", ".join(f"{median:.0f}" for median in growth["window_medians_ms"])
        + f" ms; last over first {growth['ratio']:.2f}"
    )
    stdout.print(
        f"{load['clients']} clients, mixed conversations: {load['turns_per_second']:.1f} turns/s "
        f"(p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, {load['errors']} errors); "
        f"stock `rasa init` small talk: {load['stock_turns_per_second']:.1f} turns/s"
    )


@app.command("console")
def console(
    conversations: Annotated[
        int, typer.Option("--conversations", min=100, help="Conversations to seed.")
    ] = 100_000,
    database: Annotated[
        str,
        typer.Option(
            "--database",
            help="sqlite (a temporary file) or postgresql (a database of its own on the "
            "server of --postgres-url, dropped afterwards).",
        ),
    ] = "sqlite",
    repeats: Annotated[int, typer.Option("--repeats", min=5, help="Runs per query.")] = 30,
    postgres_url: Annotated[
        str, typer.Option("--postgres-url", help="An administrative URL of the PostgreSQL server.")
    ] = DEFAULT_POSTGRES_URL,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """Console list and search latency (p50/p95) over many conversation summaries."""
    if database not in ("sqlite", "postgresql"):
        raise typer.BadParameter("sqlite or postgresql", param_hint="--database")
    options = ConsoleBenchmark(
        conversations=conversations,
        database=database,
        repeats=repeats,
        postgres_url=postgres_url,
    )
    with shopbot_errors(), stage_progress() as progress:
        figures = run_console_benchmark(
            options, log=lambda message: stderr.print(f"[dim]{message}[/]"), progress=progress
        )
    if json_output:
        print_json(figures)
        return
    table = Table(
        title=f"Console list latency, {figures['conversations']:,} conversations "
        f"({figures['turns']:,} turns) on {database}, {repeats} runs each, page of 50"
    )
    for column in ("request", "p50 ms", "p95 ms", "matches"):
        table.add_column(column, justify="left" if column == "request" else "right")
    for name, row in figures["queries"].items():
        matches = f"{row['matches']:,}" + ("" if row["matches_exact"] else "+")
        table.add_row(name, f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}", matches)
    stdout.print(table)
    verdict = "met" if figures["goal_met"] else "NOT met"
    stderr.print(
        f"seeded in {figures['seed_seconds']:.0f} s ({figures['size_mb']:.0f} MB); "
        f"worst filtered p95 {figures['worst_filtered_p95_ms']:.1f} ms: the 300 ms goal is "
        f"{verdict}"
    )
