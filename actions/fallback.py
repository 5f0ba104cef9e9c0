"""``action_fallback``: a fallback that helps. First it asks to rephrase, then it offers a
menu, and after repeated misses it hands over to a human."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rasa_sdk import Action

from actions.handoff import hand_over
from actions.services import get_services
from core.conversation_events import is_shopper_message

if TYPE_CHECKING:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher
    from rasa_sdk.types import DomainDict

__all__ = ["FALLBACK_INTENT", "ActionFallback", "misses_in_a_row"]

FALLBACK_INTENT = "nlu_fallback"


def misses_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many of the latest user messages in a row were not understood."""
    count = 0
    for event in reversed(events):
        if not is_shopper_message(event):
            continue
        if (event.get("parse_data") or {}).get("intent", {}).get("name") != FALLBACK_INTENT:
            break
        count += 1
    return count


class ActionFallback(Action):
    """Rephrase, then menu, then a human."""

    def name(self) -> str:
        """The action's name in the domain."""
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Choose the help that fits how many times in a row we failed."""
        settings = get_services().settings
        misses = misses_in_a_row(tracker.events)
        if misses >= settings.fallback_handover_after:
            return hand_over(dispatcher, tracker, reason="not_understood")
        if misses >= settings.fallback_menu_after:
            dispatcher.utter_message(response="utter_fallback_menu")
        else:
            dispatcher.utter_message(response="utter_rephrase")
        return []
