"""Two of Rasa 3.6's per-turn costs removed, with the same results (installed by bot/server.py).

Profiling the Rasa server over a long conversation (py-spy, docs/benchmarks.md "Fast
turns") found two pieces of work that Rasa repeats on every call although their input never
changes:

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

Both are replaced at the class level, once, by :func:`install`; each keeps a reference to
Rasa's original in :data:`ORIGINALS` for the tests. Rasa is pinned (requirements/rasa.txt),
and ``tests/bot/test_rasa_speedups.py`` checks each replacement against the original.
"""

from __future__ import annotations

import inspect
from typing import Any

import rasa.shared.utils.common
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event

__all__ = ["ORIGINALS", "install", "resolve_event_type", "validate_action_result"]

#: Rasa's own functions, by the name this module replaces.
ORIGINALS: dict[str, Any] = {
    "RemoteAction._validate_action_result": RemoteAction._validate_action_result,
    "Event.resolve_by_type": Event.resolve_by_type,
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


def install() -> None:
    """Put the two replacements in place (idempotent)."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign]
