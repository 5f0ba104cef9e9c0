"""``python -m shopbot.web [--host H] [--port N] [--rasa-url URL]``: the web server."""

from __future__ import annotations

import typer

from shopbot.cli.web import serve

__all__: list[str] = []

if __name__ == "__main__":
    typer.run(serve)
