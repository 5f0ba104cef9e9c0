"""What the annotation services hand out: immutable, JSON-ready records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["CorrectionPage", "CorrectionView", "Count", "EntitySpan", "NoteView"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class EntitySpan:
    """An entity in a message: ``text[start:end]`` (code points) is an ``entity``;
    ``value`` when it differs from the words (``#100 234`` is ``100234``)."""

    start: int
    end: int
    entity: str
    value: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (no ``value`` key when there is none)."""
        data: dict[str, Any] = {"start": self.start, "end": self.end, "entity": self.entity}
        if self.value is not None:
            data["value"] = self.value
        return data


@dataclass(frozen=True)
class NoteView:
    """A note on a conversation (its body redacted)."""

    id: int
    conversation_id: str
    author: str
    body: str
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "author": self.author,
            "body": self.body,
            "created_at": _iso(self.created_at),
        }


@dataclass(frozen=True)
class CorrectionView:
    """A shopper message with the intent and entities it should have had (text redacted)."""

    id: int
    conversation_id: str
    turn_position: int
    message_id: str | None
    text: str
    language: str
    predicted_intent: str | None
    predicted_confidence: float | None
    intent: str
    entities: tuple[EntitySpan, ...]
    kind: str
    status: str
    author: str
    created_at: datetime
    updated_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "turn_position": self.turn_position,
            "message_id": self.message_id,
            "text": self.text,
            "language": self.language,
            "predicted_intent": self.predicted_intent,
            "predicted_confidence": self.predicted_confidence,
            "intent": self.intent,
            "entities": [entity.to_dict() for entity in self.entities],
            "kind": self.kind,
            "status": self.status,
            "author": self.author,
            "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at),
            "reviewed_by": self.reviewed_by,
            "reviewed_at": _iso(self.reviewed_at),
        }


@dataclass(frozen=True)
class CorrectionPage:
    """A page of corrections and how many match in all."""

    items: tuple[CorrectionView, ...]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the matches fill."""
        return max(1, -(-self.total // self.size))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "items": [item.to_dict() for item in self.items],
            "total": self.total,
            "page": self.page,
            "size": self.size,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class Count:
    """How many of something (an intent's open corrections, a tag's conversations)."""

    name: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"name": self.name, "count": self.count}
