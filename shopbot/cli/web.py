"""``shopbot web``: serve the demo shop page, the chat widget and the hand-over API."""

from __future__ import annotations

from typing import Annotated

import typer

from shopbot.cli.output import shopbot_errors
from shopbot.web.server import serve as run_server

__all__ = ["serve"]


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless a proxy is in front).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    rasa_url: Annotated[
        str,
        typer.Option(
            "--rasa-url",
            help="The Rasa server as the shoppers' browsers reach it "
            "(default: SHOPBOT_PUBLIC_RASA_URL if set, else SHOPBOT_RASA_URL).",
        ),
    ] = "",
) -> None:
    """Serve the demo shop page (/), the widget (/widget/), socket.io-client (/vendor/) and
    the hand-over API; the page's widget talks to the Rasa server's socket.io channel."""
    with shopbot_errors():
        run_server(host, port, rasa_url or None)
