"""``action_read_message``: what the assistant reads from every shopper message, in one call.

Rasa's ``action_extract_slots`` runs each distinct custom-mapping action after every user
message, one HTTP round trip each, carrying the whole tracker and domain. Three readings
are made of every message, and they used to be three such actions:

1. the hand-over routing (:class:`actions.handoff.ActionRouteToHuman`: a human-only topic);
2. the conversation's language (:class:`actions.language.ActionDetectLanguage`);
3. the sentiment summary and what it makes due (:class:`actions.feedback.ActionAssessSentiment`).

This action runs them in that order on the same tracker, as Rasa did, and returns their
events together. A reading that fails is logged and skipped, so the others still land (as
when Rasa skipped a failing mapping action).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action

from actions.feedback import ActionAssessSentiment
from actions.handoff import ActionRouteToHuman
from actions.language import ActionDetectLanguage

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["READINGS", "ActionReadMessage"]

logger = logging.getLogger(__name__)

READINGS: tuple[Action, ...] = (
    ActionRouteToHuman(),
    ActionDetectLanguage(),
    ActionAssessSentiment(),
)


class ActionReadMessage(Action):
    """The custom mapping of the routing, language and sentiment slots."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_read_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Every reading's events, in order; a failing reading is logged and left out."""
        events: list[dict[str, Any]] = []
        for reading in READINGS:
            try:
                events.extend(await reading.run(dispatcher, tracker, domain) or [])
            except Exception:  # one reading must not cost the others (see module docstring)
                logger.exception("reading %s failed; the other readings go on", reading.name())
        return events
