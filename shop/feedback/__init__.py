"""Sentiment, ratings and comments per conversation, read from Rasa's SQL tracker store.

What the support-lead console needs, and ``shopbot feedback`` prints:

- :class:`TrackerEvents`: the conversations in the store and one conversation's events;
- :func:`feedback_from_events`: a :class:`ConversationFeedback` (every shopper message with
  its language and sentiment, the summary: mean, minimum, trend, negative streak; the
  1-5 rating and the comment; whether a human was offered or took over).
"""

from shop.feedback.report import ConversationFeedback, MessageSentiment, feedback_from_events
from shop.feedback.tracker_events import ConversationRow, TrackerEvents, events_table

__all__ = [
    "ConversationFeedback",
    "ConversationRow",
    "MessageSentiment",
    "TrackerEvents",
    "events_table",
    "feedback_from_events",
]
