"""``shopbot bench load``: many concurrent conversations against a running stack, on locust,
then the reconciliation of the stores (:mod:`shopbot.benchmarks.load`).

Against the embedded default (``make run``: the Rasa server at the settings' ``rasa_url``)
or the production profile (``--production``: nginx at http://127.0.0.1:8080, PostgreSQL),
with the tracker store and the summaries' database given by SQLAlchemy URLs (default: the
settings', or the profile's). Exit code 1
when the reconciliation finds a message missing, doubled or out of place, or a reply in the
wrong conversation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from core.settings import get_settings
from knowledge.policy import load_policy
from shopbot.benchmarks.load.run import LoadTest, run_load_test
from shopbot.benchmarks.load.scenario import LANGUAGES
from shopbot.benchmarks.load.targets import embedded_target, production_target
from shopbot.cli.output import print_json, shopbot_errors, stderr, stdout
from shopbot.cli.rasa_token import rasa_token

__all__ = ["load"]

#: What to tell about an error the channel's limits cause.
_LIMIT_HINT = (
    "HTTP 429 is the channel's rate limit per network client: run against a server on "
    "loopback (each conversation connects from its own loopback address), or raise "
    "SHOPBOT_CHANNEL_RATE_PER_CLIENT for the test."
)


_CONSUMER_HINT = (
    "Summaries still missing after --summaries-wait: is their consumer running (the web "
    "server, `shopbot conversations follow`, or the profile's consumer) on these databases?"
)


def _languages(value: str) -> tuple[str, ...]:
    languages = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [language for language in languages if language not in LANGUAGES]
    if not languages or unknown:
        raise typer.BadParameter(
            f"a comma-separated list of {', '.join(LANGUAGES)}", param_hint="--languages"
        )
    return languages


def load(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Base URL of the REST front: the Rasa server (default: the settings' "
            "rasa_url) or the production profile's nginx, http://127.0.0.1:8080.",
            show_default=False,
        ),
    ] = "",
    conversations: Annotated[
        int, typer.Option("--conversations", min=1, max=60_000, help="Concurrent conversations.")
    ] = 100,
    turns: Annotated[int, typer.Option("--turns", min=1, help="Turns per conversation.")] = 6,
    spawn_rate: Annotated[
        float, typer.Option("--spawn-rate", min=0.1, help="Conversations started per second.")
    ] = 20.0,
    think_seconds: Annotated[
        float, typer.Option("--think-seconds", min=0, help="Pause between a shopper's turns.")
    ] = 0.0,
    languages: Annotated[
        str, typer.Option("--languages", help="Languages the conversations take in turn.")
    ] = ",".join(LANGUAGES),
    tracker_store: Annotated[
        str,
        typer.Option(
            "--tracker-store",
            help="SQLAlchemy URL of Rasa's tracker store (default: the settings').",
            show_default=False,
        ),
    ] = "",
    summaries_url: Annotated[
        str,
        typer.Option(
            "--summaries-url",
            help="SQLAlchemy URL of the console's conversation summaries (default: the "
            "order database).",
            show_default=False,
        ),
    ] = "",
    database_url: Annotated[
        str,
        typer.Option(
            "--database-url",
            help="SQLAlchemy URL of the order database the demo orders come from "
            "(default: the settings').",
            show_default=False,
        ),
    ] = "",
    summaries_wait: Annotated[
        float,
        typer.Option("--summaries-wait", min=0, help="Seconds to wait for the summaries."),
    ] = 120.0,
    request_timeout: Annotated[
        float, typer.Option("--request-timeout", min=1, help="Seconds one turn may take.")
    ] = 120.0,
    max_seconds: Annotated[
        float, typer.Option("--max-seconds", min=10, help="The run stops after this long.")
    ] = 1800.0,
    own_addresses: Annotated[
        bool,
        typer.Option(
            "--own-addresses/--one-address",
            help="Each conversation connects from its own loopback address (as shoppers "
            "come from their own networks; the channels limit per client).",
        ),
    ] = True,
    seed: Annotated[int, typer.Option("--seed", help="Seeds the plans.")] = 1,
    keep_records: Annotated[
        Path | None,
        typer.Option(
            "--records",
            help="Keep every turn (conversation, kind, text, ms, status, problems) as JSON "
            "lines in this file.",
            dir_okay=False,
        ),
    ] = None,
    token: Annotated[
        str,
        typer.Option("--token", help="The Rasa token (default: SHOPBOT_RASA_TOKEN or make run's)."),
    ] = "",
    production: Annotated[
        bool,
        typer.Option(
            "--production",
            help="Against the production profile (make run-prod): its front, token, order "
            "database and tracker store are the defaults of the options above.",
        ),
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
) -> None:
    """N concurrent conversations of M turns over the REST channel (order status, return,
    product search, policy questions, hand-over, rating; eight languages), on locust: turns
    per second, p50/p95/p99 per turn kind, errors, CPU per process, and the reconciliation
    of the tracker store and the conversation summaries."""
    settings = get_settings()
    with shopbot_errors():
        target = production_target() if production else embedded_target(settings, None)
    orders_url = database_url or target.database_url
    options = LoadTest(
        host=host or target.host,
        token=token or target.token or rasa_token(),
        database_url=orders_url,
        tracker_store_url=tracker_store or target.tracker_store_url,
        summaries_url=summaries_url or orders_url,
        conversations=conversations,
        turns=turns,
        spawn_rate=spawn_rate,
        think_seconds=think_seconds,
        request_timeout=request_timeout,
        max_seconds=max_seconds,
        summaries_wait=summaries_wait,
        languages=_languages(languages),
        seed=seed,
        own_addresses=own_addresses,
        return_window_days=load_policy(settings.policy_dir).facts.return_window_days,
        keep_records=keep_records,
    )
    with (
        shopbot_errors(),
        Progress(
            TextColumn("[bold]turns"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("[dim]{task.description}"),
            console=stderr,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, note: str) -> None:
            bar.update(task, completed=done, total=total, description=escape(note))

        figures = run_load_test(
            options,
            log=lambda message: stderr.print(f"[dim]{escape(message)}[/]"),
            progress=progress,
        )
    if json_output:
        print_json(figures)
    else:
        _print(figures)
    if not figures["ok"]:
        raise typer.Exit(1)


def _print(figures: dict[str, Any]) -> None:
    stdout.print(
        f"{figures['conversations']} conversations x {figures['turns_per_conversation']} turns "
        f"against {figures['host']} ({', '.join(figures['languages'])}): "
        f"{figures['turns']} turns in {figures['seconds']:.1f} s, "
        f"[bold]{figures['turns_per_second']:.1f} turns/s[/] "
        f"({figures['answered_per_second']:.1f} answered), {figures['errors']} errors"
        + (" [red](stopped at --max-seconds)[/]" if figures["timed_out"] else ""),
        highlight=False,
    )
    table = Table(title="Latency per turn kind (ms)")
    for column in ("turn", "turns", "errors", "p50", "p95", "p99", "max"):
        table.add_column(column, justify="left" if column == "turn" else "right")
    rows = [*figures["kinds"].items(), ("all", {**figures["latency"], **figures})]
    for kind, row in rows:
        table.add_row(
            kind.replace("_", " "),
            str(row["turns"]),
            str(row["errors"]),
            *(f"{row[key]:.0f}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")),
        )
    stdout.print(table)
    for problem, count in figures["errors_by_problem"].items():
        stdout.print(f"  [red]{count}[/] x {escape(problem)}", highlight=False)
    if any(problem.startswith("HTTP 429") for problem in figures["errors_by_problem"]):
        stdout.print(f"  [dim]{_LIMIT_HINT}[/]")
    _print_cpu(figures["cpu"])
    _print_reconciliation(figures["reconciliation"])


def _print_cpu(cpu: dict[str, Any]) -> None:
    table = Table(title="CPU during the run (100% = one core)")
    for column in ("process", "mean %", "peak %"):
        table.add_column(column, justify="left" if column == "process" else "right")
    for process in cpu["processes"][:8]:
        table.add_row(
            process["process"], f"{process['mean_percent']:.0f}", f"{process['peak_percent']:.0f}"
        )
    table.add_row(
        f"the machine ({cpu['cores']} cores; 100% = all)",
        f"{cpu['machine_mean_percent']:.0f}",
        f"{cpu['machine_peak_percent']:.0f}",
        style="dim",
    )
    stdout.print(table)
    stdout.print(f"Saturation: {escape(cpu['saturation'])}", highlight=False)


#: The reconciliation's columns: heading, key of the check.
_CHECK_COLUMNS = (
    ("sent", "expected"),
    ("once", "exactly_once"),
    ("missing", "missing"),
    ("doubled", "duplicated"),
    ("unsent", "unexpected"),
    ("order", "out_of_order"),
)
_STORES = {
    "tracker_store": "tracker",
    "summaries": "summaries",
    "tracker_store_replies": "replies",
}


def _print_reconciliation(reconciliation: dict[str, Any]) -> None:
    table = Table(
        title="Shopper messages exactly once in the tracker store and the summaries, the "
        "bot's replies once in the tracker store (unsent: stored, never sent)"
    )
    table.add_column("store", no_wrap=True)
    for heading, _ in _CHECK_COLUMNS:
        table.add_column(heading, justify="right")
    table.add_column("wait s", justify="right")
    table.add_column("")
    for name, shown in _STORES.items():
        check = reconciliation[name]
        if check["error"]:
            table.add_row(shown, *[""] * (len(_CHECK_COLUMNS) + 1), "[red]FAILED[/]")
            continue
        table.add_row(
            shown,
            *(str(check[key]) for _, key in _CHECK_COLUMNS),
            f"{check['waited_seconds']:.0f}",
            "[green]ok[/]" if check["ok"] else "[red]FAILED[/]",
        )
    stdout.print(table)
    for name, shown in _STORES.items():
        check = reconciliation[name]
        if check["error"]:
            stdout.print(f"  [red]{shown}:[/] {escape(check['error'])}", highlight=False)
        for example in check["examples"]:
            stdout.print(f"  [dim]{escape(example)}[/]", highlight=False)
    if reconciliation["summaries"]["missing"]:
        stdout.print(f"  [dim]{_CONSUMER_HINT}[/]")
    replies = reconciliation["replies"]
    verdict = "[green]ok[/]" if replies["ok"] else "[red]FAILED[/]"
    stdout.print(
        f"Replies in their own conversation: {verdict} ({replies['replies']} replies; "
        f"{replies['addressed_to_another_conversation']} addressed to another conversation, "
        f"{replies['naming_another_conversations_order']} naming another conversation's order)",
        highlight=False,
    )
