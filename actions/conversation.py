"""Small readers of the conversation state that several actions share."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rasa_sdk import Tracker

__all__ = ["is_verified", "language_of", "verified_order_number"]


def language_of(tracker: Tracker) -> str:
    """The conversation's language (``en`` until the language layer sets another)."""
    value = tracker.get_slot("language")
    return str(value) if value else "en"


def verified_order_number(tracker: Tracker) -> str | None:
    """The order number this conversation has verified, if any."""
    if tracker.get_slot("order_verified") and tracker.get_slot("verified_order"):
        return str(tracker.get_slot("verified_order"))
    return None


def is_verified(tracker: Tracker) -> bool:
    """True when the order number in the conversation is the verified one."""
    verified = verified_order_number(tracker)
    return verified is not None and tracker.get_slot("order_number") == verified
