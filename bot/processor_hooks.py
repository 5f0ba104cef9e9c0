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

:data:`ORIGINALS` keeps Rasa's functions for the tests; :func:`install` is idempotent.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from rasa.core.actions.action import Action, RemoteAction
from rasa.core.channels.channel import OutputChannel
from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.action_outage import call_action_server, end_turn, noting_outages, turn_ended
from bot.paused_conversations import paused_reply, run_paused_reply
from bot.settings import RasaSideSettings, read_settings
from bot.winding_down import set_pause_reminder
from core.errors import ActionServerUnavailable
from core.feedback_timing import pause_seconds

__all__ = ["ORIGINALS", "Hooks", "install", "uninstall"]

#: Rasa's own functions, by the name this module replaces.
ORIGINALS: dict[str, Any] = {
    "RemoteAction.run": RemoteAction.run,
    "MessageProcessor._run_action": MessageProcessor._run_action,
    "MessageProcessor.run_action_extract_slots": MessageProcessor.run_action_extract_slots,
    "MessageProcessor._run_prediction_loop": MessageProcessor._run_prediction_loop,
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


#: Where each replaced function lives: its owner and attribute, by its name in ORIGINALS.
TARGETS: dict[str, tuple[Any, str]] = {
    "RemoteAction.run": (RemoteAction, "run"),
    "MessageProcessor._run_action": (MessageProcessor, "_run_action"),
    "MessageProcessor.run_action_extract_slots": (MessageProcessor, "run_action_extract_slots"),
    "MessageProcessor._run_prediction_loop": (MessageProcessor, "_run_prediction_loop"),
}
REPLACEMENTS: dict[str, Any] = {
    "RemoteAction.run": remote_action_run,
    "MessageProcessor._run_action": run_action,
    "MessageProcessor.run_action_extract_slots": run_action_extract_slots,
    "MessageProcessor._run_prediction_loop": run_prediction_loop,
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
        setattr(owner, attribute, ORIGINALS[name])
