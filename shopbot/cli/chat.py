"""``shopbot chat``: talk to the running assistant from a terminal, over the REST channel."""

from __future__ import annotations

import secrets
from typing import Annotated

import httpx
import typer
from rich.console import Console

from core.settings import get_settings
from shop.rasa_api import BotMessage, RasaClient

__all__ = ["chat"]

console = Console()


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
) -> None:
    """Chat with the assistant. Type a button's number to press it; Ctrl-D or /quit to leave."""
    base_url = url or get_settings().rasa_url
    conversation = sender or f"cli-{secrets.token_hex(8)}"
    console.print(f"[dim]Talking to {base_url} as {conversation}. Ctrl-D to leave.[/]")
    buttons: list[dict[str, str]] = []
    with RasaClient(base_url) as client:
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
                reason = type(error).__name__
                console.print(f"[red]The assistant did not answer ({reason}). Is `make run` up?[/]")
