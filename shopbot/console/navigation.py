"""The console's navigation: the pages each role may open, and each role's start page.

A page shows in the navigation only when the user's role admits it and a route serves it,
so parts of the console that are not there yet never leave a dead link. Add a page with one
line in :data:`NAV_ITEMS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanic import Request
from sanic.exceptions import MethodNotAllowed, NotFound

from shop.accounts import Role, UserView

__all__ = ["NAV_ITEMS", "START_PAGES", "NavItem", "NavLink", "navigation", "routed", "start_page"]


@dataclass(frozen=True)
class NavItem:
    """A page of the console, the least role that may open it."""

    label: str
    path: str
    role: Role


@dataclass(frozen=True)
class NavLink:
    """A link of the navigation as the template draws it."""

    label: str
    path: str
    current: bool


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Inbox", "/console/inbox", Role.AGENT),
    NavItem("Conversations", "/console/conversations", Role.LEAD),
    NavItem("Corrections", "/console/corrections", Role.LEAD),
    NavItem("Analytics", "/console/analytics", Role.LEAD),
    NavItem("Users", "/console/users", Role.ADMIN),
    NavItem("Privacy", "/console/privacy", Role.ADMIN),
)
#: Where each role lands after signing in (``/console``).
START_PAGES: dict[Role, str] = {
    Role.AGENT: "/console/inbox",
    Role.LEAD: "/console/conversations",
    Role.ADMIN: "/console/conversations",
}


def routed(request: Request, path: str) -> bool:
    """True when the app answers ``GET path`` with a route."""
    try:
        request.app.router.get(path, "GET", None)
    except (NotFound, MethodNotAllowed):
        return False
    return True


def navigation(request: Request, user: UserView | None) -> list[NavLink]:
    """The links ``user`` may follow, the current page marked."""
    if user is None:
        return []
    return [
        NavLink(item.label, item.path, request.path.startswith(item.path))
        for item in NAV_ITEMS
        if user.role.admits(item.role) and routed(request, item.path)
    ]


def start_page(request: Request, user: UserView) -> str | None:
    """The start page of the user's role, or None while no route serves it yet."""
    path = START_PAGES[user.role]
    return path if routed(request, path) else None
