"""``shopbot chat``: talk to the running assistant from a terminal, over the REST channel.

The REST channel needs the Rasa token (bot/channels/rest.py): ``--token``, else
``SHOPBOT_RASA_TOKEN``, else the one ``make run`` wrote to ``var/secrets.env``.
"""

from __future__ import annotations

import secrets
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.markup import escape

from core.settings import get_settings
from shop.rasa_api import BotMessage, RasaClient
from shopbot.cli.rasa_token import rasa_token

__all__ = ["chat"]

console = Console()


def _problem(error: httpx.HTTPError) -> str:
    """What to tell the person at the terminal about a failed turn."""
    if isinstance(error, httpx.HTTPStatusError):
        status = error.response.status_code
        if status == 401:
            return "The REST channel refused the token (see SHOPBOT_RASA_TOKEN)."
        if status in (413, 429):
            try:
                return str(error.response.json().get("message") or status)
            except ValueError:
                return f"Refused ({status})."
    return f"The assistant did not answer ({type(error).__name__}). Is `make run` up?"


def _show(messages: list[BotMessage]) -> list[dict[str, str]]:
    buttons: list[dict[str, str]] = []
    for message in messages:
        if message.get("text"):
            console.print(f"[bold cyan]bot[/] {message['text']}", markup=True, highlight=False)
        for button in message.get("buttons") or []:
            buttons.append(button)
            console.print(
                f"     [dim]{len(buttons)}.[/] {button.get('title', '')}", highlight=False
            )
    return buttons


def chat(
    url: Annotated[str, typer.Option(help="Base URL of the Rasa server.")] = "",
    sender: Annotated[str, typer.Option(help="Conversation id (default: a new random one).")] = "",
    token: Annotated[
        str, typer.Option(help="The Rasa token (default: SHOPBOT_RASA_TOKEN or make run's).")
    ] = "",
) -> None:
    """Chat with the assistant. Type a button's number to press it; Ctrl-D or /quit to leave."""
    base_url = url or get_settings().rasa_url
    conversation = sender or f"cli-{secrets.token_hex(8)}"
    console.print(f"[dim]Talking to {base_url} as {conversation}. Ctrl-D to leave.[/]")
    buttons: list[dict[str, str]] = []
    with RasaClient(base_url, token=rasa_token(token)) as client:
        while True:
            try:
                text = console.input("[bold green]you[/] ").strip()
            except (EOFError, KeyboardInterrupt):
                console.print()
                return
            if text in {"/quit", "/exit"}:
                return
            if not text:
                continue
            if text.isdigit() and 0 < int(text) <= len(buttons):
                text = buttons[int(text) - 1].get("payload", text)
            try:
                buttons = _show(client.send(conversation, text))
            except httpx.HTTPError as error:
                console.print(f"[red]{escape(_problem(error))}[/]", highlight=False)
