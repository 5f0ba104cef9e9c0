"""Exports of the filtered conversations for the support console: CSV with one row per
conversation, JSON Lines with one line per conversation and every turn in it.

Both are made in chunks (:data:`CHUNK_CONVERSATIONS` conversations each, one query for
their turns), so an export of 100,000 conversations never sits in memory: the caller
streams each chunk as it comes.

Redacted as the console's screens are (:func:`core.redaction.redact`: emails, phone
numbers, cards, street addresses), and more: order numbers are masked too (``[order]``;
a lead who needs one opens the conversation), a conversation id that holds personal data
(a phone number: ``whatsapp:+44...``) is shown redacted, and every row carries a keyed
pseudonym of the conversation (``conversation_key``) that joins the two files and
identifies nobody without the server's secret. CSV cells that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``) are quoted with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import select

from core.db.database import Database
from core.redaction import redact
from shop.conversations import ConversationFilters, ConversationItem, Sort, iter_conversations
from shop.conversations.tables import SUMMARIES, TURNS
from shop.orders import ORDER_NUMBER_PATTERN
from shop.pseudonyms import pseudonym

__all__ = [
    "CHUNK_CONVERSATIONS",
    "CSV_COLUMNS",
    "ORDER_SLOTS",
    "conversation_key",
    "csv_chunks",
    "export_text",
    "jsonl_chunks",
]

CHUNK_CONVERSATIONS = 500
CSV_COLUMNS: tuple[str, ...] = (
    "conversation",
    "conversation_key",
    "channel",
    "started_at",
    "last_activity_at",
    "language",
    "languages",
    "turns",
    "intents",
    "sentiment_min",
    "sentiment_mean",
    "human_offered",
    "handed_over",
    "handover_reason",
    "handed_over_at",
    "agent_joined_at",
    "first_agent_reply_at",
    "agent_messages",
    "fallbacks",
    "rating",
    "comment",
    "searches",
    "failed_searches",
    "verified",
    "tags",
    "first_message",
)
#: Slots whose values are order numbers (masked like order numbers in texts).
ORDER_SLOTS = frozenset({"order_number", "verified_order"})
_ORDER_NUMBER = re.compile(ORDER_NUMBER_PATTERN)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_text(value: str) -> str:
    """``value`` as exports show it: redacted, order numbers masked."""
    return _ORDER_NUMBER.sub("[order]", redact(value))


def conversation_key(secret: str, conversation_id: str) -> str:
    """The export's pseudonym of a conversation (24 hex, keyed: not reversible)."""
    return pseudonym(secret, "console-export", conversation_id)[:24]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _conversation(item: ConversationItem, secret: str) -> dict[str, Any]:
    return {
        "conversation": export_text(item.conversation_id),
        "conversation_key": conversation_key(secret, item.conversation_id),
        "channel": item.channel,
        "started_at": _iso(item.started_at),
        "last_activity_at": _iso(item.last_activity_at),
        "language": item.language,
        "languages": list(item.languages),
        "turns": item.turn_count,
        "intents": list(item.intents),
        "sentiment_min": item.sentiment_min,
        "sentiment_mean": item.sentiment_mean,
        "human_offered": item.human_offered,
        "handed_over": item.handed_over,
        "handover_reason": item.handover_reason,
        "handed_over_at": _iso(item.handed_over_at),
        "agent_joined_at": _iso(item.agent_joined_at),
        "first_agent_reply_at": _iso(item.first_agent_reply_at),
        "agent_messages": item.agent_messages,
        "fallbacks": item.fallback_count,
        "rating": item.rating,
        "comment": export_text(item.comment) if item.comment else None,
        "searches": item.searches,
        "failed_searches": item.failed_searches,
        "verified": item.verified_order is not None,
        "tags": list(item.tags),
        "first_message": export_text(item.preview),
    }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = " ".join(str(part) for part in value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _csv(rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _chunks(items: Iterator[ConversationItem]) -> Iterator[list[ConversationItem]]:
    while chunk := list(islice(items, CHUNK_CONVERSATIONS)):
        yield chunk


def csv_chunks(
    database: Database, filters: ConversationFilters, sort: Sort, secret: str
) -> Iterator[str]:
    """The CSV export in pieces: the header, then one piece per chunk of conversations."""
    yield _csv([CSV_COLUMNS])
    for chunk in _chunks(iter_conversations(database, filters, sort, batch=CHUNK_CONVERSATIONS)):
        records = (_conversation(item, secret) for item in chunk)
        yield _csv([record[column] for column in CSV_COLUMNS] for record in records)


def _clean(value: Any) -> Any:
    """``value`` with every text in it as exports show texts."""
    if isinstance(value, str):
        return export_text(value)
    if isinstance(value, list | tuple):
        return [_clean(part) for part in value]
    if isinstance(value, Mapping):
        return {key: _clean(part) for key, part in value.items()}
    return value


def _slot(pair: Sequence[Any]) -> list[Any]:
    name = str(pair[0]) if pair else ""
    value = pair[1] if len(pair) > 1 else None
    if name in ORDER_SLOTS and value is not None:
        return [name, "[order]"]
    return [name, _clean(value)]


def _turn(values: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "position": values["position"],
        "at": _iso(values["at"]),
        "text": export_text(values["text"] or ""),
        "intent": values["intent"],
        "confidence": values["confidence"],
        "runner_up": values["runner_up"],
        "runner_up_confidence": values["runner_up_confidence"],
        "entities": _clean(list(values["entities"] or ())),
        "language": values["language"],
        "sentiment_label": values["sentiment_label"],
        "sentiment": values["sentiment"],
        "actions": list(values["actions"] or ()),
        "slots": [_slot(pair) for pair in values["slots"] or ()],
        "replies": _clean(list(values["replies"] or ())),
        "searches": _clean(list(values["searches"] or ())),
        "events": _clean(list(values["events"] or ())),
        "fallback": bool(values["fallback"]),
        "handed_over": bool(values["handed_over"]),
        "handover_reason": values["handover_reason"],
    }


def _turns(database: Database, conversation_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    statement = (
        select(SUMMARIES.c.conversation_id, TURNS)
        .join(SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
        .where(SUMMARIES.c.conversation_id.in_(conversation_ids))
        .order_by(TURNS.c.conversation_pk, TURNS.c.position)
    )
    found: dict[str, list[dict[str, Any]]] = {}
    with database.begin() as connection:
        for row in connection.execute(statement):
            values = row._mapping
            found.setdefault(values["conversation_id"], []).append(_turn(values))
    return found


def jsonl_chunks(
    database: Database, filters: ConversationFilters, sort: Sort, secret: str
) -> Iterator[str]:
    """The JSON Lines export in pieces: ``{"conversation": {...}, "turns": [...]}`` per
    line, one piece per chunk of conversations."""
    for chunk in _chunks(iter_conversations(database, filters, sort, batch=CHUNK_CONVERSATIONS)):
        turns = _turns(database, [item.conversation_id for item in chunk])
        yield "".join(
            json.dumps(
                {
                    "conversation": _conversation(item, secret),
                    "turns": turns.get(item.conversation_id, []),
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            + "\n"
            for item in chunk
        )
