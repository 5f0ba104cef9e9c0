"""How conversations ended: automation rate, hand-over rate and reasons, fallback rate.

Every rate counts **engaged** conversations only: those in which the shopper wrote at least
one message (a button press counts). A conversation with no shopper message (a widget
opened and closed) is in no numerator and no denominator; ``without_message`` says how many
there were. Days are the UTC days the conversations started. docs/console.md, "Analytics",
defines each figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, select

from core.db.database import Database
from shop.analytics.daily import ENGAGED, as_int, count_if, daily_sums, every_day
from shop.analytics.selection import AnalyticsFilters, label_of
from shop.analytics.views import MeasureResult, ratio
from shop.conversations.tables import SUMMARIES

__all__ = ["automation", "fallback", "handover", "handover_reasons"]

_C = SUMMARIES.c
#: Ended without a person: never paused for one, and no agent wrote in it.
AUTOMATED = and_(not_(_C.handed_over), _C.agent_messages == 0)


def _daily_rate(
    database: Database,
    filters: AnalyticsFilters,
    measure: str,
    hit: ColumnElement[bool],
    names: tuple[str, str],
    extra: Mapping[str, ColumnElement[Any]] | None = None,
) -> tuple[MeasureResult, dict[str, int]]:
    """Per day: engaged conversations, those where ``hit`` holds, and the rate; in one
    pass over the selection, which also counts the conversations without a shopper
    message and adds up ``extra`` (returned with them, over the whole range)."""
    sums: dict[str, ColumnElement[Any]] = {
        "conversations": count_if(ENGAGED),
        "hits": count_if(and_(ENGAGED, hit)),
        "without_message": count_if(_C.turn_count == 0),
        **(extra or {}),
    }
    found = daily_sums(database, filters, sums)
    rows = []
    for day, values in every_day(filters, found, lambda: dict.fromkeys(sums, 0)):
        conversations, hits = as_int(values["conversations"]), as_int(values["hits"])
        rows.append((day.isoformat(), conversations, hits, ratio(hits, conversations)))
    totals = {name: sum(as_int(values[name]) for values in found.values()) for name in sums}
    column, label = names
    result = MeasureResult(
        measure=measure,
        filters=filters,
        columns=("day", "conversations", column, "rate"),
        labels=("Day", "Conversations", label, "Rate"),
        rows=tuple(rows),
        figures={
            "numerator": totals["hits"],
            "denominator": totals["conversations"],
            "rate": ratio(totals["hits"], totals["conversations"]),
            "without_message": totals["without_message"],
        },
    )
    return result, totals


def automation(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Engaged conversations that ended without a person / engaged conversations."""
    result, _totals = _daily_rate(
        database, filters, "automation", AUTOMATED, ("automated", "Ended without a person")
    )
    return result


def handover(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Engaged conversations handed over to a person / engaged conversations."""
    result, _totals = _daily_rate(
        database, filters, "handover", _C.handed_over.is_(True), ("handed_over", "Handed over")
    )
    return result


def handover_reasons(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """The handed-over conversations by the reason of their latest hand-over."""
    statement = (
        select(_C.handover_reason, func.count())
        .where(*filters.conditions(database.backend), ENGAGED, _C.handed_over.is_(True))
        .group_by(_C.handover_reason)
    )
    with database.begin() as connection:
        counted: dict[str, int] = {}
        for reason, count in connection.execute(statement):
            counted[label_of(reason)] = counted.get(label_of(reason), 0) + int(count)
    handed_over = sum(counted.values())
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))
    return MeasureResult(
        measure="handover_reasons",
        filters=filters,
        columns=("reason", "conversations", "share"),
        labels=("Reason", "Conversations", "Share"),
        rows=tuple((reason, count, ratio(count, handed_over)) for reason, count in ordered),
        figures={"handed_over": handed_over},
    )


def fallback(database: Database, filters: AnalyticsFilters) -> MeasureResult:
    """Engaged conversations with at least one fallback turn / engaged conversations; and
    fallback turns / shopper messages."""
    result, totals = _daily_rate(
        database,
        filters,
        "fallback",
        _C.fallback_count > 0,
        ("with_fallback", "With a fallback"),
        {"fallback_messages": _C.fallback_count, "messages": _C.turn_count},
    )
    fallback_turns, messages = totals["fallback_messages"], totals["messages"]
    figures = {
        **result.figures,
        "fallback_messages": fallback_turns,
        "messages": messages,
        "message_rate": ratio(fallback_turns, messages),
    }
    return MeasureResult(
        result.measure, filters, result.columns, result.labels, result.rows, figures
    )
