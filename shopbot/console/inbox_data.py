"""What the agent inbox shows and watches: hand-over tickets from the support desk, with
what the conversation summaries know about each one.

- :class:`InboxState`: the desk (:class:`shop.support.HandoverDesk`, the one
  ``shopbot handover`` and ``/api/handover`` use) and its ticket service;
- :func:`conversation_facts`: per conversation its channel, language, mean sentiment, the
  last :data:`TREND_SCORES` sentiment scores and the verified order (two queries for a page
  of tickets);
- :func:`ticket_json`: one ticket as the page's script reads it;
- :func:`activity_snapshot`: the open tickets' state and their conversations' latest
  activity in one query, which the live stream compares from poll to poll.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from statistics import fmean
from typing import Any

from sqlalchemy import func, select

from core.db.database import Database
from core.db.models import HandoverTicket
from core.redaction import redact
from core.views import TicketView
from knowledge.responses import ResponseCatalog
from shop.accounts import Role, UserView
from shop.conversations.tables import SUMMARIES, TURNS
from shop.handover import OPEN_STATUSES, HandoverService
from shop.rasa_api import RasaClient
from shop.support import HandoverDesk
from shopbot.console.auth import ConsoleState

__all__ = [
    "RASA_TIMEOUT_SECONDS",
    "REASON_LABELS",
    "SNAPSHOT_LIMIT",
    "TREND_SCORES",
    "ConversationFacts",
    "InboxState",
    "TicketActivity",
    "activity_snapshot",
    "conversation_facts",
    "sentiment_trend",
    "ticket_json",
    "viewer_of",
]

#: Sentiment scores of a conversation's latest messages the inbox draws as its trend.
TREND_SCORES = 6
#: How far the latest score must be from the first of the trend to count as a change.
TREND_STEP = 0.2
#: Open tickets the live stream watches (the newest activity first).
SNAPSHOT_LIMIT = 500
#: Seconds the desk waits for the Rasa HTTP API (as the agents' HTTP API does).
RASA_TIMEOUT_SECONDS = 10.0
REASON_LABELS: dict[str, str] = {
    "requested": "asked for a person",
    "not_understood": "not understood",
    "verification_failed": "order check failed",
    "verification_locked": "order check locked",
    "human_only": "topic for a person",
    "top_tier": "top-tier customer's topic",
}


@dataclass(frozen=True)
class InboxState:
    """The inbox's services: the tickets and the desk that acts on their conversations."""

    database: Database
    tickets: HandoverService
    desk: HandoverDesk

    @classmethod
    def of(cls, console: ConsoleState) -> InboxState:
        """The desk on the console's database and the Rasa server of its settings."""
        settings = console.settings
        tickets = HandoverService(console.database)
        responses = ResponseCatalog.load(
            settings.domain_file,
            settings.responses_dir,
            settings.reply_languages,
            settings.response_registers,
        )
        rasa = partial(RasaClient, settings.rasa_url, settings.rasa_token, RASA_TIMEOUT_SECONDS)
        return cls(console.database, tickets, HandoverDesk(tickets, rasa, responses))


def viewer_of(user: UserView) -> str | None:
    """Whose view of the tickets ``user`` has: an agent's own (their name), or everyone's
    (None) for leads and admins."""
    return user.username if user.role is Role.AGENT else None


@dataclass(frozen=True)
class ConversationFacts:
    """What the conversation summary knows about a ticket's conversation."""

    channel: str | None
    language: str | None
    sentiment_mean: float | None
    #: The latest scored messages' sentiment (-1 to 1), oldest first.
    recent_sentiments: tuple[float, ...]
    verified_order: str | None
    last_activity_at: datetime | None
    turn_count: int


def sentiment_trend(scores: tuple[float, ...]) -> str:
    """``rising``, ``falling`` or ``steady`` over ``scores`` (oldest first); ``unknown``
    with fewer than two."""
    if len(scores) < 2:
        return "unknown"
    change = scores[-1] - scores[0]
    if change >= TREND_STEP:
        return "rising"
    if change <= -TREND_STEP:
        return "falling"
    return "steady"


def conversation_facts(
    database: Database, conversation_ids: Iterable[str]
) -> dict[str, ConversationFacts]:
    """The facts of each of ``conversation_ids`` that has a summary (by conversation id)."""
    wanted = sorted(set(conversation_ids))
    if not wanted:
        return {}
    c = SUMMARIES.c
    summaries = select(
        c.id,
        c.conversation_id,
        c.channel,
        c.language,
        c.sentiment_mean,
        c.verified_order,
        c.last_activity_at,
        c.turn_count,
    ).where(c.conversation_id.in_(wanted))
    with database.begin() as connection:
        rows = list(connection.execute(summaries))
        scores = _recent_scores(connection, [row.id for row in rows])
    return {
        row.conversation_id: ConversationFacts(
            channel=row.channel or None,
            language=row.language,
            sentiment_mean=row.sentiment_mean,
            recent_sentiments=tuple(scores.get(row.id, ())),
            verified_order=row.verified_order,
            last_activity_at=row.last_activity_at,
            turn_count=row.turn_count or 0,
        )
        for row in rows
    }


def _recent_scores(connection: Any, summary_ids: list[int]) -> dict[int, list[float]]:
    """The last :data:`TREND_SCORES` scores of each summary's turns, oldest first."""
    if not summary_ids:
        return {}
    rank = (
        func.row_number()
        .over(partition_by=TURNS.c.conversation_pk, order_by=TURNS.c.position.desc())
        .label("rank")
    )
    ranked = (
        select(TURNS.c.conversation_pk, TURNS.c.position, TURNS.c.sentiment, rank)
        .where(TURNS.c.conversation_pk.in_(summary_ids), TURNS.c.sentiment.is_not(None))
        .subquery()
    )
    query = (
        select(ranked.c.conversation_pk, ranked.c.sentiment)
        .where(ranked.c.rank <= TREND_SCORES)
        .order_by(ranked.c.conversation_pk, ranked.c.position)
    )
    scores: dict[int, list[float]] = {}
    for row in connection.execute(query):
        scores.setdefault(row.conversation_pk, []).append(float(row.sentiment))
    return scores


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def ticket_json(ticket: TicketView, facts: ConversationFacts | None, me: str) -> dict[str, Any]:
    """One ticket for the page: the ticket, and its conversation's facts where the
    summaries have them (else what the ticket noted at the hand-over). ``me`` is the
    signed-in user, for ``mine``. The summary is shown redacted."""
    recent = facts.recent_sentiments if facts else ()
    mean = facts.sentiment_mean if facts else None
    if mean is None and recent:
        mean = fmean(recent)
    return {
        "ticket_number": ticket.ticket_number,
        "status": ticket.status,
        "reason": ticket.reason,
        "reason_label": REASON_LABELS.get(ticket.reason, ticket.reason.replace("_", " ")),
        "summary": redact(ticket.summary or ""),
        "channel": (facts.channel if facts else None) or ticket.channel,
        "language": (facts.language if facts else None) or ticket.language,
        "sentiment": {
            "mean": _rounded(mean),
            "recent": [round(score, 2) for score in recent],
            "trend": sentiment_trend(recent),
        },
        "verified_order": facts.verified_order if facts else None,
        "turns": facts.turn_count if facts else None,
        "assigned_agent": ticket.assigned_agent,
        "mine": ticket.assigned_agent == me,
        "created_at": _iso(ticket.created_at),
        "assigned_at": _iso(ticket.assigned_at),
        "closed_at": _iso(ticket.closed_at),
        "last_activity_at": _iso(ticket.last_activity_at),
        "conversation_activity_at": _iso(facts.last_activity_at if facts else None),
        "previous_ticket": ticket.previous_ticket,
        "value_tier": ticket.value_tier,
        "queued_at": _iso(ticket.queued_at),
    }


@dataclass(frozen=True)
class TicketActivity:
    """An open ticket's state and its conversation's latest activity, for the stream."""

    ticket_number: str
    status: str
    assigned_agent: str | None
    ticket_activity: datetime | None
    conversation_activity: datetime | None
    #: The shopper's messages in the conversation (0 before the summary has it).
    shopper_messages: int = 0

    def visible_to(self, viewer: str | None) -> bool:
        """Whether ``viewer`` (an agent's name; None: everyone's view) sees the ticket."""
        return viewer is None or self.assigned_agent in (None, viewer)


def activity_snapshot(
    database: Database, limit: int = SNAPSHOT_LIMIT
) -> tuple[TicketActivity, ...]:
    """The open tickets, newest activity first (at most ``limit``), each with its
    conversation summary's latest activity (None before the summary has it) and number of
    shopper messages."""
    ticket = HandoverTicket.__table__.c
    query = (
        select(
            ticket.ticket_number,
            ticket.status,
            ticket.assigned_agent,
            ticket.last_activity_at,
            SUMMARIES.c.last_activity_at.label("conversation_activity"),
            SUMMARIES.c.turn_count,
        )
        .select_from(
            HandoverTicket.__table__.outerjoin(
                SUMMARIES, SUMMARIES.c.conversation_id == ticket.conversation_id
            )
        )
        .where(ticket.status.in_(OPEN_STATUSES))
        .order_by(ticket.last_activity_at.desc(), ticket.id.desc())
        .limit(limit)
    )
    with database.begin() as connection:
        return tuple(
            TicketActivity(
                ticket_number=row.ticket_number,
                status=row.status,
                assigned_agent=row.assigned_agent,
                ticket_activity=row.last_activity_at,
                conversation_activity=row.conversation_activity,
                shopper_messages=row.turn_count or 0,
            )
            for row in connection.execute(query)
        )
