"""What a paused conversation still answers (put in place by bot/processor_hooks.py).

A hand-over pauses the conversation (``ConversationPaused``) and Rasa then stays silent:
it logs the shopper's messages and predicts nothing, so only an agent speaks. Outside the
support team's hours that silence reads as a broken bot. The action server marks such a
hand-over in the ``handover_wait`` slot (actions/handoff.py), and while it is set this
module lets the paused conversation run exactly one action for a shopper's message, then
listen:

- ``stop`` (the shopper wants the bot back) -> ``action_resume_bot`` (the ticket is
  withdrawn and the conversation resumes);
- the first other message (``handover_wait`` is ``"ack_due"``) -> ``action_handover_waiting``
  ("your message is with the team; they are back on Monday at 9:00");
- later messages -> nothing, as Rasa does.

No policy is asked: the prediction loop is replaced for these messages only, so nothing
the model might predict for a paused conversation can run. The support desk clears the slot
when an agent takes the ticket or answers (shop.support.desk), and then Rasa's own silence
holds again. External events (reminders) get nothing.
"""

from __future__ import annotations

import logging

from rasa.core.actions.action import action_for_name_or_text
from rasa.core.channels.channel import OutputChannel
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.trackers import DialogueStateTracker

from core.conversation_events import is_external_message

__all__ = ["paused_reply", "run_paused_reply"]

logger = logging.getLogger(__name__)

WAIT_SLOT = "handover_wait"
ACK_DUE = "ack_due"
ACKNOWLEDGED = "acknowledged"
RESUME_INTENTS = frozenset({"stop"})
ACK_ACTION = "action_handover_waiting"
RESUME_ACTION = "action_resume_bot"
POLICY_NAME = "bot.paused_conversations"


def paused_reply(tracker: DialogueStateTracker) -> str | None:
    """The one action a waiting, paused conversation runs for its latest message, if any."""
    if not tracker.is_paused() or tracker.get_slot(WAIT_SLOT) not in (ACK_DUE, ACKNOWLEDGED):
        return None
    message = tracker.latest_message
    if message is None or is_external_message({"text": message.text, "metadata": message.metadata}):
        return None
    if message.intent.get("name") in RESUME_INTENTS:
        return RESUME_ACTION
    if tracker.get_slot(WAIT_SLOT) == ACK_DUE:
        return ACK_ACTION
    return None


async def run_paused_reply(
    processor: MessageProcessor,
    output_channel: OutputChannel,
    tracker: DialogueStateTracker,
    reply: str,
) -> None:
    """The turn of a waiting paused conversation, instead of Rasa's prediction loop:
    ``reply`` (from :func:`paused_reply`), then listen."""
    logger.debug("paused conversation, waiting for the team: %s", reply)
    for name in (reply, ACTION_LISTEN_NAME):
        action = action_for_name_or_text(name, processor.domain, processor.action_endpoint)
        prediction = PolicyPrediction.for_action_name(processor.domain, name, POLICY_NAME)
        await processor._run_action(action, tracker, output_channel, processor.nlg, prediction)
