"""Acting on sentiment and asking for a rating (docs/sentiment.md).

- :func:`assess_sentiment` runs after every shopper message (one of the readings of
  ``action_read_message``, the custom mapping of the feedback slots): it summarises the
  conversation's sentiment (``sentiment_summary``: mean, minimum, trend, negative streak)
  and decides, with the settings' thresholds, whether an apology and an offer of a human
  are due (``human_offer_due``: once per conversation) and whether a product conversation
  just ended (thanks or goodbye after products were shown: ``satisfaction_due``).
- ``action_offer_human`` and ``action_ask_satisfaction`` run when their slot is due
  (``bot.feedback_policy``); they say their piece and end with ``ActionReverted``, so the
  flow in progress goes on as if they had not run.
- ``action_record_rating`` and ``action_record_comment`` store the answer in slots, so the
  rating and the comment are in the tracker store with the conversation
  (``shop.feedback`` reads them back).

Flow-ending actions (the order task) call :func:`satisfaction_due_events`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import ActionReverted, SlotSet

from actions.rating import MAX_RATING, MIN_RATING, parse_rating
from core.settings import Settings, get_settings
from knowledge.sentiment import Sentiment, SentimentSummary, summarise

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = [
    "ActionAskSatisfaction",
    "ActionOfferHuman",
    "ActionRecordComment",
    "ActionRecordRating",
    "ValidateSatisfactionCommentForm",
    "assess_sentiment",
    "conversation_sentiments",
    "is_frustrated",
    "satisfaction_due_events",
]

logger = logging.getLogger(__name__)

HUMAN_OFFER_DUE = "human_offer_due"
HUMAN_OFFERED = "human_offered"
SUMMARY_SLOT = "sentiment_summary"
SATISFACTION_DUE = "satisfaction_due"
SATISFACTION_ASKED = "satisfaction_asked"
RATING_SLOT = "satisfaction_rating"
COMMENT_SLOT = "satisfaction_comment"
# Intents after which no offer is made: the shopper already asked for a person, or left.
_NO_OFFER_INTENTS = frozenset({"human_handoff", "stop", "goodbye", "rate_conversation"})
# A product conversation ends when the shopper thanks the bot or says goodbye.
_CLOSING_INTENTS = frozenset({"thanks", "goodbye"})


def conversation_sentiments(tracker: Tracker) -> list[Sentiment]:
    """The sentiment of every scored shopper message so far, in order."""
    sentiments = []
    for event in tracker.events:
        if event.get("event") != "user":
            continue
        sentiment = Sentiment.of_parse_data(event.get("parse_data"))
        if sentiment is not None:
            sentiments.append(sentiment)
    return sentiments


def is_frustrated(
    latest: Sentiment | None, summary: SentimentSummary | None, settings: Settings
) -> bool:
    """A strongly negative latest message, or negative messages in a row."""
    if latest is None or summary is None:
        return False
    return (
        latest.score <= settings.frustration_score
        or summary.negative_streak >= settings.frustration_streak
    )


def satisfaction_due_events(tracker: Tracker) -> list[dict[str, Any]]:
    """``satisfaction_due`` when a flow just ended and no rating was asked for yet."""
    if not get_settings().ask_satisfaction or tracker.get_slot(SATISFACTION_ASKED):
        return []
    return [SlotSet(SATISFACTION_DUE, True)]


def assess_sentiment(tracker: Tracker) -> list[dict[str, Any]]:
    """After every message (a reading of ``action_read_message``): ``sentiment_summary`` and,
    when due, ``human_offer_due`` / ``satisfaction_due`` (nothing while a person has the
    conversation)."""
    if tracker.is_paused():
        return []
    settings = get_settings()
    summary = summarise([(s.label, s.score) for s in conversation_sentiments(tracker)])
    events: list[dict[str, Any]] = []
    if summary is not None:
        events.append(SlotSet(SUMMARY_SLOT, summary.to_dict()))
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    latest = Sentiment.of_parse_data(tracker.latest_message)
    if (
        not tracker.get_slot(HUMAN_OFFERED)
        and intent not in _NO_OFFER_INTENTS
        and is_frustrated(latest, summary, settings)
    ):
        logger.info("frustration noticed: an offer of a human is due")
        events.append(SlotSet(HUMAN_OFFER_DUE, True))
    if intent in _CLOSING_INTENTS and tracker.get_slot("shown_products"):
        events.extend(satisfaction_due_events(tracker))
    return events


class ActionOfferHuman(Action):
    """An apology and the offer of a person, once; the flow in progress goes on."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_offer_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Say sorry, offer a person, and step out of the dialogue history."""
        dispatcher.utter_message(response="utter_offer_human")
        return [ActionReverted(), SlotSet(HUMAN_OFFER_DUE, False), SlotSet(HUMAN_OFFERED, True)]


class ActionAskSatisfaction(Action):
    """The 1-5 satisfaction question (skippable), once per conversation."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_satisfaction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask, and step out of the dialogue history."""
        events: list[dict[str, Any]] = [ActionReverted(), SlotSet(SATISFACTION_DUE, False)]
        if tracker.get_slot(SATISFACTION_ASKED):
            return events
        dispatcher.utter_message(response="utter_ask_satisfaction")
        return [*events, SlotSet(SATISFACTION_ASKED, True)]


class ActionRecordRating(Action):
    """Stores the rating (``satisfaction_rating``) and thanks the shopper."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_record_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Read the rating from the button's entity, else from the text."""
        message = tracker.latest_message or {}
        entity = next(
            (
                e.get("value")
                for e in message.get("entities") or []
                if e.get("entity") == RATING_SLOT
            ),
            None,
        )
        rating = parse_rating(entity)
        if rating is None:
            rating = parse_rating(message.get("text"))
        if rating is None:
            dispatcher.utter_message(
                response="utter_rating_not_understood", low=MIN_RATING, high=MAX_RATING
            )
            return [SlotSet(RATING_SLOT, None)]
        logger.info("satisfaction rating %d", rating)
        dispatcher.utter_message(response="utter_rating_thanks", rating=rating)
        return [SlotSet(RATING_SLOT, float(rating)), SlotSet(SATISFACTION_ASKED, True)]


class ValidateSatisfactionCommentForm(FormValidationAction):
    """Keeps the comment to a sensible length (the full message stays in the transcript)."""

    def name(self) -> str:
        """The form's validation action."""
        return "validate_satisfaction_comment_form"

    def validate_satisfaction_comment(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A non-blank comment, cut to ``satisfaction_comment_characters``."""
        text = " ".join(str(value or "").split())
        if not text:
            return {COMMENT_SLOT: None}
        return {COMMENT_SLOT: text[: get_settings().satisfaction_comment_characters]}


class ActionRecordComment(Action):
    """Thanks the shopper for the comment the form stored."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_record_comment"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Thank them; the comment is already in ``satisfaction_comment``."""
        dispatcher.utter_message(response="utter_feedback_thanks")
        return []
