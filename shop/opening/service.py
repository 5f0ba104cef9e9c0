"""The opening of one conversation: who the shopper is, if the channel knows, and the
offers for them (docs/opening.md).

A shopper is known by the shop page's signed token in the message's metadata
(:mod:`shop.opening.customer_token`; a forged, expired or far-future token is ignored),
else by a messaging id that verified an order before (:mod:`shop.opening.identity`).
Nothing else makes a shopper known: not a REST sender's name, not a customer id in the
metadata without the signature.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from core.db.base import utc_now
from core.db.database import Database
from core.settings import Settings
from shop.opening.customer_token import METADATA_KEY, verify_customer_token
from shop.opening.identity import IdentityService, KnownShopper
from shop.opening.ranking import Offer, rank_offers
from shop.opening.signals import order_signals
from shop.orders import Clock

__all__ = ["Opening", "OpeningService"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opening:
    """The shopper, if known, and the offers ranked for them (empty: the fixed menu)."""

    shopper: KnownShopper | None = None
    offers: tuple[Offer, ...] = field(default_factory=tuple)


class OpeningService:
    """Finds the shopper of a conversation and ranks what they likely need."""

    def __init__(self, db: Database, settings: Settings, clock: Clock = utc_now) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self.identities = IdentityService(db, settings.require_secret("client_key_secret"), clock)

    def shopper(self, conversation_id: str, metadata: Mapping[str, Any]) -> KnownShopper | None:
        """The customer the token or the messaging id vouches for, else ``None``."""
        customer_id = verify_customer_token(
            self._settings.customer_token_secret,
            metadata.get(METADATA_KEY),
            self._clock(),
            timedelta(minutes=self._settings.customer_token_max_minutes),
        )
        if customer_id is not None:
            previous = self.identities.previous_intents(customer_id)
            return KnownShopper(customer_id, "token", previous)
        if metadata.get(METADATA_KEY) is not None:
            logger.info("a customer token was refused (forged, expired or malformed)")
        return self.identities.customer_of(conversation_id)

    def opening(self, conversation_id: str, metadata: Mapping[str, Any]) -> Opening:
        """The opening for this conversation (the fixed menu for an unknown shopper)."""
        shopper = self.shopper(conversation_id, metadata)
        if shopper is None:
            return Opening()
        now = self._clock()
        with self._db.session() as session:
            signals = order_signals(
                session,
                shopper.customer_id,
                now,
                lookback_days=self._settings.opening_lookback_days,
            )
        offers = rank_offers(signals, shopper.previous_intents, now)
        return Opening(shopper, tuple(offers))
