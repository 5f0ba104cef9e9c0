"""The services the actions use, built once per process from the settings.

Tests swap them with :func:`use_services` (a real SQLite database, never a mock of it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from core.db.database import Database
from core.settings import Settings, get_settings
from knowledge.policy import PolicyDocument, load_policy
from shop.customer_value.service import TierLookup, tier_head_starts
from shop.handover import ClientLimit, HandoverService
from shop.orders import OrderService
from shop.recommendations import RecommendationService
from shop.returns import ReturnService
from shop.verification import VerificationService

if TYPE_CHECKING:
    from knowledge.search import ProductSearch

__all__ = ["LazyCatalog", "Services", "get_services", "use_services"]


class LazyCatalog:
    """The product search, built on first use (loading the catalog and its index takes
    seconds); a failed build is not remembered, so the next call tries again."""

    def __init__(self, build: Callable[[], ProductSearch]) -> None:
        self._build = build
        self._search: ProductSearch | None = None
        self._lock = threading.Lock()

    def get(self) -> ProductSearch:
        """The search, building it now if needed (raises what the build raises)."""
        if self._search is None:
            with self._lock:
                if self._search is None:
                    self._search = self._build()
        return self._search


@dataclass(frozen=True)
class Services:
    """Everything an action may call, sharing one database."""

    settings: Settings
    database: Database
    orders: OrderService
    verification: VerificationService
    returns: ReturnService
    handover: HandoverService
    recommendations: RecommendationService
    tiers: TierLookup
    _catalog: LazyCatalog = field(repr=False, compare=False)

    @classmethod
    def build(
        cls,
        settings: Settings,
        database: Database | None = None,
        catalog: ProductSearch | None = None,
    ) -> Services:
        """Services over ``database`` (default: the one ``settings.database_url`` names).

        ``catalog`` is a product search already built (tests share one); by default it is
        opened from ``database`` on first use.
        """
        database = database or Database(settings.database_url, connections=settings.action_threads)
        facts = load_policy(settings.policy_dir).facts
        return cls(
            settings=settings,
            database=database,
            orders=OrderService(database),
            verification=VerificationService(database, settings),
            returns=ReturnService(database, return_window_days=facts.return_window_days),
            handover=HandoverService(
                database,
                client_limit=ClientLimit(
                    settings.handover_client_limit, settings.handover_client_window_minutes
                ),
                head_starts=tier_head_starts(settings),
            ),
            tiers=TierLookup(database),
            recommendations=RecommendationService(database),
            _catalog=LazyCatalog(
                (lambda: catalog) if catalog is not None else _opener(database, settings)
            ),
        )

    @property
    def catalog(self) -> ProductSearch:
        """The product search over the active catalog (opened on first use; raises
        :class:`~core.errors.ShopbotError` subclasses when the database or index fails)."""
        return self._catalog.get()

    def policy(self, language: str | None = None) -> PolicyDocument:
        """The store policy in ``language`` (English when we have no translation), in the
        register the shop chose for it (docs/language.md, "Formal or informal")."""
        language = language or "en"
        register = self.settings.response_registers.get(language)
        return load_policy(self.settings.policy_dir, language, register)


def _opener(database: Database, settings: Settings) -> Callable[[], ProductSearch]:
    def open_catalog() -> ProductSearch:
        from knowledge.search import ProductSearch  # torch and FAISS load only when needed

        return ProductSearch.open(database, settings)

    return open_catalog


_override: Services | None = None
_building = threading.Lock()


@lru_cache(maxsize=1)
def _default_services() -> Services:
    return Services.build(get_settings())


def get_services() -> Services:
    """The services of this process (built once, even when the first calls come from
    several action threads at the same time)."""
    if _override is not None:
        return _override
    with _building:
        return _default_services()


def use_services(services: Services | None) -> None:
    """Make every action use ``services`` (None restores the defaults)."""
    global _override
    _override = services
