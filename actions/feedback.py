"""Acting on sentiment and asking for a rating (docs/sentiment.md).

- :func:`assess_sentiment` runs after every shopper message (one of the readings of
  ``action_read_message``, the custom mapping of the feedback slots): it summarises the
  conversation's sentiment (``sentiment_summary``: mean, minimum, trend, negative streak)
  and decides, with the settings' thresholds, whether an apology and an offer of a human
  are due (``human_offer_due``: once per conversation).
- The rating question waits until the conversation winds down. A served task (an order
  answered, products listed: :func:`satisfaction_due_events`) makes ``satisfaction_due``;
  ``action_ask_satisfaction`` asks when the shopper thanks the bot or says goodbye (run
  after the bot's reply by ``bot.feedback_policy``), or when the pause reminder fires
  (``EXTERNAL_conversation_paused``, set after each turn by the Rasa server:
  bot/winding_down.py). Never while a form is active, never twice.
- While the question is open (``rating_question_open``), ``action_record_rating`` reads the
  next message first: a rating typed or tapped ("4", "4/5", "vier") is stored, a refusal
  ("skip", "nein danke", "跳过") is accepted, and anything else drops the question and goes
  on as if it had not been asked (the shopper is still on a task).
- ``action_offer_human``, ``action_ask_satisfaction`` and ``action_record_rating`` run when
  their slot says so (``bot.feedback_policy``); when they have nothing to say they end with
  ``ActionReverted``, so the flow in progress goes on as if they had not run.
- ``action_record_rating`` and ``action_record_comment`` store the answer in slots, so the
  rating and the comment are in the tracker store with the conversation
  (``shop.feedback`` reads them back).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, FormValidationAction
from rasa_sdk.events import ActionReverted, FollowupAction, SlotSet

from actions.rating import MAX_RATING, MIN_RATING, is_rating_skip, parse_rating, typed_rating
from core.conversation_events import is_shopper_message
from core.feedback_timing import PAUSE_INTENT
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
QUESTION_OPEN = "rating_question_open"
COMMENT_FORM = "satisfaction_comment_form"
COMMENT_SLOT = "satisfaction_comment"
# Intents after which no offer is made: the shopper already asked for a person, or left.
_NO_OFFER_INTENTS = frozenset({"human_handoff", "stop", "goodbye", "rate_conversation"})
# A conversation winds down when the shopper thanks the bot or says goodbye.
_CLOSING_INTENTS = frozenset({"thanks", "goodbye"})


def conversation_sentiments(tracker: Tracker) -> list[Sentiment]:
    """The sentiment of every scored shopper message so far, in order."""
    sentiments = []
    for event in tracker.events:
        if not is_shopper_message(event):
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


def _latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def satisfaction_due_events(tracker: Tracker) -> list[dict[str, Any]]:
    """``satisfaction_due`` when a task was served and no rating was asked for yet (the
    question itself waits for the conversation to wind down: :class:`ActionAskSatisfaction`)."""
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
    intent = _latest_intent(tracker)
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
    """The 1-5 satisfaction question (skippable), once, when the conversation winds down."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_ask_satisfaction"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Ask after thanks, goodbye or a pause; otherwise say nothing and step out of the
        dialogue history."""
        paused = _latest_intent(tracker) == PAUSE_INTENT
        # After the pause reminder the action ran by a rule: reverting it would let the
        # rule predict it again.
        done: list[dict[str, Any]] = [] if paused else [ActionReverted()]
        if tracker.get_slot(SATISFACTION_ASKED) or not get_settings().ask_satisfaction:
            return [*done, SlotSet(SATISFACTION_DUE, False)]
        if not tracker.get_slot(SATISFACTION_DUE) or tracker.active_loop.get("name"):
            return done  # nothing served yet, or the shopper is in the middle of a task
        if not paused and _latest_intent(tracker) not in _CLOSING_INTENTS:
            return done  # the shopper is still on the task
        dispatcher.utter_message(response="utter_ask_satisfaction")
        return [
            *done,
            SlotSet(SATISFACTION_DUE, False),
            SlotSet(SATISFACTION_ASKED, True),
            SlotSet(QUESTION_OPEN, True),
        ]


def _rating_answer(tracker: Tracker) -> int | None:
    """The rating in the latest message: the button's entity, else the typed text."""
    message = tracker.latest_message or {}
    entity = next(
        (e.get("value") for e in message.get("entities") or [] if e.get("entity") == RATING_SLOT),
        None,
    )
    rating = parse_rating(entity)
    if rating is None and _latest_intent(tracker) == "rate_conversation":
        rating = parse_rating(message.get("text"))
    if rating is None:
        rating = typed_rating(message.get("text"))
    return rating


class ActionRecordRating(Action):
    """Reads the answer to the rating question: stores a rating (``satisfaction_rating``),
    accepts a refusal, or steps aside for a message that answers something else."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_record_rating"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Rating -> thanks and the comment form; skip -> fine; else the flow goes on."""
        closed = SlotSet(QUESTION_OPEN, False)
        rating = _rating_answer(tracker)
        if rating is not None:
            logger.info("satisfaction rating %d", rating)
            dispatcher.utter_message(response="utter_rating_thanks", rating=rating)
            return [
                closed,
                SlotSet(RATING_SLOT, float(rating)),
                SlotSet(SATISFACTION_ASKED, True),
                FollowupAction(COMMENT_FORM),
            ]
        intent = _latest_intent(tracker)
        if intent == "skip_feedback" or is_rating_skip((tracker.latest_message or {}).get("text")):
            dispatcher.utter_message(response="utter_feedback_skipped")
            return [closed, FollowupAction("action_listen")]
        if intent == "rate_conversation":
            dispatcher.utter_message(
                response="utter_rating_not_understood", low=MIN_RATING, high=MAX_RATING
            )
            return [closed, SlotSet(RATING_SLOT, None)]
        # Not an answer to the question: the shopper goes on with something else.
        return [ActionReverted(), closed]


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
