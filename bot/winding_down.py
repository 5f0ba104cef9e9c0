"""The pause reminder of the rating question, set by the Rasa server (put in place by
bot/processor_hooks.py).

A served conversation (``satisfaction_due``, set by the action server when an order was
answered or products listed) gets the rating question when it winds down: at thanks or
goodbye (``bot.feedback_policy`` then runs ``action_ask_satisfaction``), or after a pause.
The pause is a Rasa reminder (``EXTERNAL_conversation_paused``), cancelled by the shopper's
next message and replaced by the next turn's. Setting it here, after each turn, costs no
call to the action server: an action call carries the whole tracker, so one per turn made
every turn of a long conversation slower than the last.

The reminder is set when the question is due and not asked, no form is active, no person
has the conversation, and the channel can write first (not the REST channel, whose answer
is the HTTP response: a later message would reach nobody). Its name is the conversation's,
because Rasa's scheduler keeps one job per reminder name.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from rasa.core.channels.channel import OutputChannel
from rasa.core.processor import MessageProcessor
from rasa.shared.core.events import ReminderScheduled
from rasa.shared.core.trackers import DialogueStateTracker

from core.feedback_timing import PAUSE_INTENT

__all__ = ["PAUSE_INTENT", "pause_reminder", "set_pause_reminder"]

logger = logging.getLogger(__name__)

DUE_SLOT = "satisfaction_due"
ASKED_SLOT = "satisfaction_asked"
#: Channels that cannot write first.
REPLY_ONLY_CHANNELS = frozenset({"rest"})


def reminder_name(sender_id: str) -> str:
    """The conversation's one pause reminder."""
    return f"satisfaction_pause:{sender_id}"


def pause_reminder(
    tracker: DialogueStateTracker, seconds: int, now: datetime | None = None
) -> ReminderScheduled | None:
    """The reminder to set after this turn, if the conversation waits for its question."""
    channel = tracker.get_latest_input_channel()
    if (
        not tracker.get_slot(DUE_SLOT)
        or tracker.get_slot(ASKED_SLOT)
        or tracker.is_paused()
        or tracker.active_loop_name
        or not channel
        or channel in REPLY_ONLY_CHANNELS
    ):
        return None
    at = (now or datetime.now(timezone.utc)) + timedelta(seconds=seconds)
    return ReminderScheduled(
        PAUSE_INTENT, at, name=reminder_name(tracker.sender_id), kill_on_user_message=True
    )


async def set_pause_reminder(
    processor: MessageProcessor,
    output_channel: OutputChannel,
    tracker: DialogueStateTracker,
    seconds: int,
) -> None:
    """After a turn: the conversation's pause reminder, logged and scheduled, when
    :func:`pause_reminder` says it is due."""
    reminder = pause_reminder(tracker, seconds)
    if reminder is not None:
        tracker.update(reminder)
        await processor._schedule_reminders([reminder], tracker, output_channel)
