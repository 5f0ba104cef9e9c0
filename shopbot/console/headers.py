"""Security headers of every ``/console`` response: a strict CSP and no caching.

The console's pages load scripts and styles only from this server (``script-src 'self'``,
no inline scripts or styles), fetch and stream only from it, and are never framed.
Authenticated pages and API answers are ``Cache-Control: no-store``; static files may be
revalidated (``no-cache``). No referrer leaves for another site (conversation ids are in
URLs); same-origin requests keep theirs, so browsers send a real ``Origin`` with forms.
"""

from __future__ import annotations

from sanic import Request
from sanic.response import BaseHTTPResponse

__all__ = ["CONSOLE_CSP", "CONSOLE_PREFIX", "apply_console_headers", "is_console_path"]

CONSOLE_PREFIX = "/console"
CONSOLE_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
_STATIC_PREFIX = f"{CONSOLE_PREFIX}/static/"


def is_console_path(path: str) -> bool:
    """True for ``/console`` and everything under it."""
    return path == CONSOLE_PREFIX or path.startswith(CONSOLE_PREFIX + "/")


def apply_console_headers(request: Request, response: BaseHTTPResponse) -> None:
    """Set the console's headers on a response to a ``/console`` request."""
    if not is_console_path(request.path):
        return
    response.headers["Content-Security-Policy"] = CONSOLE_CSP
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    if request.path.startswith(_STATIC_PREFIX):
        response.headers["Cache-Control"] = "no-cache"
    else:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
