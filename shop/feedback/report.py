"""One conversation's feedback: every message's sentiment, the summary, rating and comment.

Built from the raw events of the tracker store (what support leads review), so messages
from actions that stepped out of the dialogue history (the offer of a human, the rating
question) are included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from core.conversation_events import is_shopper_message
from core.redaction import redact
from knowledge.sentiment import Sentiment, SentimentSummary, summarise

__all__ = ["ConversationFeedback", "MessageSentiment", "feedback_from_events"]

OFFER_RESPONSE = "utter_offer_human"


@dataclass(frozen=True)
class MessageSentiment:
    """A shopper message (redacted) with its language and sentiment, when it has one."""

    timestamp: float
    text: str
    language: str | None
    sentiment: Sentiment | None


@dataclass
class ConversationFeedback:
    """What the console shows for one conversation."""

    sender_id: str
    messages: list[MessageSentiment] = field(default_factory=list)
    summary: SentimentSummary | None = None
    rating: int | None = None
    comment: str | None = None
    human_offered: bool = False
    handed_over: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "sender_id": self.sender_id,
            "summary": self.summary.to_dict() if self.summary else None,
            "rating": self.rating,
            "comment": self.comment,
            "human_offered": self.human_offered,
            "handed_over": self.handed_over,
            "messages": [
                {
                    "timestamp": message.timestamp,
                    "text": message.text,
                    "language": message.language,
                    "sentiment": message.sentiment.to_dict() if message.sentiment else None,
                }
                for message in self.messages
            ],
        }


def _language(parse_data: Mapping[str, Any]) -> str | None:
    detection = parse_data.get("language")
    if isinstance(detection, Mapping):
        value = detection.get("language")
        return str(value) if value else None
    return None


def _rating(value: Any) -> int | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 5 else None


def feedback_from_events(
    sender_id: str, events: Iterable[Mapping[str, Any]]
) -> ConversationFeedback:
    """The feedback of a conversation from its events in order (raw, as stored)."""
    feedback = ConversationFeedback(sender_id)
    for event in events:
        kind = event.get("event")
        if kind == "user" and is_shopper_message(event):
            parse_data = event.get("parse_data") or {}
            feedback.messages.append(
                MessageSentiment(
                    timestamp=float(event.get("timestamp") or 0),
                    text=redact(str(event.get("text") or "")),
                    language=_language(parse_data),
                    sentiment=Sentiment.of_parse_data(parse_data),
                )
            )
        elif kind == "slot":
            name, value = event.get("name"), event.get("value")
            if name == "satisfaction_rating":
                feedback.rating = _rating(value)
            elif name == "satisfaction_comment":
                feedback.comment = redact(str(value)) if value else None
            elif name == "human_offered" and value:
                feedback.human_offered = True
        elif kind == "pause":
            feedback.handed_over = True
        elif kind == "bot" and (event.get("metadata") or {}).get("utter_action") == OFFER_RESPONSE:
            feedback.human_offered = True
    scored = [(m.sentiment.label, m.sentiment.score) for m in feedback.messages if m.sentiment]
    feedback.summary = summarise(scored)
    return feedback
