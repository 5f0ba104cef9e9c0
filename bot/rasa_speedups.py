"""Five of Rasa 3.6's per-turn costs removed, with the same results (installed by bot/server.py).

Profiling the Rasa server over a long conversation (py-spy, docs/benchmarks.md "Fast
turns") found work that Rasa repeats on every call although its input has not changed:

- **The action server's answer is checked against a JSON schema** with
  ``jsonschema.validate``, which first checks the *schema itself* against its meta-schema
  and compiles a validator, on every action call: 23% of the server's busy time. Here the
  validator is compiled once and applied the same way (``best_match`` of its errors, the
  same message added), so a malformed answer is refused exactly as before.
- **Every event read back is matched to its class** by listing all subclasses of ``Event``
  recursively and testing each (``Event.resolve_by_type``), for each event of each tracker
  loaded from the tracker store or returned by an action: 19%. Here the lookup is a
  dictionary of the same classes, rebuilt when a name is missing (a class imported later),
  with the same first-match order and the same errors.

- **The states of the whole conversation are rebuilt for every prediction**: each policy
  (memoization, rules, TED) asks for ``Domain.states_for_tracker_history``, which replays
  every event of the conversation into a fresh tracker, several times per action predicted;
  the cost grew with the conversation's length (a 160-turn conversation's last turns took
  three times its first). Here the replay is kept per conversation and options
  (:class:`HistoryStates`) and resumed from where it stopped when the conversation's events
  are the same objects with more at the end (anything else, a reverted or restarted turn,
  starts again from the first event), so each event is replayed once. The final state (after
  the latest event) is made on the side, as Rasa's last step does.

- **The events that count are worked out from the first event, every time**
  (``DialogueStateTracker.applied_events``: reverted turns and repeated form steps left
  out), several times per prediction. Here each tracker keeps the result with how far it
  got, and goes on from there while its events are the same with more at the end and no
  new form has appeared (a form's name changes how earlier events count); anything else
  starts from the first event again.
- **The tracker sent with each action call is serialised by the standard library's json**
  (aiohttp's default), 16% of the server's time late in a long conversation. Here the
  session of ``EndpointConfig`` serialises with ``ujson`` (already in Rasa's environment),
  the same data (what ujson refuses, such as NaN, goes to json).

All are replaced at the class level, once, by :func:`install`; each keeps a reference to
Rasa's original in :data:`ORIGINALS` for the tests. Rasa is pinned (requirements/rasa.txt),
and ``tests/bot/test_rasa_speedups.py`` and ``tests/bot/test_history_states.py`` check each
replacement against the original.
"""

from __future__ import annotations

import inspect
import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import rasa.shared.utils.common
import ujson
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.constants import DEFAULT_REQUEST_TIMEOUT
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

__all__ = [
    "HISTORY_CACHE_SIZE",
    "ORIGINALS",
    "AppliedEvents",
    "HistoryStates",
    "applied_events",
    "dumps",
    "endpoint_session",
    "install",
    "resolve_event_type",
    "states_for_tracker_history",
    "validate_action_result",
]

#: Rasa's own functions, by the name this module replaces.
ORIGINALS: dict[str, Any] = {
    "RemoteAction._validate_action_result": RemoteAction._validate_action_result,
    "Event.resolve_by_type": Event.resolve_by_type,
    "Domain.states_for_tracker_history": Domain.states_for_tracker_history,
    "EndpointConfig.session": EndpointConfig.session,
    "DialogueStateTracker.applied_events": DialogueStateTracker.applied_events,
}

_SCHEMA = RemoteAction.action_response_format_spec()
_VALIDATOR = validator_for(_SCHEMA)(_SCHEMA)
_EVENT_TYPES: dict[str, type[Event]] = {}


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's check of an action server's answer, with the validator compiled once."""
    error = best_match(_VALIDATOR.iter_errors(result))
    if error is None:
        return True
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def _event_types() -> dict[str, type[Event]]:
    """The non-abstract event classes by type name, first found first (Rasa's order)."""
    found: dict[str, type[Event]] = {}
    for cls in rasa.shared.utils.common.all_subclasses(Event):
        if not inspect.isabstract(cls):
            found.setdefault(cls.type_name, cls)
    return found


def resolve_event_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """``Event.resolve_by_type`` from a dictionary (rebuilt once for a name it lacks)."""
    cls = _EVENT_TYPES.get(type_name)
    if cls is None:
        _EVENT_TYPES.clear()
        _EVENT_TYPES.update(_event_types())
        cls = _EVENT_TYPES.get(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # as Rasa: old TopicSet events are skipped
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


#: Conversations-and-options whose replay is kept (least recently used go first).
HISTORY_CACHE_SIZE = 4000


@dataclass
class HistoryStates:
    """Rasa's replay of one conversation's events, stopped after ``events``."""

    prior: DialogueStateTracker
    #: The domain the states are of (held, so that its id in the key is never reused).
    domain: Domain | None = None
    events: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    last_ml_action_sub_state: Any = None  # what Domain._get_prev_action_sub_state gives
    turn_was_hidden: bool = False

    def extends(self, applied: list[Event]) -> bool:
        """True when ``applied`` starts with exactly the events replayed so far."""
        done = self.events
        return len(applied) >= len(done) and all(
            a is b for a, b in zip(applied, done, strict=False)
        )


_HISTORIES: OrderedDict[tuple[Any, ...], HistoryStates] = OrderedDict()


def _step(
    domain: Domain,
    progress: HistoryStates,
    states: list[State],
    tracker: DialogueStateTracker,
    hide_rule_turn: bool,
    omit_unset_slots: bool,
    ignore_rule_only_turns: bool,
    rule_only_data: dict[str, Any] | None,
) -> None:
    """One pass of Rasa's loop in ``states_for_tracker_history`` (same statements, same
    order), on ``progress``'s two variables and the ``states`` list."""
    if ignore_rule_only_turns:
        if not progress.turn_was_hidden:
            progress.last_ml_action_sub_state = domain._get_prev_action_sub_state(tracker)
        if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
            progress.turn_was_hidden = hide_rule_turn
        if progress.turn_was_hidden:
            return
    state = domain.get_active_state(tracker, omit_unset_slots=omit_unset_slots)
    if ignore_rule_only_turns:
        domain._remove_rule_only_features(state, rule_only_data)
        if states:
            domain._substitute_rule_only_user_input(state, states[-1])
        if progress.last_ml_action_sub_state:
            state[PREVIOUS_ACTION] = progress.last_ml_action_sub_state
    states.append(domain._clean_state(state))


def states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """``Domain.states_for_tracker_history``, resuming the conversation's kept replay."""
    applied = tracker.applied_events()
    key = (
        id(self),
        tracker.sender_id,
        tracker.is_rule_tracker,
        tracker._max_event_history,
        omit_unset_slots,
        ignore_rule_only_turns,
        repr(rule_only_data),
    )
    progress = _HISTORIES.pop(key, None)
    if progress is None or progress.domain is not self or not progress.extends(applied):
        progress = HistoryStates(prior=tracker.init_copy(), domain=self)
    options = (omit_unset_slots, ignore_rule_only_turns, rule_only_data)
    for event in applied[len(progress.events) :]:
        if isinstance(event, ActionExecuted):
            _step(self, progress, progress.states, progress.prior, event.hide_rule_turn, *options)
        progress.prior.update(event)
        progress.events.append(event)
    _HISTORIES[key] = progress
    while len(_HISTORIES) > HISTORY_CACHE_SIZE:
        _HISTORIES.popitem(last=False)
    # Rasa's last step (the state after the latest event) belongs to this call only.
    final = HistoryStates(
        prior=progress.prior,
        last_ml_action_sub_state=progress.last_ml_action_sub_state,
        turn_was_hidden=progress.turn_was_hidden,
    )
    # Copies two levels deep (a state's parts are dicts of strings and tuples): a caller
    # that edits what it gets, as Rasa's featurisers do, leaves the kept states as they were.
    states: list[State] = [
        {name: dict(part) for name, part in state.items()} for state in progress.states
    ]
    _step(self, final, states, progress.prior, False, *options)
    return states


def endpoint_session(self: EndpointConfig) -> aiohttp.ClientSession:
    """``EndpointConfig.session`` (same headers, authentication and timeout) with request
    bodies serialised by :func:`dumps`."""
    auth = None
    if self.basic_auth:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=self.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        json_serialize=dumps,
    )


def dumps(value: Any) -> str:
    """JSON text of ``value`` by ujson (``/`` not escaped, non-ASCII escaped, as
    ``json.dumps``); what ujson refuses (NaN, huge integers) goes to ``json.dumps``."""
    try:
        text: str = ujson.dumps(value, escape_forward_slashes=False, ensure_ascii=True)
    except (OverflowError, TypeError, ValueError):
        text = json.dumps(value)
    return text


@dataclass
class AppliedEvents:
    """``applied_events`` of a tracker's first ``count`` events (kept on the tracker)."""

    count: int
    first: Event | None
    last: Event | None
    loop_names: frozenset[str]
    applied: list[Event]


_APPLIED = "_shopbot_applied_events"


def applied_events(self: DialogueStateTracker) -> list[Event]:
    """``DialogueStateTracker.applied_events``, going on from the kept result."""
    events = self.events
    total = len(events)
    kept: AppliedEvents | None = self.__dict__.get(_APPLIED)
    if (
        kept is None
        or kept.count > total
        or (kept.count and (events[0] is not kept.first or events[kept.count - 1] is not kept.last))
    ):
        kept = AppliedEvents(0, None, None, frozenset(), [])
    new = list(itertools.islice(events, kept.count, total))
    loop_names = kept.loop_names | {
        event.name for event in new if isinstance(event, ActiveLoop) and event.name
    }
    if loop_names != kept.loop_names and kept.count:
        return _applied_from_start(self)
    applied = list(kept.applied)
    _apply(self, new, frozenset(loop_names), applied)
    self.__dict__[_APPLIED] = AppliedEvents(
        total,
        events[0] if total else None,
        events[-1] if total else None,
        frozenset(loop_names),
        applied,
    )
    return list(applied)


def _applied_from_start(tracker: DialogueStateTracker) -> list[Event]:
    tracker.__dict__.pop(_APPLIED, None)
    return applied_events(tracker)


def _apply(
    tracker: DialogueStateTracker,
    events: list[Event],
    loop_names: frozenset[str],
    applied: list[Event],
) -> None:
    """Rasa's loop in ``applied_events`` (same statements, same order) over ``events``,
    continuing ``applied`` in place."""
    for event in events:
        if isinstance(event, (Restarted, SessionStarted)):
            applied.clear()
        elif isinstance(event, ActionReverted):
            tracker._undo_till_previous(ActionExecuted, applied)
        elif isinstance(event, UserUtteranceReverted):
            tracker._undo_till_previous(UserUttered, applied)
            tracker._undo_till_previous(ActionExecuted, applied)
        elif (
            isinstance(event, ActionExecuted)
            and event.action_name in loop_names
            and not tracker._first_loop_execution_or_unhappy_path(event.action_name, applied)
        ):
            tracker._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)


def install() -> None:
    """Put the replacements in place (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign]
    Domain.states_for_tracker_history = states_for_tracker_history  # type: ignore[method-assign]
    EndpointConfig.session = endpoint_session  # type: ignore[method-assign]
    DialogueStateTracker.applied_events = applied_events  # type: ignore[method-assign]
