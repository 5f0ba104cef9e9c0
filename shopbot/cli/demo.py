"""``shopbot demo``: demo data made by the real, running assistant.

    shopbot demo conversations [--n 300] [--seed 7] [--if-empty] [--url URL]
                               [--concurrency 4] [--json]

Shoppers in eight languages talk to the bot over the REST channel (with the Rasa token), a
demo agent answers some hand-overs through the desk; see :mod:`shopbot.demo.conversations`.
``make run`` runs it with ``--if-empty`` once the servers are up.
"""

from __future__ import annotations

from typing import Annotated

import httpx
import typer
from rich.table import Table

from core.db.database import Database
from core.settings import get_settings
from knowledge.policy import load_policy
from knowledge.responses import ResponseCatalog
from shopbot.cli.db import JsonOption
from shopbot.cli.output import counting_progress, fail, print_json, shopbot_errors, stderr, stdout
from shopbot.cli.rasa_token import rasa_token
from shopbot.demo.conversations import DemoSummary, DemoTarget, seed_demo_conversations

__all__ = ["app"]

app = typer.Typer(help="Demo data made by the running assistant.", no_args_is_help=True)


def _check_reachable(url: str, token: str) -> None:
    try:
        response = httpx.get(f"{url.rstrip('/')}/status", params={"token": token}, timeout=10)
    except httpx.HTTPError as error:
        fail(f"the Rasa server at {url} did not answer ({type(error).__name__}); is `make run` up?")
    if response.status_code in (401, 403):
        fail("the Rasa server refused the token (SHOPBOT_RASA_TOKEN)")
    if response.status_code != 200:
        fail(f"the Rasa server at {url} answered {response.status_code}")


def _summary_table(summary: DemoSummary) -> Table:
    table = Table("", "", title=f"Demo conversations ({summary.seconds:.0f} s)")
    rows = [
        ("created", summary.created),
        ("already there", summary.already_there),
        ("failed", summary.failed),
        ("shopper messages", summary.messages),
        ("languages", ", ".join(f"{k} {v}" for k, v in summary.languages.items())),
        ("kinds", ", ".join(f"{k} {v}" for k, v in summary.scenarios.items())),
        ("hand-over tickets", summary.tickets),
        ("answered by the demo agent", summary.answered_by_agent),
        ("offers of a person", summary.offers_of_a_person),
        ("ratings", ", ".join(f"{k}: {v}" for k, v in summary.ratings.items()) or "none"),
        ("ratings skipped", summary.ratings_skipped),
        ("comments", summary.comments),
        ("product searches (found nothing)", f"{summary.searches} ({summary.failed_searches})"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    return table


@app.command("conversations")
def conversations(
    n: Annotated[int, typer.Option("--n", min=1, help="How many conversations.")] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same shoppers.")] = 7,
    if_empty: Annotated[
        bool,
        typer.Option(
            "--if-empty", help="Do nothing when the tracker store holds N conversations or more."
        ),
    ] = False,
    url: Annotated[
        str, typer.Option("--url", help="The Rasa server (default: SHOPBOT_RASA_URL).")
    ] = "",
    token: Annotated[
        str, typer.Option(help="The Rasa token (default: SHOPBOT_RASA_TOKEN or make run's).")
    ] = "",
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Conversations at a time.")
    ] = 4,
    json_output: JsonOption = False,
) -> None:
    """Create demo conversations by talking to the running bot (several languages,
    hand-overs, ratings, failed searches...). Their dates are the day this runs."""
    with shopbot_errors():
        settings = get_settings()
        rasa_url = url or settings.rasa_url
        key = rasa_token(token)
        if not key:
            fail("no Rasa token: set SHOPBOT_RASA_TOKEN or pass --token")
        _check_reachable(rasa_url, key)
        database = Database(settings.database_url)
        tracker_store = Database(settings.tracker_store_address())
        try:
            target = DemoTarget(
                rasa_url=rasa_url,
                rasa_token=key,
                database=database,
                tracker_store=tracker_store,
                responses=ResponseCatalog.load(
                    settings.domain_file,
                    settings.responses_dir,
                    settings.reply_languages,
                    settings.response_registers,
                ),
                return_window_days=load_policy(settings.policy_dir).facts.return_window_days,
            )
            with counting_progress("Demo conversations", enabled=not json_output) as bar:
                task = bar.add_task("conversations", total=n)
                summary = seed_demo_conversations(
                    target,
                    n=n,
                    seed=seed,
                    concurrency=concurrency,
                    if_empty=if_empty,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
        finally:
            database.dispose()
            tracker_store.dispose()
    if json_output:
        print_json(summary.to_dict())
    elif summary.skipped:
        stderr.print(f"No demo conversations made: {summary.skipped}.")
    else:
        stdout.print(_summary_table(summary))
        for error in summary.errors:
            stderr.print(f"[red]{error}[/]", markup=True, highlight=False)
    if summary.failed and not summary.created:
        raise typer.Exit(1)
