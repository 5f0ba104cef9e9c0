"""Who a conversation's id belongs to, when a messaging platform vouches for it.

A messaging conversation's id is the platform's signed user (``telegram:<chat>``,
``twilio:whatsapp:+<number>``, ``messenger:<PSID>``, ``slack:<DM>``: the channels check
each platform's signature before the id reaches the bot, docs/channels.md). When a shopper
proves an order in any conversation, :meth:`IdentityService.link` stores the id's keyed
hash with the order's customer and the intents used so far; a later conversation from a
messaging id is then that customer's (:meth:`IdentityService.customer_of`). Website and
REST ids are linked too (their last intents count as "what they did last time") but never
identify anyone: a widget conversation id is new with every conversation, and a REST
sender is whatever its caller writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Order
from core.db.opening_models import ChannelIdentity
from shop.orders import Clock
from shop.pseudonyms import pseudonym

__all__ = [
    "MAX_REMEMBERED_INTENTS",
    "MESSAGING_CHANNELS",
    "IdentityService",
    "KnownShopper",
    "channel_of",
    "identity_key",
]

#: The channels whose conversation ids a platform signs (``<channel>:<address>``).
MESSAGING_CHANNELS: frozenset[str] = frozenset({"telegram", "twilio", "messenger", "slack"})
#: Intents kept of the linking conversation (the latest ones).
MAX_REMEMBERED_INTENTS = 12


def channel_of(conversation_id: str) -> str:
    """``telegram`` for ``telegram:42``; ``web`` for a widget's ``web-...``; else ``rest``."""
    head, separator, _rest = conversation_id.partition(":")
    if separator and head in MESSAGING_CHANNELS:
        return head
    return "web" if conversation_id.startswith("web-") else "rest"


def identity_key(secret: str, conversation_id: str) -> str:
    """The keyed hash a conversation id is stored under (64 hex)."""
    return pseudonym(secret, "channel_identity", conversation_id)


@dataclass(frozen=True)
class KnownShopper:
    """A customer the channel vouches for, and what they did last time."""

    customer_id: int
    source: str  # "channel" (a messaging id) or "token" (the shop page's signed token)
    previous_intents: tuple[str, ...] = ()


class IdentityService:
    """Links conversation ids to customers on verification; finds the customer of one."""

    def __init__(self, db: Database, secret: str, clock: Clock = utc_now) -> None:
        self._db = db
        self._secret = secret
        self._clock = clock

    def link(self, conversation_id: str, customer_id: int, intents: Sequence[str]) -> None:
        """Remember that ``conversation_id`` verified an order of ``customer_id``."""
        key = identity_key(self._secret, conversation_id)
        kept = [str(intent)[:64] for intent in intents][-MAX_REMEMBERED_INTENTS:]
        with self._db.session() as session:
            row = session.get(ChannelIdentity, key)
            if row is None:
                row = ChannelIdentity(identity_key=key, channel=channel_of(conversation_id))
                session.add(row)
            row.customer_id = customer_id
            row.last_intents = kept
            row.verified_at = self._clock()

    def link_order(self, conversation_id: str, order_number: str, intents: Sequence[str]) -> bool:
        """:meth:`link` to the customer of ``order_number`` (just verified); whether found."""
        with self._db.session() as session:
            customer_id = session.scalar(
                select(Order.customer_id).where(Order.order_number == order_number)
            )
        if customer_id is None:
            return False
        self.link(conversation_id, customer_id, intents)
        return True

    def customer_of(self, conversation_id: str) -> KnownShopper | None:
        """The customer a messaging id verified an order of, else ``None`` (also for every
        website and REST id)."""
        if channel_of(conversation_id) not in MESSAGING_CHANNELS:
            return None
        key = identity_key(self._secret, conversation_id)
        with self._db.session() as session:
            row = session.get(ChannelIdentity, key)
            if row is None:
                return None
            return KnownShopper(row.customer_id, "channel", tuple(row.last_intents or ()))

    def previous_intents(self, customer_id: int) -> tuple[str, ...]:
        """The intents of the customer's latest conversation that verified an order."""
        with self._db.session() as session:
            intents = session.scalar(
                select(ChannelIdentity.last_intents)
                .where(ChannelIdentity.customer_id == customer_id)
                .order_by(ChannelIdentity.verified_at.desc())
                .limit(1)
            )
            return tuple(intents or ())

    def forget(self, *, conversations: Sequence[str] = (), customer_id: int | None = None) -> int:
        """Delete the links of these conversation ids and of this customer; how many."""
        keys = [identity_key(self._secret, conversation) for conversation in conversations]
        removed = 0
        with self._db.session() as session:
            if keys:
                result = session.execute(
                    delete(ChannelIdentity).where(ChannelIdentity.identity_key.in_(keys))
                )
                removed += int(getattr(result, "rowcount", 0) or 0)
            if customer_id is not None:
                result = session.execute(
                    delete(ChannelIdentity).where(ChannelIdentity.customer_id == customer_id)
                )
                removed += int(getattr(result, "rowcount", 0) or 0)
        return removed
