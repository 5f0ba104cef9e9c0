"""Every change this project makes to how Rasa 3.6 runs a turn, in one place (installed by
``bot/server.py``).

Rasa's ``MessageProcessor`` and ``RemoteAction`` are replaced at the class level by the
functions here, which compose the project's turn rules in one fixed order (so no rule
depends on which was installed first):

- **A call to the action server** gets a deadline (``SHOPBOT_ACTION_TIMEOUT_SECONDS``) and
  an outage (refused, timed out, 5xx) becomes :class:`core.errors.ActionServerUnavailable`
  (:mod:`bot.action_outage`), also when Rasa's ``_run_action`` would swallow it.
- **Reading the message** (``action_extract_slots``, which runs ``action_read_message`` on
  the action server) and **the prediction loop** end the turn with the "temporarily
  unavailable" answer on such an outage (:func:`bot.action_outage.end_turn`).
- **The prediction loop** of a paused conversation waiting for the team runs its one reply
  (:mod:`bot.paused_conversations`), any other runs Rasa's own loop; after the turn the
  rating question's pause reminder is set (:mod:`bot.winding_down`), unless the turn was
  ended by an outage.
- **Reminders** are shared by the Rasa servers through the tracker store's database
  (:mod:`bot.shared_reminders`): those Rasa schedules or cancels are noted on the tracker for
  its store to write, one that fires is claimed there first (so it runs once, and not after
  a cancellation on another server), and each server, from its start, renews its own and
  takes over those of a server that stopped (Rasa's ``configure_app`` gets the listeners
  that run :class:`bot.shared_reminders.ReminderKeeper`).

:data:`ORIGINALS` keeps Rasa's functions for the tests; :func:`install` is idempotent.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from typing import Any

import rasa.core.run
from rasa.core.actions.action import Action, RemoteAction
from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, ReminderScheduled
from rasa.shared.core.trackers import DialogueStateTracker

from bot.action_outage import call_action_server, end_turn, noting_outages, turn_ended
from bot.paused_conversations import paused_reply, run_paused_reply
from bot.settings import RasaSideSettings, read_settings
from bot.shared_reminders import ReminderKeeper, handle_reminder, note_changes
from bot.winding_down import set_pause_reminder
from core.errors import ActionServerUnavailable
from core.feedback_timing import pause_seconds

__all__ = ["ORIGINALS", "Hooks", "install", "uninstall"]

logger = logging.getLogger(__name__)

#: Rasa's own functions, by the name this module replaces.
ORIGINALS: dict[str, Any] = {
    "RemoteAction.run": RemoteAction.run,
    "MessageProcessor._run_action": MessageProcessor._run_action,
    "MessageProcessor.run_action_extract_slots": MessageProcessor.run_action_extract_slots,
    "MessageProcessor._run_prediction_loop": MessageProcessor._run_prediction_loop,
    "MessageProcessor._schedule_reminders": MessageProcessor._schedule_reminders,
    "MessageProcessor._cancel_reminders": MessageProcessor._cancel_reminders,
    "MessageProcessor.handle_reminder": MessageProcessor.handle_reminder,
    "rasa.core.run.configure_app": rasa.core.run.configure_app,
}


class Hooks:
    """The settings the replacements read (set by :func:`install`)."""

    settings = RasaSideSettings()
    pause_seconds = 120


async def remote_action_run(
    self: RemoteAction,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    tracker: DialogueStateTracker,
    domain: Domain,
) -> list[Event]:
    """``RemoteAction.run`` with a deadline; an outage raises ActionServerUnavailable."""
    call = ORIGINALS["RemoteAction.run"](self, output_channel, nlg, tracker, domain)
    events: list[Event] = await call_action_server(
        call, self.name(), Hooks.settings.action_timeout_seconds
    )
    return events


async def run_action(
    self: MessageProcessor,
    action: Action,
    tracker: DialogueStateTracker,
    output_channel: OutputChannel,
    nlg: NaturalLanguageGenerator,
    prediction: PolicyPrediction,
) -> bool:
    """Rasa's ``_run_action``; an outage while the action ran is raised afterwards."""
    run = ORIGINALS["MessageProcessor._run_action"](
        self, action, tracker, output_channel, nlg, prediction
    )
    should_go_on: bool = await noting_outages(run)
    return should_go_on


async def run_action_extract_slots(
    self: MessageProcessor, output_channel: OutputChannel, tracker: DialogueStateTracker
) -> DialogueStateTracker:
    """Rasa's reading of the message; an outage ends the turn."""
    try:
        read: DialogueStateTracker = await ORIGINALS["MessageProcessor.run_action_extract_slots"](
            self, output_channel, tracker
        )
    except ActionServerUnavailable as outage:
        await end_turn(self, output_channel, tracker, outage)
        return tracker
    return read


async def run_prediction_loop(
    self: MessageProcessor, output_channel: OutputChannel, tracker: DialogueStateTracker
) -> None:
    """The turn's actions: nothing after an outage ended it, a paused conversation's one
    reply, else Rasa's loop; then the pause reminder."""
    if turn_ended(tracker):
        return
    try:
        reply = paused_reply(tracker)
        if reply is None:
            await ORIGINALS["MessageProcessor._run_prediction_loop"](self, output_channel, tracker)
        else:
            await run_paused_reply(self, output_channel, tracker, reply)
    except ActionServerUnavailable as outage:
        await end_turn(self, output_channel, tracker, outage)
        return
    await set_pause_reminder(self, output_channel, tracker, Hooks.pause_seconds)


async def schedule_reminders(
    self: MessageProcessor,
    events: list[Event],
    tracker: DialogueStateTracker,
    output_channel: OutputChannel,
) -> None:
    """Rasa's scheduling; the reminders are noted for the tracker store to write."""
    await ORIGINALS["MessageProcessor._schedule_reminders"](self, events, tracker, output_channel)
    note_changes(tracker, events)


async def cancel_reminders(events: list[Event], tracker: DialogueStateTracker) -> None:
    """Rasa's cancelling (this server's jobs); the cancellations are noted for the tracker
    store, which removes the reminders whichever server holds them."""
    await ORIGINALS["MessageProcessor._cancel_reminders"](events, tracker)
    note_changes(tracker, events)


async def run_handle_reminder(
    self: MessageProcessor,
    reminder_event: ReminderScheduled,
    sender_id: str,
    output_channel: OutputChannel,
) -> None:
    """A reminder fires: claimed in the shared table, then Rasa's checks and turn."""
    await handle_reminder(self, reminder_event, sender_id, output_channel)


async def _keep_reminders(app: Any, keeper: ReminderKeeper) -> None:
    """The keeper's rounds for as long as the server runs."""
    while True:
        try:
            await keeper.tick(
                getattr(app.ctx, "agent", None), getattr(app.ctx, "input_channels", [])
            )
        except Exception:
            logger.exception("reminders: a round of the keeper failed")
        await asyncio.sleep(keeper.interval)


def configure_app(*args: Any, **kwargs: Any) -> Any:
    """Rasa's app, with the reminder keeper started after the server (and stopped before
    it stops, its reminders handed over)."""
    app = ORIGINALS["rasa.core.run.configure_app"](*args, **kwargs)
    keeper = ReminderKeeper(Hooks.settings.reminder_lease_seconds)
    running: list[asyncio.Task[None]] = []

    async def start(app: Any, _loop: Any) -> None:
        running.append(asyncio.ensure_future(_keep_reminders(app, keeper)))

    async def stop(app: Any, _loop: Any) -> None:
        for task in running:
            task.cancel()
        try:
            keeper.release(getattr(app.ctx, "agent", None))
        except Exception:
            logger.exception("reminders: could not hand this server's reminders over")

    app.register_listener(start, "after_server_start")
    app.register_listener(stop, "before_server_stop")
    return app


#: Where each replaced function lives: its owner and attribute, by its name in ORIGINALS.
TARGETS: dict[str, tuple[Any, str]] = {
    "RemoteAction.run": (RemoteAction, "run"),
    "MessageProcessor._run_action": (MessageProcessor, "_run_action"),
    "MessageProcessor.run_action_extract_slots": (MessageProcessor, "run_action_extract_slots"),
    "MessageProcessor._run_prediction_loop": (MessageProcessor, "_run_prediction_loop"),
    "MessageProcessor._schedule_reminders": (MessageProcessor, "_schedule_reminders"),
    "MessageProcessor._cancel_reminders": (MessageProcessor, "_cancel_reminders"),
    "MessageProcessor.handle_reminder": (MessageProcessor, "handle_reminder"),
    "rasa.core.run.configure_app": (rasa.core.run, "configure_app"),
}
REPLACEMENTS: dict[str, Any] = {
    "RemoteAction.run": remote_action_run,
    "MessageProcessor._run_action": run_action,
    "MessageProcessor.run_action_extract_slots": run_action_extract_slots,
    "MessageProcessor._run_prediction_loop": run_prediction_loop,
    "MessageProcessor._schedule_reminders": schedule_reminders,
    "MessageProcessor._cancel_reminders": staticmethod(cancel_reminders),
    "MessageProcessor.handle_reminder": run_handle_reminder,
    "rasa.core.run.configure_app": configure_app,
}


def install(environ: Mapping[str, str] | None = None) -> None:
    """Read the settings from ``environ`` (default: this process's) and put the
    replacements in place (idempotent). ConfigurationError on a bad setting."""
    source = os.environ if environ is None else environ
    Hooks.settings = read_settings(source)
    Hooks.pause_seconds = pause_seconds(source)
    for name, (owner, attribute) in TARGETS.items():
        setattr(owner, attribute, REPLACEMENTS[name])


def uninstall() -> None:
    """Put Rasa's own functions back (for the tests)."""
    for name, (owner, attribute) in TARGETS.items():
        original = ORIGINALS[name]
        if owner is MessageProcessor and name == "MessageProcessor._cancel_reminders":
            original = staticmethod(original)
        setattr(owner, attribute, original)
