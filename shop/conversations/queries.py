"""The conversation list: filters, sorting and server-side pages over the summaries.

- :func:`list_conversations`: one page and the number of matches (counted up to
  :data:`COUNT_LIMIT`, so the count stays fast however broad the filter);
- :func:`iter_conversations`: every match in order, in batches (exports);
- :func:`conversation_conditions`: the filters as SQL on ``conversation_summaries``, for
  other queries over the same selection (analytics).

Every filter is an indexed column of ``conversation_summaries``, an ``EXISTS`` over the
intents of ``conversation_turns`` (index on intent), the full-text index
(:mod:`shop.conversations.fulltext`) or the tag hook (:mod:`shop.conversations.tags`).
Pages are ``LIMIT``/``OFFSET`` in a total order (the sort key, then the row id).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, select

from core.db.database import Database
from core.redaction import redact
from shop.conversations.fulltext import fulltext_condition
from shop.conversations.tables import SUMMARIES, TURNS
from shop.conversations.tags import tag_condition, tags_of
from shop.conversations.views import (
    ConversationFilters,
    ConversationItem,
    ConversationPage,
    PageRequest,
    Sort,
    SortKey,
)

__all__ = [
    "COUNT_LIMIT",
    "PREVIEW_CHARACTERS",
    "conversation_conditions",
    "conversation_item",
    "iter_conversations",
    "list_conversations",
]

#: Matches are counted up to this many; beyond, the page says "more than".
COUNT_LIMIT = 10_000
PREVIEW_CHARACTERS = 160
_SORT_COLUMNS = {
    SortKey.LAST_ACTIVITY: SUMMARIES.c.last_activity_at,
    SortKey.STARTED: SUMMARIES.c.started_at,
    SortKey.LOWEST_SENTIMENT: SUMMARIES.c.sentiment_min,
    SortKey.MEAN_SENTIMENT: SUMMARIES.c.sentiment_mean,
    SortKey.TURNS: SUMMARIES.c.turn_count,
    SortKey.RATING: SUMMARIES.c.rating,
}
_NULLABLE_SORTS = {SortKey.LOWEST_SENTIMENT, SortKey.MEAN_SENTIMENT, SortKey.RATING}


def _flag(column: ColumnElement[bool], wanted: bool | None) -> ColumnElement[bool] | None:
    if wanted is None:
        return None
    return column.is_(True) if wanted else column.is_(False)


def conversation_conditions(
    filters: ConversationFilters, backend: str
) -> list[ColumnElement[bool]]:
    """The filters as conditions on ``conversation_summaries`` (all must hold)."""
    c = SUMMARIES.c
    conditions: list[ColumnElement[bool] | None] = [
        c.started_at >= filters.started_from if filters.started_from else None,
        c.started_at < filters.started_until if filters.started_until else None,
        c.channel.in_(filters.channels) if filters.channels else None,
        c.language.in_(filters.languages) if filters.languages else None,
        c.handover_reason.in_(filters.handover_reasons) if filters.handover_reasons else None,
        _flag(c.handed_over, filters.handed_over),
        c.rating.in_(filters.ratings) if filters.ratings else None,
    ]
    if filters.sentiment_min_at_most is not None:
        conditions.append(c.sentiment_min <= filters.sentiment_min_at_most)
    if filters.sentiment_min_at_least is not None:
        conditions.append(c.sentiment_min >= filters.sentiment_min_at_least)
    if filters.sentiment_mean_at_most is not None:
        conditions.append(c.sentiment_mean <= filters.sentiment_mean_at_most)
    if filters.sentiment_mean_at_least is not None:
        conditions.append(c.sentiment_mean >= filters.sentiment_mean_at_least)
    if filters.fallback is not None:
        conditions.append(c.fallback_count > 0 if filters.fallback else c.fallback_count == 0)
    if filters.rated is not None:
        conditions.append(c.rating.is_not(None) if filters.rated else c.rating.is_(None))
    if filters.failed_search is not None:
        failed = filters.failed_search
        conditions.append(c.failed_searches > 0 if failed else c.failed_searches == 0)
    if filters.verified is not None:
        verified = filters.verified
        conditions.append(c.verified_order.is_not(None) if verified else c.verified_order.is_(None))
    if filters.intents:
        conditions.append(
            select(TURNS.c.id)
            .where(TURNS.c.intent.in_(filters.intents), TURNS.c.conversation_pk == c.id)
            .exists()
        )
    if filters.tags:
        conditions.append(tag_condition(c.conversation_id, filters.tags))
    if filters.text:
        conditions.append(fulltext_condition(backend, filters.text))
    if filters.conversation_ids is not None:
        conditions.append(c.conversation_id.in_(filters.conversation_ids))
    return [condition for condition in conditions if condition is not None]


def _ordered(statement: Select[Any], sort: Sort) -> Select[Any]:
    column = _SORT_COLUMNS[sort.key]
    key = column.desc() if sort.descending else column.asc()
    tie = SUMMARIES.c.id.desc() if sort.descending else SUMMARIES.c.id.asc()
    if sort.key in _NULLABLE_SORTS:
        return statement.order_by(column.is_(None), key, tie)
    return statement.order_by(key, tie)


def _previews(connection: Connection, pks: Sequence[int]) -> dict[int, str]:
    if not pks:
        return {}
    rows = connection.execute(
        select(TURNS.c.conversation_pk, TURNS.c.text).where(
            TURNS.c.conversation_pk.in_(pks), TURNS.c.position == 0
        )
    )
    return {int(pk): str(text or "") for pk, text in rows}


def conversation_item(
    row: Any, tags: Sequence[str] = (), preview: str = "", *, redacted: bool = True
) -> ConversationItem:
    """A list item of a ``conversation_summaries`` row."""
    values = row._mapping
    comment = values["comment"]
    preview = " ".join(preview.split())[:PREVIEW_CHARACTERS]
    return ConversationItem(
        conversation_id=values["conversation_id"],
        channel=values["channel"],
        started_at=values["started_at"],
        last_activity_at=values["last_activity_at"],
        language=values["language"],
        languages=tuple(values["languages"] or ()),
        turn_count=values["turn_count"],
        intents=tuple(values["intents"] or ()),
        sentiment_min=values["sentiment_min"],
        sentiment_mean=values["sentiment_mean"],
        human_offered=bool(values["human_offered"]),
        handed_over=bool(values["handed_over"]),
        handover_reason=values["handover_reason"],
        handed_over_at=values["handed_over_at"],
        agent_joined_at=values["agent_joined_at"],
        first_agent_reply_at=values["first_agent_reply_at"],
        agent_messages=values["agent_messages"],
        fallback_count=values["fallback_count"],
        rating=values["rating"],
        comment=(redact(comment) if redacted else comment) if comment else None,
        searches=values["searches"],
        failed_searches=values["failed_searches"],
        verified_order=values["verified_order"],
        verified_orders=tuple(values["verified_orders"] or ()),
        tags=tuple(tags),
        preview=redact(preview) if redacted else preview,
    )


def _items(
    connection: Connection, rows: Sequence[Any], *, redacted: bool
) -> tuple[ConversationItem, ...]:
    previews = _previews(connection, [int(row._mapping["id"]) for row in rows])
    tags = tags_of(connection, [row._mapping["conversation_id"] for row in rows])
    return tuple(
        conversation_item(
            row,
            tags.get(row._mapping["conversation_id"], ()),
            previews.get(int(row._mapping["id"]), ""),
            redacted=redacted,
        )
        for row in rows
    )


def list_conversations(
    database: Database,
    filters: ConversationFilters | None = None,
    sort: Sort | None = None,
    page: PageRequest | None = None,
    *,
    redacted: bool = True,
) -> ConversationPage:
    """One page of the conversations that match, in order, and how many match."""
    filters, sort, page = filters or ConversationFilters(), sort or Sort(), page or PageRequest()
    conditions = conversation_conditions(filters, database.backend)
    rows_statement = _ordered(select(SUMMARIES).where(*conditions), sort)
    counted = select(SUMMARIES.c.id).where(*conditions).limit(COUNT_LIMIT + 1)
    with database.begin() as connection:
        rows = connection.execute(rows_statement.limit(page.size).offset(page.offset)).all()
        total = connection.execute(select(func.count()).select_from(counted.subquery())).scalar()
        items = _items(connection, rows, redacted=redacted)
    total = int(total or 0)
    exact = total <= COUNT_LIMIT
    return ConversationPage(items, min(total, COUNT_LIMIT), exact, page.number, page.size)


def iter_conversations(
    database: Database,
    filters: ConversationFilters | None = None,
    sort: Sort | None = None,
    *,
    batch: int = 500,
    redacted: bool = True,
) -> Iterator[ConversationItem]:
    """Every matching conversation, in order (one short transaction per batch)."""
    filters, sort = filters or ConversationFilters(), sort or Sort()
    conditions = conversation_conditions(filters, database.backend)
    statement = _ordered(select(SUMMARIES).where(*conditions), sort)
    offset = 0
    while True:
        with database.begin() as connection:
            rows = connection.execute(statement.limit(batch).offset(offset)).all()
            items = _items(connection, rows, redacted=redacted)
        yield from items
        if len(rows) < batch:
            return
        offset += batch
