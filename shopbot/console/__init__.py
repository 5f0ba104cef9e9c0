"""The support console, served by ``shopbot web`` under ``/console``.

:func:`console_blueprints` builds every console blueprint; ``shopbot.web.app.create_app``
registers them. Each blueprint factory takes the :class:`~shopbot.console.auth.ConsoleState`
(settings, database, accounts) and is listed once in :data:`BLUEPRINT_FACTORIES`; every
route it defines is wrapped by :func:`shopbot.console.auth.requires` and, before that, by
the console's gate (no session, no page: :func:`shopbot.console.auth.console_gate`).
"""

from __future__ import annotations

from collections.abc import Callable

from sanic import Blueprint

from core.db.database import Database
from core.settings import Settings
from shop.accounts import Accounts
from shopbot.console.api_admin import admin_api_blueprint
from shopbot.console.auth import ConsoleState, console_gate, requires
from shopbot.console.headers import apply_console_headers
from shopbot.console.pages_admin import admin_blueprint
from shopbot.console.pages_analytics import analytics_blueprint
from shopbot.console.pages_auth import auth_blueprint
from shopbot.console.pages_conversations import conversations_blueprint
from shopbot.console.pages_inbox import inbox_blueprint

__all__ = [
    "BLUEPRINT_FACTORIES",
    "ConsoleState",
    "apply_console_headers",
    "console_blueprints",
    "requires",
]

BlueprintFactory = Callable[[ConsoleState], Blueprint]

# --- The console's parts: one line each. ------------------------------------------------
BLUEPRINT_FACTORIES: tuple[BlueprintFactory, ...] = (
    auth_blueprint,  # sign-in, sign-out, home, /api/me, static files
    admin_blueprint,  # users, privacy page
    admin_api_blueprint,  # reveal, erase
    conversations_blueprint,  # conversations, transcript, annotations, corrections, exports
    analytics_blueprint,  # the analytics dashboard, its JSON and CSV
    inbox_blueprint,  # the agent inbox: tickets, take, reply, hand back, live updates
)
#: The gate runs before any other request middleware of a console blueprint.
_GATE_PRIORITY = 1000


def console_blueprints(settings: Settings, database: Database) -> list[Blueprint]:
    """Every console blueprint, each behind the console's gate.

    Raises :class:`core.errors.ConfigurationError` when ``SHOPBOT_CLIENT_KEY_SECRET`` (the key
    of the sign-in throttle's hashes) is not set.
    """
    state = ConsoleState(settings, database, Accounts.build(database, settings))
    gate = console_gate(state)
    blueprints = [factory(state) for factory in BLUEPRINT_FACTORIES]
    for blueprint in blueprints:
        blueprint.on_request(gate, priority=_GATE_PRIORITY)
    return blueprints
