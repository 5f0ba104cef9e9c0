"""``python -m shopbot.web [--host H] [--port N] [--rasa-url URL]``: the web server."""

from __future__ import annotations

import argparse
import sys

from core.errors import ShopbotError
from shopbot.web.server import serve

__all__: list[str] = []


def main(argv: list[str] | None = None) -> int:
    """Parse the options and serve; a configuration error is one line on stderr."""
    parser = argparse.ArgumentParser(prog="python -m shopbot.web", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--rasa-url", default="", help="the Rasa server as browsers reach it")
    options = parser.parse_args(argv)
    try:
        serve(options.host, options.port, options.rasa_url or None)
    except ShopbotError as error:
        print(f"shopbot web: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
