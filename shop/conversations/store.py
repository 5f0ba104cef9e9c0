"""Loading and saving folded conversations: the summary tables with SQLAlchemy Core.

:func:`load_states` gives each conversation's summary back as a
:class:`~shop.conversations.fold.ConversationState` with its latest turn (the only one more
events can change); :func:`save_states` writes what the fold changed in bulk (new rows
inserted, changed ones updated by id), inside the caller's transaction. Used the same way by
the consumer, the rebuild and the benchmark's seeding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from core.db.base import utc_now
from shop.conversations.fold import ConversationState, TurnState
from shop.conversations.tables import SUMMARIES, TURNS

__all__ = [
    "CHUNK",
    "delete_conversations",
    "load_states",
    "moment",
    "save_states",
    "seconds",
]

#: Values per ``IN (...)`` list and rows per bulk statement.
CHUNK = 500
_SUMMARY_FIELDS = (
    "conversation_id",
    "channel",
    "language",
    "languages",
    "turn_count",
    "intents",
    "sentiment_min",
    "sentiment_sum",
    "sentiment_count",
    "human_offered",
    "handed_over",
    "handover_reason",
    "agent_messages",
    "fallback_count",
    "rating",
    "comment",
    "searches",
    "failed_searches",
    "verified_order",
    "verified_orders",
    "search_text",
    "event_count",
    "last_event_at",
    "last_event_keys",
)
_SUMMARY_TIMES = (
    "started_at",
    "last_activity_at",
    "handed_over_at",
    "agent_joined_at",
    "first_agent_reply_at",
)
_TURN_FIELDS = (
    "position",
    "message_id",
    "text",
    "intent",
    "confidence",
    "runner_up",
    "runner_up_confidence",
    "entities",
    "language",
    "sentiment_label",
    "sentiment",
    "actions",
    "slots",
    "replies",
    "searches",
    "events",
    "failed_searches",
    "fallback",
    "handed_over",
    "handover_reason",
)


def moment(value: float | None) -> datetime | None:
    """A UTC datetime of an event timestamp."""
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def seconds(value: datetime | None) -> float | None:
    """An event timestamp of a stored datetime."""
    return None if value is None else value.timestamp()


def _chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _summary_row(state: ConversationState, now: datetime) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(state, name) for name in _SUMMARY_FIELDS}
    for name in _SUMMARY_TIMES:
        row[name] = moment(getattr(state, name))
    row["started_at"] = row["started_at"] or now
    row["last_activity_at"] = row["last_activity_at"] or row["started_at"]
    row["sentiment_mean"] = state.sentiment_mean
    row["updated_at"] = now
    return row


def _turn_row(turn: TurnState, conversation_pk: int) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(turn, name) for name in _TURN_FIELDS}
    row["at"] = moment(turn.at)
    row["conversation_pk"] = conversation_pk
    return row


def _state(row: Any) -> ConversationState:
    values = row._mapping
    fields: dict[str, Any] = {name: values[name] for name in _SUMMARY_FIELDS}
    fields.update({name: seconds(values[name]) for name in _SUMMARY_TIMES})
    state = ConversationState(**fields)
    state.languages = list(state.languages or [])
    state.intents = list(state.intents or [])
    state.verified_orders = list(state.verified_orders or [])
    state.last_event_keys = [list(entry) for entry in state.last_event_keys or []]
    state.id = int(values["id"])
    state.changed = False
    return state


def _turn(row: Any) -> TurnState:
    values = row._mapping
    turn = TurnState(at=seconds(values["at"]) or 0.0, **{n: values[n] for n in _TURN_FIELDS})
    for name in ("entities", "actions", "slots", "replies", "searches", "events"):
        setattr(turn, name, list(getattr(turn, name) or []))
    turn.id = int(values["id"])
    turn.changed = False
    return turn


def load_states(
    connection: Connection, conversation_ids: Iterable[str]
) -> dict[str, ConversationState]:
    """The stored conversations among ``conversation_ids``, each with its latest turn."""
    wanted = list(dict.fromkeys(conversation_ids))
    states: dict[str, ConversationState] = {}
    for chunk in _chunks(wanted):
        rows = connection.execute(
            select(SUMMARIES).where(SUMMARIES.c.conversation_id.in_(chunk))
        ).all()
        by_pk: dict[int, ConversationState] = {}
        for row in rows:
            state = _state(row)
            states[state.conversation_id] = state
            by_pk[state.id or 0] = state
        if not by_pk:
            continue
        latest = select(TURNS).join(
            SUMMARIES,
            and_(
                TURNS.c.conversation_pk == SUMMARIES.c.id,
                TURNS.c.position == SUMMARIES.c.turn_count - 1,
            ),
        )
        for row in connection.execute(latest.where(SUMMARIES.c.id.in_(list(by_pk)))):
            by_pk[int(row._mapping["conversation_pk"])].turns.append(_turn(row))
    return states


def _update(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = [name for name in rows[0] if name != "id"]
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values({name: bindparam(f"b_{name}") for name in columns})
    )
    for chunk in _chunks(rows):
        connection.execute(
            statement, [{f"b_{key}": value for key, value in row.items()} for row in chunk]
        )


def save_states(connection: Connection, states: Iterable[ConversationState]) -> int:
    """Write the changed conversations and turns (inside the caller's transaction).

    New conversations are inserted and get their ids; the states are spent afterwards
    (load them again to fold more). Returns the number of turns written.
    """
    now = utc_now()
    changed = [state for state in states if state.changed]
    new = [state for state in changed if state.id is None]
    stored = [state for state in changed if state.id is not None]
    for chunk in _chunks(new):
        ids = connection.execute(
            insert(SUMMARIES).returning(SUMMARIES.c.id, sort_by_parameter_order=True),
            [_summary_row(state, now) for state in chunk],
        ).scalars()
        for state, new_id in zip(chunk, ids, strict=True):
            state.id = int(new_id)
    _update(
        connection,
        SUMMARIES,
        [{"id": state.id, **_summary_row(state, now)} for state in stored],
    )
    new_turns: list[dict[str, Any]] = []
    changed_turns: list[dict[str, Any]] = []
    for state in changed:
        for turn in state.turns:
            if turn.id is None:
                new_turns.append(_turn_row(turn, state.id or 0))
            elif turn.changed:
                changed_turns.append({"id": turn.id, **_turn_row(turn, state.id or 0)})
    for chunk in _chunks(new_turns):
        connection.execute(insert(TURNS), list(chunk))
    _update(connection, TURNS, changed_turns)
    for state in changed:
        state.changed = False
    return len(new_turns) + len(changed_turns)


def delete_conversations(
    connection: Connection, conversation_ids: Iterable[str]
) -> tuple[int, int]:
    """Remove the summaries and turns of these conversations: (summaries, turns) removed."""
    summaries = turns = 0
    for chunk in _chunks(list(dict.fromkeys(conversation_ids))):
        pks = select(SUMMARIES.c.id).where(SUMMARIES.c.conversation_id.in_(chunk))
        turns += connection.execute(delete(TURNS).where(TURNS.c.conversation_pk.in_(pks))).rowcount
        summaries += connection.execute(
            delete(SUMMARIES).where(SUMMARIES.c.conversation_id.in_(chunk))
        ).rowcount
    return summaries, turns
