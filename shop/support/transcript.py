"""A conversation's transcript for an agent, read from Rasa tracker events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from core.conversation_events import is_shopper_message

__all__ = ["AGENT_METADATA_KEY", "Speaker", "TranscriptLine", "transcript_from_events"]

#: Key of a bot event's metadata that names the human agent who wrote it.
AGENT_METADATA_KEY = "shopbot_agent"
Speaker = Literal["shopper", "bot", "agent", "system"]
_SYSTEM_EVENTS = {"pause": "conversation paused for a human", "resume": "bot resumed"}


@dataclass(frozen=True)
class TranscriptLine:
    """One line of the transcript: who said what, when (UTC)."""

    at: datetime
    speaker: Speaker
    text: str
    author: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


def _bot_text(event: Mapping[str, Any]) -> str:
    text = str(event.get("text") or "")
    data = event.get("data") or {}
    buttons = data.get("buttons") or []
    if buttons:
        titles = " | ".join(str(button.get("title") or "") for button in buttons)
        text = f"{text}\n[{titles}]" if text else f"[{titles}]"
    custom = data.get("custom") or {}
    if isinstance(custom, dict) and custom.get("type") == "product_cards":
        titles = ", ".join(str(card.get("title") or "") for card in custom.get("cards") or [])
        text = f"{text}\n[products: {titles}]" if text else f"[products: {titles}]"
    return text


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> list[TranscriptLine]:
    """Shopper messages, bot and agent messages, pauses and resumes, in order."""
    lines: list[TranscriptLine] = []
    for event in events:
        kind = event.get("event")
        at = datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=UTC)
        if kind == "user" and not is_shopper_message(event):
            continue
        if kind == "user":
            lines.append(TranscriptLine(at, "shopper", str(event.get("text") or "")))
        elif kind == "bot":
            author = (event.get("metadata") or {}).get(AGENT_METADATA_KEY)
            text = _bot_text(event)
            if author:
                lines.append(TranscriptLine(at, "agent", text, author=str(author)))
            elif text:
                lines.append(TranscriptLine(at, "bot", text))
        elif kind in _SYSTEM_EVENTS:
            lines.append(TranscriptLine(at, "system", _SYSTEM_EVENTS[str(kind)]))
    return lines
