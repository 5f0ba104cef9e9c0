"""``shopbot handover``: agents take hand-over tickets, answer shoppers and hand back.

    shopbot handover agent add NAME          prints the agent's API token (once)
    shopbot handover agent list | rotate NAME | remove NAME
    shopbot handover list [--status active|open|assigned|closed] [--agent NAME]
                          [--limit 50] [--cursor C] [--json]   newest activity first
    shopbot handover show T-000012 [--agent NAME] [--json]  the ticket and its transcript
    shopbot handover take T-000012 --agent NAME
    shopbot handover say T-000012 "text" --agent NAME
    shopbot handover handback T-000012 --agent NAME

The commands talk to the order database (tickets, agents) and to the Rasa server's HTTP API
(``SHOPBOT_RASA_URL``; the token is ``SHOPBOT_RASA_TOKEN``, read from ``var/secrets.env``
when it is not in the environment, as ``make run`` writes it there).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from core.db.database import Database
from core.settings import Settings, get_settings
from knowledge.responses import ResponseCatalog
from shop.handover import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    OPEN_STATUSES,
    AgentDirectory,
    Cursor,
    HandoverService,
    TicketPage,
)
from shop.rasa_api import RasaClient
from shop.support import HandoverDesk
from shopbot.cli.db import JsonOption
from shopbot.cli.output import fail, print_json, shopbot_errors, stderr, stdout
from shopbot.cli.rasa_token import rasa_token

__all__ = ["app"]

app = typer.Typer(help="Hand-over tickets: take, answer, hand back.", no_args_is_help=True)
agent_app = typer.Typer(help="Support agents and their API tokens.", no_args_is_help=True)
app.add_typer(agent_app, name="agent")

AgentOption = Annotated[str, typer.Option("--agent", "-a", help="The agent's name.")]
SeenByOption = Annotated[
    str | None,
    typer.Option(
        "--agent", "-a", help="Only what this agent sees: their tickets and unassigned ones."
    ),
]
_STATUSES = {
    "active": OPEN_STATUSES,
    "open": ("open",),
    "assigned": ("assigned",),
    "closed": ("closed",),
}
_SPEAKER_STYLE = {"shopper": "cyan", "bot": "green", "agent": "magenta", "system": "dim"}


def _rasa_token(settings: Settings) -> str:
    if os.environ.get("SHOPBOT_RASA_TOKEN"):
        return settings.require_secret("rasa_token")
    return rasa_token() or settings.require_secret("rasa_token")


@contextmanager
def _desk() -> Iterator[tuple[HandoverDesk, AgentDirectory]]:
    settings = get_settings()
    database = Database(settings.database_url)
    try:
        responses = ResponseCatalog.load(
            settings.domain_file,
            settings.responses_dir,
            settings.reply_languages,
            settings.response_registers,
        )

        def rasa() -> RasaClient:  # the token is needed only when the Rasa API is called
            return RasaClient(settings.rasa_url, _rasa_token(settings), 10)

        yield HandoverDesk(HandoverService(database), rasa, responses), AgentDirectory(database)
    finally:
        database.dispose()


def _known_agent(agents: AgentDirectory, name: str) -> str:
    if not any(agent.name == name and agent.active for agent in agents.list()):
        fail(f"no active agent is called {name!r}: add one with `shopbot handover agent add`")
    return name


@agent_app.command("add")
def agent_add(name: Annotated[str, typer.Argument(help="The agent's display name.")]) -> None:
    """Add an agent and print their API token (shown only this once)."""
    with shopbot_errors(), _desk() as (_, agents):
        agent, token = agents.add(name)
    stderr.print(f"Agent [bold]{escape(agent.name)}[/] added. Their API token (keep it secret):")
    typer.echo(token)


@agent_app.command("rotate")
def agent_rotate(name: Annotated[str, typer.Argument(help="The agent's name.")]) -> None:
    """Give an agent a new token (the old one stops working)."""
    with shopbot_errors(), _desk() as (_, agents):
        token = agents.rotate(name)
    typer.echo(token)


@agent_app.command("remove")
def agent_remove(name: Annotated[str, typer.Argument(help="The agent's name.")]) -> None:
    """Switch an agent's token off."""
    with shopbot_errors(), _desk() as (_, agents):
        agents.deactivate(name)
    stderr.print(f"Agent {escape(name)} can no longer sign in.")


@agent_app.command("list")
def agent_list(json_output: JsonOption = False) -> None:
    """Every agent."""
    with shopbot_errors(), _desk() as (_, agents):
        found = agents.list()
    if json_output:
        print_json([asdict(agent) for agent in found])
        return
    table = Table("agent", "active", "added")
    for agent in found:
        active = "yes" if agent.active else "no"
        table.add_row(escape(agent.name), active, f"{agent.created_at:%Y-%m-%d}")
    stdout.print(table)


@app.command("list")
def list_tickets(
    status: Annotated[
        str, typer.Option("--status", help="active (open and assigned), open, assigned, closed.")
    ] = "active",
    agent: SeenByOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_PAGE_SIZE, help="Tickets on the page.")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="The next page (printed after a page).")
    ] = None,
    queue: Annotated[
        bool,
        typer.Option(
            "--queue",
            help="The tickets nobody has taken, in the order to take them: longest wait "
            "plus the customer's tier head start first (docs/handover.md).",
        ),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Tickets waiting for a person, or with one: newest activity first, a page at a time
    (or, with --queue, the untaken ones in queue order)."""
    if status not in _STATUSES:
        fail(f"--status is one of {', '.join(_STATUSES)}", code=2)
    try:
        after = Cursor.decode(cursor) if cursor else None
    except ValueError:
        fail("--cursor is not one this command printed", code=2)
    with shopbot_errors(), _desk() as (desk, _agents):
        page = (
            TicketPage(desk.queue(limit), None)
            if queue
            else desk.tickets(_STATUSES[status], agent=agent, limit=limit, after=after)
        )
    tickets = page.tickets
    if json_output:
        print_json(
            {"tickets": [ticket.to_dict() for ticket in tickets], "next_cursor": page.next_cursor}
        )
        return
    table = Table("ticket", "status", "tier", "agent", "reason", "channel", "lang", "opened (UTC)")
    for ticket in tickets:
        table.add_row(
            ticket.ticket_number,
            ticket.status,
            ticket.value_tier or "-",
            escape(ticket.assigned_agent or "-"),
            ticket.reason,
            ticket.channel,
            ticket.language,
            f"{ticket.created_at:%Y-%m-%d %H:%M}",
        )
    stdout.print(table)
    if page.next_cursor:
        stderr.print(f"More: shopbot handover list --cursor {page.next_cursor}")


@app.command("show")
def show(
    ticket_number: Annotated[str, typer.Argument(help="The ticket, e.g. T-000012.")],
    agent: SeenByOption = None,
    json_output: JsonOption = False,
) -> None:
    """A ticket and its conversation (a closed ticket's, up to its closing)."""
    with shopbot_errors(), _desk() as (desk, _agents):
        detail = desk.detail(ticket_number, agent)
    if json_output:
        print_json(
            {
                "ticket": detail.ticket.to_dict(),
                "paused": detail.paused,
                "transcript": [line.to_dict() for line in detail.transcript],
            }
        )
        return
    ticket = detail.ticket
    stdout.print(
        f"[bold]{ticket.ticket_number}[/]  {ticket.status}  reason: {ticket.reason}  "
        f"tier: {ticket.value_tier or '-'}  "
        f"channel: {ticket.channel}  language: {ticket.language}  "
        f"agent: {escape(ticket.assigned_agent or '-')}  "
        f"bot: {_bot_state(detail.paused)}"
    )
    for line in detail.transcript:
        who = line.author or line.speaker
        style = _SPEAKER_STYLE[line.speaker]
        stdout.print(f"[dim]{line.at:%H:%M:%S}[/] [{style}]{escape(who):>8}[/] {escape(line.text)}")


def _bot_state(paused: bool | None) -> str:
    if paused is None:
        return "- (ticket closed)"
    return "paused" if paused else "active"


@app.command("take")
def take(ticket_number: str, agent: AgentOption) -> None:
    """Take a ticket: it is yours, and the shopper hears that a person joined."""
    with shopbot_errors(), _desk() as (desk, agents):
        ticket = desk.take(ticket_number, _known_agent(agents, agent))
    stderr.print(f"{ticket.ticket_number} is now {escape(agent)}'s.")


@app.command("say")
def say(
    ticket_number: str,
    text: Annotated[str, typer.Argument(help="The message to the shopper.")],
    agent: AgentOption,
) -> None:
    """Send a message to the shopper, on the channel they wrote on."""
    with shopbot_errors(), _desk() as (desk, agents):
        desk.say(ticket_number, _known_agent(agents, agent), text)
    stderr.print("Sent.")


@app.command("handback")
def handback(ticket_number: str, agent: AgentOption) -> None:
    """Close the ticket and give the conversation back to the bot."""
    with shopbot_errors(), _desk() as (desk, agents):
        ticket = desk.hand_back(ticket_number, _known_agent(agents, agent))
    stderr.print(f"{ticket.ticket_number} closed; the bot has the conversation again.")
