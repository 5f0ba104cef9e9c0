"""Seeding many conversations for the console benchmark by replaying recorded ones.

The recordings (``bench/data/console_conversations.jsonl``, made by
``bench/console_conversations.py`` from the real bot) are replayed with new conversation
ids, a start anywhere in the year before, and a channel drawn from a realistic mix; their
events (timestamps moved, the channel set on every shopper message) go through the same
fold as the consumer's and are written in bulk, a thousand conversations per transaction.
Languages and outcomes (searches that found nothing, hand-overs of every reason, ratings,
frustrated shoppers) come with the recording drawn; every recording is drawn about as
often.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.db.database import Database
from core.settings import PROJECT_ROOT
from shop.conversations import ConversationState, fold_event
from shop.conversations.store import save_states

__all__ = ["CHANNELS", "RECORDINGS", "Recording", "load_recordings", "replays", "seed"]

RECORDINGS = PROJECT_ROOT / "bench" / "data" / "console_conversations.jsonl"
#: Channels and how often each one carries a conversation.
CHANNELS: tuple[tuple[str, float], ...] = (
    ("socketio", 0.55),
    ("rest", 0.05),
    ("telegram", 0.12),
    ("twilio", 0.12),
    ("messenger", 0.08),
    ("slack", 0.08),
)
YEAR_SECONDS = 365 * 86_400.0
BATCH = 1000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Recording:
    """One recorded conversation: its script's name, language and events."""

    name: str
    language: str
    events: tuple[dict[str, Any], ...]

    @property
    def start(self) -> float:
        """The timestamp of its first event."""
        return float(self.events[0]["timestamp"])


def load_recordings(path: Path = RECORDINGS) -> list[Recording]:
    """The recorded conversations of the JSON Lines file."""
    recordings = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                events = tuple(
                    e for e in record["events"] if isinstance(e.get("timestamp"), float | int)
                )
                if events:
                    recordings.append(Recording(record["name"], record["language"], events))
    if not recordings:
        raise ValueError(f"no recorded conversation in {path}")
    return recordings


def _replayed(recording: Recording, start: float, channel: str) -> list[dict[str, Any]]:
    """The recording's events moved to ``start`` on ``channel`` (shallow copies: the fold
    never changes the events it reads)."""
    shift = start - recording.start
    events = []
    for event in recording.events:
        copy = dict(event)
        copy["timestamp"] = float(event["timestamp"]) + shift
        if copy.get("event") == "user":
            copy["input_channel"] = channel
        events.append(copy)
    return events


def replays(
    recordings: Sequence[Recording], count: int, now: float, seed: int = 7
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """``count`` conversations ``(id, events)``: a recording each, a start in the year
    before ``now``, a channel."""
    rng = random.Random(seed)
    names, weights = zip(*CHANNELS, strict=True)
    for number in range(count):
        recording = rng.choice(recordings)
        channel = rng.choices(names, weights)[0]
        start = now - rng.random() * YEAR_SECONDS
        yield f"{channel}-bench-{number:07d}", _replayed(recording, start, channel)


def seed(
    database: Database,
    conversations: Iterator[tuple[str, list[dict[str, Any]]]],
    total: int,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fold and write the conversations; how many conversations, turns and events."""
    written = turns = events = 0
    batch: list[ConversationState] = []

    def flush() -> None:
        nonlocal turns
        with database.begin() as connection:
            turns += save_states(connection, batch)
        batch.clear()

    for sender, sender_events in conversations:
        state = ConversationState(sender)
        for event in sender_events:
            events += fold_event(state, event)
        batch.append(state)
        written += 1
        if len(batch) >= BATCH:
            flush()
            if progress is not None:
                progress(written, total)
    if batch:
        flush()
    if progress is not None:
        progress(written, total)
    return {"conversations": written, "turns": turns, "events": events}
