"""Entities as spans of a message: checking them, and carrying them through redaction.

A message is cut at its entities into pieces; each piece can be rewritten on its own (the
redaction, the placeholders of the NLU export) and the spans are laid on the rewritten
text again, so an entity keeps covering the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from itertools import pairwise
from typing import Any

from core.errors import AnnotationError
from core.redaction import redact
from shop.annotations.views import EntitySpan
from shop.annotations.vocabulary import Vocabulary

__all__ = [
    "MAX_ENTITIES",
    "MAX_VALUE_CHARACTERS",
    "Piece",
    "check_spans",
    "pieces",
    "redacted_spans",
    "rewrite",
]

MAX_ENTITIES = 20
MAX_VALUE_CHARACTERS = 200
#: A piece of a message and the entity it is (None: words between entities).
Piece = tuple[str, EntitySpan | None]


def pieces(text: str, spans: Iterable[EntitySpan]) -> list[Piece]:
    """``text`` cut at ``spans`` (in range, not overlapping), in order."""
    cut: list[Piece] = []
    at = 0
    for span in sorted(spans, key=lambda span: span.start):
        if span.start > at:
            cut.append((text[at : span.start], None))
        cut.append((text[span.start : span.end], span))
        at = span.end
    if at < len(text):
        cut.append((text[at:], None))
    return cut


def _joined(parts: Iterable[Piece]) -> tuple[str, tuple[EntitySpan, ...]]:
    text = ""
    spans: list[EntitySpan] = []
    for piece, span in parts:
        if span is not None and piece:
            spans.append(EntitySpan(len(text), len(text) + len(piece), span.entity, span.value))
        text += piece
    return text, tuple(spans)


def rewrite(
    text: str,
    spans: Iterable[EntitySpan],
    change: Callable[[str], str],
    change_value: Callable[[str], str] | None = None,
) -> tuple[str, tuple[EntitySpan, ...]]:
    """``change`` applied to each piece on its own, the spans laid on the result (an
    entity whose words vanish is dropped); ``change_value`` rewrites the values."""
    rewritten: list[Piece] = []
    for piece, span in pieces(text, spans):
        if span is not None and span.value is not None and change_value is not None:
            span = EntitySpan(span.start, span.end, span.entity, change_value(span.value))
        rewritten.append((change(piece), span))
    return _joined(rewritten)


def _integer(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _value(raw: Any, words: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str | int | float) or isinstance(raw, bool):
        raise AnnotationError("an entity's value is a text")
    value = " ".join(str(raw).split())
    if len(value) > MAX_VALUE_CHARACTERS:
        raise AnnotationError(f"an entity's value has at most {MAX_VALUE_CHARACTERS} characters")
    return value if value and value != words else None


def check_spans(text: str, given: Any, vocabulary: Vocabulary) -> tuple[EntitySpan, ...]:
    """The entities of a correction, checked against ``text`` and the domain: ``start``
    and ``end`` within the text (spaces at either end left out), not overlapping, an
    entity of the domain, an optional ``value``; :class:`AnnotationError` otherwise."""
    if given is None:
        return ()
    if not isinstance(given, list | tuple):
        raise AnnotationError("entities are a list")
    if len(given) > MAX_ENTITIES:
        raise AnnotationError(f"a message has at most {MAX_ENTITIES} entities")
    spans: list[EntitySpan] = []
    for entry in given:
        if not isinstance(entry, Mapping):
            raise AnnotationError("an entity has a start, an end and a name")
        start, end = _integer(entry.get("start")), _integer(entry.get("end"))
        if start is None or end is None or not 0 <= start < end <= len(text):
            raise AnnotationError("an entity's start and end lie within the message")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            raise AnnotationError("an entity covers at least one word")
        name = vocabulary.entity(entry.get("entity"))
        spans.append(EntitySpan(start, end, name, _value(entry.get("value"), text[start:end])))
    spans.sort(key=lambda span: span.start)
    for before, after in pairwise(spans):
        if after.start < before.end:
            raise AnnotationError("entities do not overlap")
    return tuple(spans)


def _predicted(text: str, raw: Iterable[Any]) -> list[EntitySpan]:
    """The bot's entities that are usable spans of ``text`` (the rest left out)."""
    spans: list[EntitySpan] = []
    for entry in raw:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("entity"), str):
            continue
        start, end = _integer(entry.get("start")), _integer(entry.get("end"))
        if start is None or end is None or not 0 <= start < end <= len(text):
            continue
        if any(start < span.end and span.start < end for span in spans):
            continue
        value = entry.get("value")
        words = text[start:end]
        shown = str(value) if isinstance(value, str | int | float) else None
        spans.append(
            EntitySpan(start, end, entry["entity"], shown if shown and shown != words else None)
        )
    return spans


def redacted_spans(text: str, raw: Iterable[Any]) -> tuple[EntitySpan, ...]:
    """The bot's entities (offsets in the message as typed) moved onto ``redact(text)``,
    the text the console shows and corrections keep; none when that cannot be done
    exactly (a redaction that crosses an entity's edge)."""
    spans = _predicted(text, raw)
    if not spans:
        return ()
    shown, moved = rewrite(text, spans, redact, redact)
    if shown != redact(text):
        return ()
    return tuple(
        EntitySpan(
            span.start,
            span.end,
            span.entity,
            None if span.value == shown[span.start : span.end] else span.value,
        )
        for span in moved
    )
