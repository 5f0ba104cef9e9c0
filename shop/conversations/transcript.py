"""One conversation in full for the console: every turn with what the bot understood.

Read from the summaries (never from Rasa's events), plus the orders the conversation
verified, from the order database, for context. Personal data in texts, entity and slot
values, search words and the comment is redacted unless ``redacted=False`` (an admin's
reveal, which the caller records in the audit log).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from core.db.database import Database
from core.errors import NotFoundError
from core.redaction import redact
from shop.conversations.queries import conversation_item
from shop.conversations.tables import SUMMARIES, TURNS
from shop.conversations.tags import tags_of
from shop.conversations.views import Reply, Search, Transcript, TranscriptTurn
from shop.orders import load_order_view

__all__ = ["transcript"]


def _clean(value: Any, redacted: bool) -> Any:
    """``value`` with every string in it redacted (when asked)."""
    if not redacted:
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list | tuple):
        return [_clean(item, redacted) for item in value]
    if isinstance(value, Mapping):
        return {key: _clean(item, redacted) for key, item in value.items()}
    return value


def _reply(data: Mapping[str, Any], redacted: bool) -> Reply:
    return Reply(
        at=datetime.fromtimestamp(float(data.get("at") or 0), tz=UTC),
        text=_clean(str(data.get("text") or ""), redacted),
        response=data.get("response"),
        agent=data.get("agent"),
        buttons=tuple(str(title) for title in data.get("buttons") or ()),
        products=tuple(str(title) for title in data.get("products") or ()),
    )


def _turn(row: Any, redacted: bool) -> TranscriptTurn:
    values = row._mapping
    return TranscriptTurn(
        position=values["position"],
        message_id=values["message_id"],
        at=values["at"],
        text=_clean(values["text"] or "", redacted),
        intent=values["intent"],
        confidence=values["confidence"],
        runner_up=values["runner_up"],
        runner_up_confidence=values["runner_up_confidence"],
        entities=tuple(_clean(entity, redacted) for entity in values["entities"] or ()),
        language=values["language"],
        sentiment_label=values["sentiment_label"],
        sentiment=values["sentiment"],
        actions=tuple(values["actions"] or ()),
        slots=tuple((str(pair[0]), _clean(pair[1], redacted)) for pair in values["slots"] or ()),
        replies=tuple(_reply(reply, redacted) for reply in values["replies"] or ()),
        searches=tuple(
            Search(_clean(str(search.get("query") or ""), redacted), search.get("results"))
            for search in values["searches"] or ()
        ),
        events=tuple(dict(event) for event in values["events"] or ()),
        fallback=bool(values["fallback"]),
        handed_over=bool(values["handed_over"]),
        handover_reason=values["handover_reason"],
    )


def transcript(database: Database, conversation_id: str, *, redacted: bool = True) -> Transcript:
    """The conversation with every turn; :class:`NotFoundError` when there is no summary."""
    with database.begin() as connection:
        row = connection.execute(
            select(SUMMARIES).where(SUMMARIES.c.conversation_id == conversation_id)
        ).first()
        if row is None:
            raise NotFoundError("no conversation has this id")
        pk = int(row._mapping["id"])
        turns = connection.execute(
            select(TURNS).where(TURNS.c.conversation_pk == pk).order_by(TURNS.c.position)
        ).all()
        preview = str(turns[0]._mapping["text"] or "") if turns else ""
        tags = tags_of(connection, [conversation_id]).get(conversation_id, ())
    item = conversation_item(row, tags, preview, redacted=redacted)
    with database.session() as session:
        orders = tuple(
            order
            for number in item.verified_orders
            if (order := load_order_view(session, number)) is not None
        )
    return Transcript(
        conversation=item,
        turns=tuple(_turn(turn, redacted) for turn in turns),
        orders=orders,
        redacted=redacted,
    )
