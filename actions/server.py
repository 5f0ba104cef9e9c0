"""The action server, hardened: loopback by default, a shared-secret header, no CORS, and
errors that never echo the request (rasa-sdk's own handler returns the whole tracker).

Run with ``python -m actions.server`` (``make run`` does). It refuses to start without a
real ``SHOPBOT_ACTION_TOKEN`` and ``SHOPBOT_CLIENT_KEY_SECRET`` (core.secret_rules), in
every environment: one line on stderr, exit code 2. A request whose token header is
missing, empty or wrong gets 401. (Responses are rendered inside the Rasa server, bot/nlg.py.)

The server is one process with one event loop (Sanic, ``single_process``); the actions run
on a pool of ``SHOPBOT_ACTION_THREADS`` threads (actions/threads.py), so a slow database,
search or encoder call in one conversation does not hold another conversation's action.
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
import threading
import time
from typing import Any

from rasa_sdk.endpoint import create_app
from sanic import Request, Sanic
from sanic.handlers import ErrorHandler
from sanic.response import HTTPResponse, json

from actions.threads import ActionThreads, ThreadedActionExecutor
from core.errors import ShopbotError
from core.redaction import install_redacting_filter, install_redacting_record_factory
from core.settings import Settings, get_settings

__all__ = ["TOKEN_HEADER", "build_app", "main", "warm_up_catalog"]

logger = logging.getLogger(__name__)
TOKEN_HEADER = "X-Shopbot-Action-Token"  # noqa: S105 - a header name, not a secret
_OPEN_PATHS = frozenset({"/health"})


def build_app(settings: Settings) -> Sanic[Any, Any]:
    """The rasa-sdk Sanic app with shopbot's actions and its guards.

    Raises :class:`core.errors.ConfigurationError` when the action token or the key of the
    network clients' pseudonyms (every order check needs it) is not set."""
    expected = settings.require_secret("action_token").encode()
    settings.require_secret("client_key_secret")
    threads = ActionThreads(settings.action_threads)
    executor = ThreadedActionExecutor(threads)
    executor.register_package("actions")
    app: Sanic[Any, Any] = create_app(executor, cors_origins=None)
    app.ctx.action_threads = threads
    app.ctx.action_executor = executor

    @app.after_server_stop
    async def stop_action_threads(_app: Sanic[Any, Any]) -> None:
        threads.shutdown()

    @app.on_request(priority=100)  # type: ignore[untyped-decorator, call-arg]
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in _OPEN_PATHS:
            return None
        given = (request.headers.get(TOKEN_HEADER) or "").encode()
        if not given or not hmac.compare_digest(given, expected):
            logger.warning("action call refused: missing or wrong token")
            return json({"error": "unauthorized"}, status=401)
        return None

    # Replaces rasa-sdk's handler, which answers errors with the whole request body.
    app.error_handler = SafeErrorHandler()
    return app


class SafeErrorHandler(ErrorHandler):
    """Errors as a status and a generic message; details only in the (redacted) log."""

    def default(self, request: Request, exception: Exception) -> HTTPResponse:
        """Answer any unhandled error without echoing the request."""
        status = int(getattr(exception, "status_code", 500))
        if status >= 500:
            logger.error("action server error: %s", type(exception).__name__, exc_info=exception)
        return json({"error": "action failed" if status >= 500 else "bad request"}, status=status)


def warm_up_catalog() -> None:
    """Open the product search (catalog, index, encoder) so the first shopper who asks
    for a product does not wait for it; a failure is logged and retried on first use."""
    from actions.services import get_services

    start = time.perf_counter()
    try:
        size = get_services().catalog.size
    except Exception:  # logged; the first search tries again
        logger.warning("product search not ready; it will be opened on first use", exc_info=True)
        return
    logger.info("product search ready: %d products in %.1f s", size, time.perf_counter() - start)


def main() -> int:
    """Start the action server on the configured (loopback) address; 2 with one line on
    stderr when the settings are unusable (no action token, for one)."""
    logging.basicConfig(
        level=os.environ.get("SHOPBOT_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_redacting_filter()
    install_redacting_record_factory()  # also what Sanic's own handlers write
    try:
        settings = get_settings()
        app = build_app(settings)
    except ShopbotError as error:
        print(f"actions.server: {error}", file=sys.stderr)
        return 2
    threading.Thread(target=warm_up_catalog, name="catalog-warm-up", daemon=True).start()
    app.run(
        host=settings.action_host,
        port=settings.action_port,
        single_process=True,
        access_log=False,
        motd=False,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
