"""Hand-made Rasa events (as ``Event.as_dict()`` writes them), for the summary tests.

:class:`Script` hands out events of one conversation with increasing timestamps, in the
order Rasa stores them (an action first, then what it returned).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["START", "Script", "publish"]

#: 2026-05-28T21:46:40Z, the start of every scripted conversation unless told otherwise.
START = 1_780_000_000.0


class Script:
    """Events of one conversation; every event is 0.01 s after the previous one."""

    def __init__(self, start: float = START, channel: str = "rest") -> None:
        self.at = start
        self.channel = channel
        self.events: list[dict[str, Any]] = []
        self._messages = 0

    def _add(self, event: dict[str, Any]) -> dict[str, Any]:
        self.at = round(self.at + 0.01, 6)
        event = {"timestamp": self.at, **event}
        self.events.append(event)
        return event

    def wait(self, seconds: float) -> Script:
        """Let time pass."""
        self.at += seconds
        return self

    def session_start(self) -> Script:
        """What Rasa writes when a session starts."""
        self._add({"event": "action", "name": "action_session_start"})
        self._add({"event": "session_started"})
        self._add({"event": "action", "name": "action_listen"})
        return self

    def user(
        self,
        text: str,
        intent: str | None = "greet",
        confidence: float = 0.93,
        *,
        runner_up: tuple[str, float] | None = ("goodbye", 0.04),
        language: str | None = "en",
        sentiment: tuple[str, float] | None = ("neutral", 0.0),
        entities: Sequence[dict[str, Any]] = (),
    ) -> Script:
        """A shopper message with its parse data."""
        self._messages += 1
        ranking = [{"name": intent, "confidence": confidence}] if intent else []
        if runner_up is not None:
            ranking.append({"name": runner_up[0], "confidence": runner_up[1]})
        parse_data: dict[str, Any] = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence} if intent else {},
            "intent_ranking": ranking,
            "entities": list(entities),
        }
        if language:
            parse_data["language"] = {"language": language, "confidence": 0.99}
        if sentiment:
            label, score = sentiment
            parse_data["sentiment"] = {"label": label, "score": score, "confidence": 0.8}
        self._add(
            {
                "event": "user",
                "text": text,
                "parse_data": parse_data,
                "input_channel": self.channel,
                "message_id": f"m{self._messages:04d}-{int(self.at)}",
                "metadata": {},
            }
        )
        return self

    def action(self, name: str) -> Script:
        """An action run."""
        self._add({"event": "action", "name": name, "policy": "RulePolicy", "confidence": 1.0})
        return self

    def bot(
        self,
        text: str,
        response: str | None = None,
        *,
        agent: str | None = None,
        buttons: Sequence[str] = (),
        products: Sequence[str] = (),
    ) -> Script:
        """A bot message (``response`` names it) or an agent's (``agent``)."""
        metadata: dict[str, Any] = {}
        if response:
            metadata["utter_action"] = response
        if agent:
            metadata["shopbot_agent"] = agent
        data: dict[str, Any] = {}
        if buttons:
            data["buttons"] = [{"title": title, "payload": "/x"} for title in buttons]
        if products:
            data["custom"] = {
                "type": "product_cards",
                "cards": [{"title": title, "id": f"P{n}"} for n, title in enumerate(products)],
            }
        self._add({"event": "bot", "text": text, "data": data, "metadata": metadata})
        return self

    def slot(self, name: str, value: Any) -> Script:
        """A slot set."""
        self._add({"event": "slot", "name": name, "value": value})
        return self

    def pause(self) -> Script:
        """The conversation paused for a person."""
        self._add({"event": "pause"})
        return self

    def resume(self) -> Script:
        """The bot resumed."""
        self._add({"event": "resume"})
        return self

    def listen(self) -> Script:
        """``action_listen``."""
        return self.action("action_listen")


def publish(path: Path, events: Iterable[tuple[str, dict[str, Any]]]) -> None:
    """Append ``(sender, event)`` rows to a broker table as Rasa's SQL event broker does
    (the table is made like Rasa makes it when missing)."""
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS events "
            "(id INTEGER NOT NULL PRIMARY KEY, sender_id VARCHAR(255), data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, data) VALUES (?, ?)",
            [(sender, json.dumps({"sender_id": sender, **event})) for sender, event in events],
        )
