"""Small helpers every console handler uses: JSON or HTML, errors, redirects, threads."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from sanic import Request
from sanic.response import HTTPResponse, json, redirect

__all__ = ["API_PREFIX", "in_thread", "json_error", "see_other", "wants_json"]

T = TypeVar("T")
API_PREFIX = "/console/api/"


def wants_json(request: Request) -> bool:
    """True for the JSON API (``/console/api/...``) and requests that accept only JSON or
    an event stream (scripts), False for pages a browser navigates to."""
    if request.path.startswith(API_PREFIX):
        return True
    accept = request.headers.get("accept", "").lower()
    if "text/html" in accept:
        return False
    return "application/json" in accept or "text/event-stream" in accept


def json_error(status: int, code: str, message: str) -> HTTPResponse:
    """``{"error": code, "message": message}`` with ``status`` (never echoes the request)."""
    return json({"error": code, "message": message}, status=status)


def see_other(location: str) -> HTTPResponse:
    """A 303 redirect to a path of this server (after a form's POST)."""
    return redirect(location, status=303)


async def in_thread(function: Callable[..., T], *args: Any) -> T:
    """Run blocking work (the database, argon2) off the event loop."""
    return await asyncio.to_thread(function, *args)
