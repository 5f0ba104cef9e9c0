"""The services the actions use, built once per process from the settings.

Tests swap them with :func:`use_services` (a real SQLite database, never a mock of it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from knowledge.policy import PolicyDocument, load_policy
from shopbot.db.database import Database
from shopbot.settings import Settings, get_settings
from shopbot.shop.handover import HandoverService
from shopbot.shop.orders import OrderService
from shopbot.shop.returns import ReturnService
from shopbot.shop.verification import VerificationService

__all__ = ["Services", "get_services", "use_services"]


@dataclass(frozen=True)
class Services:
    """Everything an action may call, sharing one database."""

    settings: Settings
    database: Database
    orders: OrderService
    verification: VerificationService
    returns: ReturnService
    handover: HandoverService

    @classmethod
    def build(cls, settings: Settings, database: Database | None = None) -> Services:
        """Services over ``database`` (default: the one ``settings.database_url`` names)."""
        database = database or Database(settings.database_url)
        facts = load_policy(settings.policy_dir).facts
        return cls(
            settings=settings,
            database=database,
            orders=OrderService(database),
            verification=VerificationService(database, settings),
            returns=ReturnService(database, return_window_days=facts.return_window_days),
            handover=HandoverService(database),
        )

    def policy(self, language: str | None = None) -> PolicyDocument:
        """The store policy in ``language`` (English when we have no translation)."""
        return load_policy(self.settings.policy_dir, language or "en")


_override: Services | None = None


@lru_cache(maxsize=1)
def _default_services() -> Services:
    return Services.build(get_settings())


def get_services() -> Services:
    """The services of this process."""
    return _override or _default_services()


def use_services(services: Services | None) -> None:
    """Make every action use ``services`` (None restores the defaults)."""
    global _override
    _override = services
