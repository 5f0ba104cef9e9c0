"""The web server of the shop page and the chat widget (Sanic).

Routes:

- ``GET /``: the demo shop page (``web/demo/index.html``) with the widget's tag pointing at
  the Rasa server as the browser reaches it and the catalog's products as its tiles
  (:mod:`shopbot.web.showcase`: their pictures, prices in the storefront currency);
- ``GET /demo/<file>``, ``GET /widget/<file>``: the files of ``web/demo`` and ``web/widget``,
  by name only (no sub-folders, no dot files, no directory listing, a fixed set of types);
- ``GET /vendor/socket.io.min.js``: socket.io-client from ``web/node_modules``
  (``scripts/web_assets.sh`` installs it from the committed lock file); likewise
  ``GET /vendor/chart.umd.js``, Chart.js for the console's analytics;
- ``GET /images/products/<category>/<colour>.svg``: the demo catalog's product pictures
  (:mod:`shopbot.web.pictures`);
- ``GET /health``;
- the hand-over API for support agents (:func:`shopbot.web.handover_api.handover_blueprint`);
- ``/console/...``: the support console (:func:`shopbot.console.console_blueprints`), with
  its own stricter headers (:func:`shopbot.console.apply_console_headers`);
- in the background (setting ``follow_events``): the consumer that folds Rasa's new events
  into the console's conversation summaries (:func:`shop.conversations.follow_in_background`).

Every response carries security headers; the page's Content-Security-Policy lets scripts,
styles and connections go only to this server and the Rasa server. The app is not built
without the secrets it uses (the Rasa token of the hand-over API), in any environment.
"""

from __future__ import annotations

import html
import itertools
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sanic import Request, Sanic
from sanic.response import BaseHTTPResponse, HTTPResponse, json, raw

from core.db.database import Database
from core.errors import ConfigurationError
from core.settings import PROJECT_ROOT, SecretName, Settings
from knowledge.catalog.currencies import Storefront
from shop.conversations import follow_in_background
from shopbot.console import apply_console_headers, console_blueprints
from shopbot.served_files import plain_file
from shopbot.web.handover_api import handover_blueprint
from shopbot.web.pictures import pictures_blueprint
from shopbot.web.showcase import SHOWCASE_PLACEHOLDER, Showcase

__all__ = [
    "CONTENT_TYPES",
    "RASA_URL_PLACEHOLDER",
    "VENDOR_FILES",
    "WEB_ROOT",
    "WEB_SECRETS",
    "content_security_policy",
    "create_app",
    "public_origin",
    "security_headers",
]

logger = logging.getLogger(__name__)

WEB_ROOT = PROJECT_ROOT / "web"
#: The text in ``web/demo/index.html`` replaced by the Rasa server's public URL.
RASA_URL_PLACEHOLDER = "__SHOPBOT_RASA_URL__"
CONTENT_TYPES: Mapping[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}
#: ``/vendor/<name>`` → the file under ``web/`` it serves.
VENDOR_FILES: Mapping[str, str] = {
    "socket.io.min.js": "node_modules/socket.io-client/dist/socket.io.min.js",
    "socket.io.min.js.map": "node_modules/socket.io-client/dist/socket.io.min.js.map",
    "chart.umd.js": "node_modules/chart.js/dist/chart.umd.js",  # the console's analytics
    "chart.umd.js.map": "node_modules/chart.js/dist/chart.umd.js.map",
}
_APP_NUMBER = itertools.count(1)
_CACHE = {"page": "no-cache", "asset": "public, max-age=300", "vendor": "public, max-age=86400"}
#: The secrets the web server uses: it refuses to start without them.
WEB_SECRETS: tuple[SecretName, ...] = ("rasa_token",)


def public_origin(url: str) -> tuple[str, str]:
    """``(http_origin, websocket_origin)`` of an http(s) URL (ConfigurationError otherwise)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ConfigurationError(f"not a URL: {url!r}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"the Rasa server's public URL must be http(s): {url!r}")
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{port}" if port is not None else "")
    websocket = "wss" if parts.scheme == "https" else "ws"
    return f"{parts.scheme}://{netloc}", f"{websocket}://{netloc}"


def content_security_policy(rasa_url: str) -> str:
    """The page's CSP: everything from this server, connections also to the Rasa server,
    images also from https (product images live on the shop's image host)."""
    http_origin, websocket_origin = public_origin(rasa_url)
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: https:",
            "font-src 'self'",
            f"connect-src 'self' {http_origin} {websocket_origin}",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(rasa_url: str) -> dict[str, str]:
    """Headers every response gets."""
    return {
        "Content-Security-Policy": content_security_policy(rasa_url),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


def _folder_file(folder: Path, name: str) -> Path | None:
    """``folder/name`` if ``name`` is a plain file name of a served type inside ``folder``."""
    return plain_file(folder, name, CONTENT_TYPES)


def _serve(path: Path | None, cache: str) -> HTTPResponse:
    if path is None:
        return json({"error": "not found"}, status=404)
    try:
        body = path.read_bytes()
    except OSError:
        return json({"error": "not found"}, status=404)
    return raw(
        body,
        content_type=CONTENT_TYPES[path.suffix],
        headers={"Cache-Control": cache},
    )


def render_page(template: str, rasa_url: str, tiles: str = "") -> str:
    """The demo page with the widget pointed at ``rasa_url`` (HTML-escaped) and the product
    tiles ``tiles`` (HTML, :func:`shopbot.web.showcase.render_tiles`)."""
    page = template.replace(RASA_URL_PLACEHOLDER, html.escape(rasa_url.rstrip("/"), quote=True))
    return page.replace(SHOWCASE_PLACEHOLDER, tiles)


def create_app(
    settings: Settings,
    *,
    rasa_public_url: str | None = None,
    web_root: Path = WEB_ROOT,
) -> Sanic[Any, Any]:
    """The web app. ``rasa_public_url``: the Rasa server as browsers reach it (default:
    the ``public_rasa_url`` setting if there is one, else ``settings.rasa_url``).
    Raises :class:`ConfigurationError` when a secret it uses is not set."""
    for secret in WEB_SECRETS:
        settings.require_secret(secret)
    rasa_url = (
        rasa_public_url or getattr(settings, "public_rasa_url", None) or settings.rasa_url
    ).rstrip("/")
    headers = security_headers(rasa_url)  # raises ConfigurationError on a bad URL
    demo, widget = web_root / "demo", web_root / "widget"
    vendor = {name: web_root / relative for name, relative in VENDOR_FILES.items()}
    if not vendor["socket.io.min.js"].is_file():
        logger.warning(
            "web/node_modules has no socket.io-client: the widget cannot connect. "
            "Run scripts/web_assets.sh (npm ci in web/)."
        )

    database = Database(settings.database_url)
    showcase = Showcase(database, Storefront.from_settings(settings))
    app: Sanic[Any, Any] = Sanic(f"shopbot_web_{next(_APP_NUMBER)}", configure_logging=False)
    app.config.FALLBACK_ERROR_FORMAT = "json"
    app.config.KEEP_ALIVE_TIMEOUT = 15

    @app.route("/", methods=["GET", "HEAD"])
    async def page(request: Request) -> HTTPResponse:
        try:
            template = (demo / "index.html").read_text(encoding="utf-8")
        except OSError:
            return json({"error": "not found"}, status=404)
        return raw(
            render_page(template, rasa_url, showcase.html()).encode(),
            content_type=CONTENT_TYPES[".html"],
            headers={"Cache-Control": _CACHE["page"]},
        )

    @app.route("/demo/<name:str>", methods=["GET", "HEAD"])
    async def demo_file(request: Request, name: str) -> HTTPResponse:
        return _serve(_folder_file(demo, name), _CACHE["asset"])

    @app.route("/widget/<name:str>", methods=["GET", "HEAD"])
    async def widget_file(request: Request, name: str) -> HTTPResponse:
        return _serve(_folder_file(widget, name), _CACHE["asset"])

    @app.route("/vendor/<name:str>", methods=["GET", "HEAD"])
    async def vendor_file(request: Request, name: str) -> HTTPResponse:
        path = vendor.get(name)
        return _serve(path if path is not None and path.is_file() else None, _CACHE["vendor"])

    @app.route("/health", methods=["GET", "HEAD"])
    async def health(request: Request) -> HTTPResponse:
        return json({"status": "ok"})

    app.blueprint(pictures_blueprint())
    app.blueprint(handover_blueprint(settings))
    for console_blueprint in console_blueprints(settings, database):
        app.blueprint(console_blueprint)

    if settings.follow_events:  # the console's conversation summaries (docs/console.md)

        @app.after_server_start
        async def follow_conversations(app: Sanic[Any, Any]) -> None:
            app.add_task(follow_in_background(settings), name="conversation-summaries")

    async def add_headers(request: Request, response: BaseHTTPResponse) -> None:
        apply_console_headers(request, response)  # only on /console: strict CSP, no-store
        for name, value in headers.items():
            if name not in response.headers:
                response.headers[name] = value

    app.register_middleware(add_headers, "response")
    return app
