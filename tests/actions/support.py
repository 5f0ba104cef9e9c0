"""Building trackers from events and running actions the way the action server does."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

ROOT = Path(__file__).resolve().parents[2]
Event = dict[str, Any]


@lru_cache(maxsize=1)
def domain() -> dict[str, Any]:
    """domain.yml as the action server receives it."""
    return dict(yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")))


def initial_slots() -> dict[str, Any]:
    """Every slot at its initial value."""
    return {name: spec.get("initial_value") for name, spec in domain()["slots"].items()}


def user(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> Event:
    """A user message event with its parse data."""
    return {
        "event": "user",
        "text": text,
        "parse_data": {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": entities or [],
        },
    }


def slot(name: str, value: Any) -> Event:
    """A slot event."""
    return {"event": "slot", "name": name, "value": value}


def make_tracker(
    events: list[Event],
    slots: dict[str, Any] | None = None,
    sender_id: str = "test-conversation",
    active_loop: str | None = None,
    paused: bool = False,
) -> Tracker:
    """A tracker with ``events``; slot values are the initial ones, then ``slots``, then the
    values that slot events in ``events`` set."""
    values = initial_slots()
    values.update(slots or {})
    for event in events:
        if event["event"] == "slot":
            values[event["name"]] = event["value"]
    latest = next((e["parse_data"] for e in reversed(events) if e["event"] == "user"), {})
    return Tracker(
        sender_id,
        values,
        latest,
        events,
        paused,
        None,
        {"name": active_loop} if active_loop else {},
        "action_listen",
    )


@dataclass
class ActionResult:
    """What one action run produced."""

    events: list[Event]
    messages: list[dict[str, Any]]

    @property
    def responses(self) -> list[str]:
        """The names of the responses uttered, in order."""
        return [message.get("response") or "" for message in self.messages]

    def slot_values(self) -> dict[str, Any]:
        """The slot values the returned events set (last one wins)."""
        return {e["name"]: e["value"] for e in self.events if e.get("event") == "slot"}

    def message(self, response: str) -> dict[str, Any]:
        """The first message that uttered ``response``."""
        return next(m for m in self.messages if m.get("response") == response)


def run_action(action: Action, tracker: Tracker) -> ActionResult:
    """Run ``action`` on ``tracker`` with a collecting dispatcher."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain()))
    return ActionResult(
        events=[dict(event) for event in events or []], messages=dispatcher.messages
    )


def run_reading(reading: Callable[[Tracker], list[Event]], tracker: Tracker) -> ActionResult:
    """Run one reading of ``action_read_message`` (it utters nothing) on ``tracker``."""
    return ActionResult(events=[dict(event) for event in reading(tracker)], messages=[])
