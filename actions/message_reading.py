"""``action_read_message``: what the assistant reads from every shopper message, in one call.

Rasa's ``action_extract_slots`` runs each distinct custom-mapping action after every user
message, one HTTP round trip each, carrying the whole tracker and domain. Four readings
are made of every message (three of them used to be such actions); now they are plain
helpers, called here, that the action server does not serve:

1. the hand-over routing (:func:`actions.handoff.route_to_human`: a human-only topic);
2. the conversation's language (:func:`actions.language.decide_language`);
3. the sentiment summary and what it makes due (:func:`actions.feedback.assess_sentiment`);
4. on a greeting, the known shopper's opening offers (:func:`actions.opening.read_opening`).

This action runs them in that order on the same tracker, as Rasa did, and returns their
events together. A reading that fails is logged and skipped, so the others still land (as
when Rasa skipped a failing mapping action).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action

from actions.feedback import assess_sentiment
from actions.handoff import route_to_human
from actions.language import decide_language
from actions.opening import read_opening
from core.conversation_events import is_external_message

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["READINGS", "ActionReadMessage", "Reading"]

logger = logging.getLogger(__name__)

#: One reading of a message: the slot events it makes from the tracker.
Reading = Callable[["Tracker"], list[dict[str, Any]]]

READINGS: tuple[Reading, ...] = (route_to_human, decide_language, assess_sentiment, read_opening)


class ActionReadMessage(Action):
    """The custom mapping of the routing, language and sentiment slots."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_read_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Every reading's events, in order; a failing reading is logged and left out.
        Nothing for an external event (a reminder): no shopper wrote it."""
        if is_external_message(tracker.latest_message):
            return []
        events: list[dict[str, Any]] = []
        for reading in READINGS:
            try:
                events.extend(reading(tracker) or [])
            except Exception:  # one reading must not cost the others (see module docstring)
                logger.exception("reading %s failed; the other readings go on", reading.__name__)
        return events
