"""Starting the web server: logging through the redacting filter, then Sanic in one process."""

from __future__ import annotations

import logging
import os

from core.redaction import install_redacting_filter, install_redacting_record_factory
from core.settings import get_settings

__all__ = ["serve"]


def serve(host: str = "127.0.0.1", port: int = 8000, rasa_url: str | None = None) -> None:
    """Serve the demo shop page, the widget, socket.io-client and the hand-over API until
    stopped. ``rasa_url`` is the Rasa server as browsers reach it (settings otherwise).
    Raises :class:`core.errors.ConfigurationError` when the settings are unusable (a secret
    the server uses is not set, for one)."""
    from shopbot.web.app import create_app

    logging.basicConfig(
        level=os.environ.get("SHOPBOT_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_redacting_filter()
    install_redacting_record_factory()  # also what Sanic's own handlers write
    app = create_app(get_settings(), rasa_public_url=rasa_url or None)
    app.run(host=host, port=port, single_process=True, access_log=False, motd=False)
