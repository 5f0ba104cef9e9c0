"""Small readers of the conversation state that several actions share.

A verified order stays verified while the shopper keeps talking: after
``verification_idle_minutes`` (settings) without a message it has lapsed
(:func:`verification_lapsed`), :func:`verified_order_number` no longer names it, and the
order form asks for the email again. The time comes from the tracker's own events: when the
``verified_order`` slot was set, and when each later message arrived.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from actions.services import get_services
from shop.pseudonyms import network_client_id

if TYPE_CHECKING:
    from rasa_sdk import Tracker

__all__ = [
    "CLIENT_METADATA_KEY",
    "client_key_of",
    "is_verified",
    "language_of",
    "verification_lapsed",
    "verified_order_number",
]

#: Metadata key every channel sets on each message: the pseudonymous network client,
#: HMAC-SHA256(client_key_secret, "<channel>:<address>") as 32 hex characters.
CLIENT_METADATA_KEY = "shopbot_client"
_CLIENT_KEY = re.compile(r"[0-9a-f]{32}")


def language_of(tracker: Tracker) -> str:
    """The conversation's language (``en`` until the language layer sets another)."""
    value = tracker.get_slot("language")
    return str(value) if value else "en"


def _idle_limit() -> timedelta:
    return timedelta(minutes=get_services().settings.verification_idle_minutes)


def _last_verification_event(tracker: Tracker) -> tuple[int, dict[str, Any]] | None:
    for index in range(len(tracker.events) - 1, -1, -1):
        event = tracker.events[index]
        if event.get("event") == "slot" and event.get("name") == "verified_order":
            return index, event
    return None


def verification_lapsed(tracker: Tracker, idle: timedelta | None = None) -> bool:
    """True when the conversation's verified order went ``idle`` (default: the setting)
    without a message: between its verification and the next message, or between two
    messages since. A verification made in this very action run has not lapsed."""
    verified = tracker.get_slot("verified_order")
    found = _last_verification_event(tracker)
    if not (tracker.get_slot("order_verified") and verified) or found is None:
        return False
    index, event = found
    if event.get("value") != verified:
        return False  # set again in this run (the slot changed, the events not yet)
    limit = (idle or _idle_limit()).total_seconds()
    last = event.get("timestamp")
    for later in tracker.events[index + 1 :]:
        stamp = later.get("timestamp")
        if later.get("event") != "user" or stamp is None:
            continue
        if last is not None and float(stamp) - float(last) > limit:
            return True
        last = stamp
    return False


def verified_order_number(tracker: Tracker) -> str | None:
    """The order number this conversation has verified and not let lapse, if any."""
    if tracker.get_slot("order_verified") and tracker.get_slot("verified_order"):
        if verification_lapsed(tracker):
            return None
        return str(tracker.get_slot("verified_order"))
    return None


def is_verified(tracker: Tracker) -> bool:
    """True when the order number in the conversation is the verified one."""
    verified = verified_order_number(tracker)
    return verified is not None and tracker.get_slot("order_number") == verified


def client_key_of(tracker: Tracker) -> str:
    """The network client of the latest message: the channel's ``shopbot_client``, or the
    same HMAC of the sender id when the metadata has none (action tests, a message put in
    through the Rasa HTTP API). Needs ``SHOPBOT_CLIENT_KEY_SECRET`` for the latter."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get(CLIENT_METADATA_KEY) if isinstance(metadata, dict) else None
    if isinstance(value, str) and _CLIENT_KEY.fullmatch(value):
        return value
    secret = get_services().settings.require_secret("client_key_secret")
    return network_client_id(secret, f"sender:{tracker.sender_id}")
