"""Small formatting helpers the conversation pages hand their templates."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from core.redaction import redact
from shop.annotations import EntitySpan
from shopbot.console.headers import CONSOLE_PREFIX

__all__ = [
    "CONVERSATIONS_PATH",
    "conversation_api",
    "conversation_url",
    "entity_json",
    "percent",
    "score",
    "sentiment_class",
    "slot_value",
]

CONVERSATIONS_PATH = f"{CONSOLE_PREFIX}/conversations"
_NEGATIVE, _POSITIVE = -0.3, 0.3


def conversation_url(conversation_id: str) -> str:
    """The transcript page of a conversation (the id percent-encoded, "/" too)."""
    return f"{CONVERSATIONS_PATH}/{quote(conversation_id, safe='')}"


def conversation_api(conversation_id: str) -> str:
    """The JSON API of a conversation."""
    return f"{CONSOLE_PREFIX}/api/conversations/{quote(conversation_id, safe='')}"


def score(value: float | None) -> str:
    """A sentiment score with its sign (``-0.42``), or "–"."""
    return "–" if value is None else f"{value:+.2f}"


def percent(value: float | None) -> str:
    """A confidence as a percentage (``93%``), or ""."""
    return "" if value is None else f"{value * 100:.0f}%"


def sentiment_class(value: float | None) -> str:
    """The CSS class of a sentiment score: negative, neutral or positive."""
    if value is None:
        return "sentiment-none"
    if value <= _NEGATIVE:
        return "sentiment-negative"
    if value >= _POSITIVE:
        return "sentiment-positive"
    return "sentiment-neutral"


def slot_value(value: Any) -> str:
    """A slot's value as one short line (already redacted by the transcript; again here)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = redact(" ".join(str(text).split()))
    return text if len(text) <= 200 else text[:199] + "…"


def entity_json(spans: Iterable[EntitySpan]) -> str:
    """Entity spans as JSON for a ``data-`` attribute (escaped by the template)."""
    return json.dumps([span.to_dict() for span in spans], ensure_ascii=False)
