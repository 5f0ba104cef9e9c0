"""The console's pages: Jinja2 templates (``shopbot/console/templates``, autoescaped).

Every page extends ``base.html`` (blocks ``title``, ``content``, ``scripts``) and gets
``user``, ``csrf_token`` and ``nav`` from :func:`render_page`; data for page scripts goes
into ``data-`` attributes or JSON endpoints (the CSP allows no inline script).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sanic import Request
from sanic.response import HTTPResponse, html

from core.redaction import redact
from shopbot.console.navigation import navigation

__all__ = ["TEMPLATES", "TEMPLATES_DIR", "error_page", "render_page"]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _utc(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


def _iso(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat()


TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
TEMPLATES.filters.update(redact=redact, utc=_utc, iso=_iso)


def render_page(
    request: Request, template: str, *, status: int = 200, **context: Any
) -> HTTPResponse:
    """``template`` rendered for the signed-in user (or the sign-in page without one)."""
    user = getattr(request.ctx, "user", None)
    values: dict[str, Any] = {
        "user": user,
        "csrf_token": getattr(request.ctx, "csrf_token", ""),
        "nav": navigation(request, user),
    }
    values.update(context)
    return html(TEMPLATES.get_template(template).render(values), status=status)


def error_page(request: Request, status: int, heading: str, message: str) -> HTTPResponse:
    """A plain page that says what went wrong (403, 404, ...)."""
    return render_page(request, "error.html", status=status, heading=heading, message=message)
