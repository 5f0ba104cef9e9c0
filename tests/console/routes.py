"""Every ``/console`` route of the web app, with a concrete URL to request it by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sanic import Sanic

from shop.accounts import Role

__all__ = ["ConsoleRoute", "console_routes"]

_PARAMETER = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_]+))?>")
#: Values for path parameters, by name (anything else: "x", or 1 for numbers).
SAMPLES = {"username": "ada", "conversation_id": "web-reveal-1", "name": "console.js"}


@dataclass(frozen=True)
class ConsoleRoute:
    """One method of one console route, the URL to try and the role it requires (if any)."""

    method: str
    url: str
    role: Role | None

    def __str__(self) -> str:
        return f"{self.method} {self.url}"


def _url(path: str) -> str:
    def sample(match: re.Match[str]) -> str:
        name, kind = match.group(1), match.group(2) or "str"
        if kind in ("int", "float", "number"):
            return "1"
        return SAMPLES.get(name, "x")

    return "/" + _PARAMETER.sub(sample, path)


def console_routes(app: Sanic[Any, Any]) -> list[ConsoleRoute]:
    """Each method of each route under ``/console`` of ``app``."""
    found = []
    for route in app.router.routes:
        if not (route.path == "console" or route.path.startswith("console/")):
            continue
        role = getattr(route.handler, "console_role", None)
        for method in sorted(route.methods):
            found.append(ConsoleRoute(method, _url(route.path), role))
    return sorted(found, key=str)
