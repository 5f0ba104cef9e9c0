"""``shopbot web``: serve the demo shop page, the chat widget and the hand-over API."""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

from shopbot.cli.output import shopbot_errors
from shopbot.redaction import install_redacting_filter
from shopbot.settings import get_settings

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
    from shopbot.web.app import create_app

    logging.basicConfig(
        level=os.environ.get("SHOPBOT_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_redacting_filter()
    with shopbot_errors():
        app = create_app(get_settings(), rasa_public_url=rasa_url or None)
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)
