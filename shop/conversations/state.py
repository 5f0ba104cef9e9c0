"""What the fold works on: a conversation and its turns as plain, mutable state.

:mod:`shop.conversations.fold` changes them event by event; :mod:`shop.conversations.store`
loads and saves them (``conversation_summaries``, ``conversation_turns``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ConversationState", "TurnState"]


@dataclass
class TurnState:
    """One shopper turn while it is folded (stored as a ``ConversationTurn``)."""

    position: int
    at: float
    text: str = ""
    message_id: str | None = None
    intent: str | None = None
    confidence: float | None = None
    runner_up: str | None = None
    runner_up_confidence: float | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = None
    sentiment_label: str | None = None
    sentiment: float | None = None
    actions: list[str] = field(default_factory=list)
    slots: list[list[Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    searches: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    failed_searches: int = 0
    fallback: bool = False
    handed_over: bool = False
    handover_reason: str | None = None
    #: The row's id once stored; ``changed`` says whether it must be written.
    id: int | None = None
    changed: bool = True


@dataclass
class ConversationState:
    """One conversation while it is folded (stored as a ``ConversationSummary``).

    ``turns`` holds only the turns in memory: the latest stored one (it may still grow) and
    those made since; the earlier ones stay in the database untouched.
    """

    conversation_id: str
    channel: str = ""
    started_at: float | None = None
    last_activity_at: float | None = None
    language: str | None = None
    languages: list[str] = field(default_factory=list)
    turn_count: int = 0
    intents: list[str] = field(default_factory=list)
    sentiment_min: float | None = None
    sentiment_sum: float = 0.0
    sentiment_count: int = 0
    human_offered: bool = False
    handed_over: bool = False
    handover_reason: str | None = None
    handed_over_at: float | None = None
    agent_joined_at: float | None = None
    first_agent_reply_at: float | None = None
    agent_messages: int = 0
    fallback_count: int = 0
    rating: int | None = None
    comment: str | None = None
    searches: int = 0
    failed_searches: int = 0
    verified_order: str | None = None
    verified_orders: list[str] = field(default_factory=list)
    search_text: str = ""
    event_count: int = 0
    last_event_at: float = 0.0
    #: ``[timestamp, fingerprint]`` of the events within the duplicate window, oldest first.
    last_event_keys: list[list[Any]] = field(default_factory=list)
    turns: list[TurnState] = field(default_factory=list)
    id: int | None = None
    changed: bool = True

    @property
    def sentiment_mean(self) -> float | None:
        """The mean score of the scored shopper messages."""
        if not self.sentiment_count:
            return None
        return round(self.sentiment_sum / self.sentiment_count, 4)

    @property
    def current_turn(self) -> TurnState | None:
        """The latest turn, if the shopper wrote anything yet."""
        return self.turns[-1] if self.turns else None
