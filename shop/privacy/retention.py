"""What retention keeps of a conversation before removing it: one count among many.

A conversation becomes :class:`ConversationFacts` (the UTC day of its first event, its
channel, its language, its outcome and how many messages the shopper wrote), and the facts
of all removed conversations are added to ``conversation_counts`` (core/db/privacy_models.py)
per day, channel, language and outcome. Nothing that identifies anyone is kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from core.conversation_events import is_shopper_message
from core.db.database import Database
from core.db.privacy_models import ConversationCount

__all__ = ["UNKNOWN", "ConversationFacts", "add_counts", "facts_of"]

UNKNOWN = "unknown"
_CHANNEL_CHARACTERS = 32
_LANGUAGE_CHARACTERS = 16


@dataclass(frozen=True)
class ConversationFacts:
    """The countable facts of one conversation."""

    day: date
    channel: str
    language: str
    outcome: str
    messages: int


def _language_of_message(event: Mapping[str, Any]) -> str | None:
    detection = (event.get("parse_data") or {}).get("language")
    if isinstance(detection, Mapping) and detection.get("language"):
        return str(detection["language"])
    return None


def facts_of(events: Iterable[Mapping[str, Any]]) -> ConversationFacts:
    """The facts of a conversation from its events in order (as Rasa stores them).

    Outcome, the first that applies: ``handed_over`` (the bot paused for a person),
    ``order_verified``, ``other``. Language: the last ``language`` slot, else the last
    detected message language. Channel: the first shopper message's input channel.
    """
    first: float | None = None
    channel: str | None = None
    slot_language: str | None = None
    message_language: str | None = None
    handed_over = verified = False
    messages = 0
    for event in events:
        timestamp = event.get("timestamp")
        if isinstance(timestamp, int | float) and (first is None or timestamp < first):
            first = float(timestamp)
        kind = event.get("event")
        if kind == "user" and is_shopper_message(event):
            messages += 1
            channel = channel or (str(event.get("input_channel") or "") or None)
            message_language = _language_of_message(event) or message_language
        elif kind == "pause":
            handed_over = True
        elif kind == "slot" and event.get("name") == "language" and event.get("value"):
            slot_language = str(event["value"])
        elif kind == "slot" and event.get("name") == "order_verified" and event.get("value"):
            verified = True
    outcome = "handed_over" if handed_over else "order_verified" if verified else "other"
    return ConversationFacts(
        day=datetime.fromtimestamp(first or 0, UTC).date(),
        channel=(channel or UNKNOWN)[:_CHANNEL_CHARACTERS],
        language=(slot_language or message_language or UNKNOWN)[:_LANGUAGE_CHARACTERS],
        outcome=outcome,
        messages=messages,
    )


def add_counts(database: Database, facts: Iterable[ConversationFacts]) -> int:
    """Add the conversations to the daily counts (one transaction); rows touched."""
    conversations: Counter[tuple[date, str, str, str]] = Counter()
    messages: Counter[tuple[date, str, str, str]] = Counter()
    for fact in facts:
        key = (fact.day, fact.channel, fact.language, fact.outcome)
        conversations[key] += 1
        messages[key] += fact.messages
    if not conversations:
        return 0
    with database.session() as session:
        for key, count in conversations.items():
            day, channel, language, outcome = key
            row = session.scalar(
                select(ConversationCount).where(
                    ConversationCount.day == day,
                    ConversationCount.channel == channel,
                    ConversationCount.language == language,
                    ConversationCount.outcome == outcome,
                )
            )
            if row is None:
                row = ConversationCount(
                    day=day,
                    channel=channel,
                    language=language,
                    outcome=outcome,
                    conversations=0,
                    messages=0,
                )
                session.add(row)
            row.conversations += count
            row.messages += messages[key]
    return len(conversations)
