"""Hand-over tickets and the agents who answer them.

A conversation asks for a human: at most one ticket that is not closed per conversation
(``open``, then ``assigned`` when an agent takes it, then ``closed`` when they hand the
conversation back); asking again while it is open gets the same ticket, and a conversation
that asks again after its ticket closed gets a new one that names the old
(``previous_ticket``). New tickets are limited per network client (:class:`ClientLimit`,
the pseudonymous ``shopbot_client`` key), so a flood from one client cannot bury real
shoppers; the list is paged, newest activity first, and an agent sees only the tickets
assigned to them or to nobody. Agents authenticate with an API token; only its SHA-256 is
stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Select, and_, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import HandoverTicket, SupportAgent
from core.errors import HandoverError, HandoverLimited, NotFoundError
from core.views import AgentView, TicketView
from shop.orders import Clock

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "OPEN_STATUSES",
    "AgentDirectory",
    "ClientLimit",
    "Cursor",
    "HandoverService",
    "TicketPage",
    "page_request",
    "ticket_number_for",
]

#: Statuses of a ticket that still waits for (or is with) an agent.
OPEN_STATUSES: tuple[str, ...] = ("open", "assigned")
#: Tickets on one page of the list, unless asked otherwise, and at most.
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class ClientLimit:
    """At most ``tickets`` new tickets per network client within ``window_minutes``."""

    tickets: int
    window_minutes: int


@dataclass(frozen=True)
class Cursor:
    """Where a page of the list ends: the last ticket's activity time and id.

    Opaque to clients (:meth:`encode`, :meth:`decode`); tickets that arrive meanwhile
    go to the top and never shift the pages that follow.
    """

    activity: datetime
    ticket_id: int

    def encode(self) -> str:
        """The cursor as a URL-safe string."""
        raw = f"{self.activity.astimezone(UTC).isoformat()}|{self.ticket_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """The cursor :meth:`encode` made; ValueError for anything else."""
        if not value or len(value) > 100 or not value.isascii():
            raise ValueError("not a cursor of this list")
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
            moment, _, number = raw.partition("|")
            activity = datetime.fromisoformat(moment)
            ticket_id = int(number)
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise ValueError("not a cursor of this list") from error
        if activity.tzinfo is None or ticket_id < 0:
            raise ValueError("not a cursor of this list")
        return cls(activity, ticket_id)


def page_request(raw_limit: str | None, raw_cursor: str | None) -> tuple[int, Cursor | None]:
    """The ``limit`` (1 to :data:`MAX_PAGE_SIZE`, default :data:`DEFAULT_PAGE_SIZE`) and
    ``cursor`` of a list request as the client sent them; ValueError when one is bad."""
    limit = DEFAULT_PAGE_SIZE
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
            raise ValueError(f"limit is a number from 1 to {MAX_PAGE_SIZE}")
        limit = int(raw_limit)
    return limit, Cursor.decode(raw_cursor) if raw_cursor else None


@dataclass(frozen=True)
class TicketPage:
    """One page of the list and the cursor of the next (None on the last page)."""

    tickets: list[TicketView]
    next_cursor: str | None


def ticket_number_for(ticket_id: int) -> str:
    """The public number of a ticket: ``T-000123``."""
    return f"T-{ticket_id:06d}"


def _view(ticket: HandoverTicket, *, created: bool) -> TicketView:
    return TicketView(
        ticket_number=ticket.ticket_number,
        conversation_id=ticket.conversation_id,
        status=ticket.status,
        reason=ticket.reason,
        created_at=ticket.created_at,
        created=created,
        channel=ticket.channel,
        language=ticket.language,
        summary=ticket.summary,
        assigned_agent=ticket.assigned_agent,
        assigned_at=ticket.assigned_at,
        closed_at=ticket.closed_at,
        last_activity_at=ticket.last_activity_at or ticket.created_at,
        previous_ticket=ticket.previous_ticket,
        value_tier=ticket.value_tier,
        queued_at=ticket.queued_at or ticket.created_at,
    )


def _ticket(session: Session, ticket_number: str) -> HandoverTicket:
    ticket = session.scalar(
        select(HandoverTicket).where(HandoverTicket.ticket_number == ticket_number)
    )
    if ticket is None:
        raise NotFoundError("no ticket has this number")
    return ticket


def _open_ticket(session: Session, conversation_id: str) -> HandoverTicket | None:
    return session.scalar(
        select(HandoverTicket)
        .where(
            HandoverTicket.conversation_id == conversation_id,
            HandoverTicket.status.in_(OPEN_STATUSES),
        )
        .order_by(HandoverTicket.id.desc())
    )


def _last_closed(session: Session, conversation_id: str) -> str | None:
    return session.scalar(
        select(HandoverTicket.ticket_number)
        .where(
            HandoverTicket.conversation_id == conversation_id,
            HandoverTicket.status == "closed",
        )
        .order_by(HandoverTicket.id.desc())
        .limit(1)
    )


def _visible_to(query: Select[HandoverTicket], agent: str) -> Select[HandoverTicket]:
    return query.where(
        or_(HandoverTicket.assigned_agent.is_(None), HandoverTicket.assigned_agent == agent)
    )


def _serialise_client(session: Session, client_key: str) -> None:
    """Make concurrent ticket creations of one client take turns.

    PostgreSQL: a transaction-scoped advisory lock on the client. SQLite needs none: the
    INSERT that precedes the count holds the database's write lock until commit.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(client_key.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


class HandoverService:
    """Opens, finds, lists and closes hand-over tickets."""

    def __init__(
        self,
        db: Database,
        clock: Clock = utc_now,
        client_limit: ClientLimit | None = None,
        head_starts: Mapping[str, int] | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._client_limit = client_limit
        self._head_starts = dict(head_starts or {})

    def open_ticket(
        self,
        conversation_id: str,
        reason: str,
        summary: str,
        channel: str = "rest",
        language: str = "en",
        client_key: str | None = None,
        value_tier: str | None = None,
    ) -> TicketView:
        """Open a ticket, or return the conversation's open one with ``created=False``.

        ``value_tier`` (the verified customer's) is kept on the ticket and moves it up the
        queue by the tier's head start (:meth:`queue`).

        A partial unique index guarantees one open ticket per conversation even when two
        requests race; the loser gets the winner's ticket. A new ticket counts against
        ``client_key``'s limit (the open one of the conversation does not): past it,
        :class:`HandoverLimited` is raised and nothing is stored.
        """
        opening = (conversation_id, reason, summary, channel, language, client_key, value_tier)
        try:
            return self._open(*opening)
        except IntegrityError:
            return self._open(*opening)

    def _open(
        self,
        conversation_id: str,
        reason: str,
        summary: str,
        channel: str,
        language: str,
        client_key: str | None,
        value_tier: str | None,
    ) -> TicketView:
        with self._db.session() as session:
            existing = _open_ticket(session, conversation_id)
            if existing is not None:
                return _view(existing, created=False)
            if client_key is not None and self._client_limit is not None:
                _serialise_client(session, client_key)
            now = self._clock()
            ticket = HandoverTicket(
                ticket_number=f"new-{secrets.token_hex(8)}",  # replaced once the id is known
                conversation_id=conversation_id,
                channel=channel[:32],
                language=language[:16],
                reason=reason[:64],
                summary=summary,
                status="open",
                created_at=now,
                last_activity_at=now,
                client_key=client_key[:64] if client_key else None,
                previous_ticket=_last_closed(session, conversation_id),
                value_tier=value_tier,
                queued_at=now - timedelta(minutes=self._head_starts.get(value_tier or "", 0)),
            )
            session.add(ticket)
            session.flush()
            if client_key is not None:
                self._check_client(session, client_key, now)
            ticket.ticket_number = ticket_number_for(ticket.id)
            session.flush()
            return _view(ticket, created=True)

    def _check_client(self, session: Session, client_key: str, now: datetime) -> None:
        """Counted after the INSERT, so that racing creations see each other."""
        limit = self._client_limit
        if limit is None:
            return
        since = now - timedelta(minutes=limit.window_minutes)
        count = session.scalar(
            select(func.count())
            .select_from(HandoverTicket)
            .where(
                HandoverTicket.client_key == client_key[:64],
                HandoverTicket.created_at >= since,
            )
        )
        if int(count or 0) > limit.tickets:
            raise HandoverLimited("this client has opened too many tickets; try again later")

    def get_open(self, conversation_id: str) -> TicketView | None:
        """The conversation's ticket that is not closed yet, if any."""
        with self._db.session() as session:
            ticket = _open_ticket(session, conversation_id)
            return None if ticket is None else _view(ticket, created=False)

    def get(self, ticket_number: str, agent: str | None = None) -> TicketView:
        """One ticket; raises :class:`NotFoundError` for an unknown number.

        With ``agent``: only a ticket assigned to them or to nobody (another agent's is
        reported as unknown).
        """
        with self._db.session() as session:
            ticket = _ticket(session, ticket_number)
            if agent is not None and ticket.assigned_agent not in (None, agent):
                raise NotFoundError("no ticket has this number")
            return _view(ticket, created=False)

    def take(self, ticket_number: str, agent: str) -> TicketView:
        """Assign the ticket to ``agent`` (idempotent for the same agent).

        Raises :class:`HandoverError` when it is closed or another agent has it.
        """
        with self._db.session() as session:
            ticket = _ticket(session, ticket_number)
            if ticket.status == "closed":
                raise HandoverError("the ticket is closed")
            if ticket.assigned_agent not in (None, agent):
                raise HandoverError("another agent has taken this ticket")
            if ticket.assigned_agent is None:
                ticket.status = "assigned"
                ticket.assigned_agent = agent
                ticket.assigned_at = ticket.last_activity_at = self._clock()
            return _view(ticket, created=False)

    def check_owner(self, ticket_number: str, agent: str) -> TicketView:
        """The ticket, if ``agent`` has taken it and it is not closed; else HandoverError."""
        ticket = self.get(ticket_number)
        if ticket.status == "closed":
            raise HandoverError("the ticket is closed")
        if ticket.assigned_agent != agent:
            raise HandoverError("take the ticket first")
        return ticket

    def touch(self, ticket_number: str) -> None:
        """Record activity on the ticket now (an agent's message)."""
        with self._db.session() as session:
            _ticket(session, ticket_number).last_activity_at = self._clock()

    def close(self, ticket_number: str) -> TicketView:
        """Close a ticket (idempotent); raises :class:`NotFoundError` for an unknown one."""
        with self._db.session() as session:
            ticket = _ticket(session, ticket_number)
            if ticket.status != "closed":
                ticket.status = "closed"
                ticket.closed_at = ticket.last_activity_at = self._clock()
            return _view(ticket, created=False)

    def list_open(self) -> list[TicketView]:
        """The first page of tickets that are not closed, newest activity first."""
        return self.page(OPEN_STATUSES).tickets

    def queue(self, *, agent: str | None = None, limit: int = MAX_PAGE_SIZE) -> list[TicketView]:
        """The tickets no agent has taken yet, in the order to take them: the longest
        effective wait first, where effective wait = waiting time + the customer's tier head
        start (ties: the older ticket). ``agent`` is accepted for symmetry with
        :meth:`page` (every agent sees the unassigned tickets)."""
        del agent
        queued = func.coalesce(HandoverTicket.queued_at, HandoverTicket.created_at)
        query = (
            select(HandoverTicket)
            .where(HandoverTicket.status == "open")
            .order_by(queued.asc(), HandoverTicket.id.asc())
            .limit(max(1, min(limit, MAX_PAGE_SIZE)))
        )
        with self._db.session() as session:
            return [_view(ticket, created=False) for ticket in session.scalars(query)]

    def page(
        self,
        statuses: tuple[str, ...] = OPEN_STATUSES,
        *,
        agent: str | None = None,
        limit: int = DEFAULT_PAGE_SIZE,
        after: Cursor | None = None,
    ) -> TicketPage:
        """Tickets in ``statuses``, newest activity first, ``limit`` (at most
        :data:`MAX_PAGE_SIZE`) after ``after``; with ``agent``, only the tickets assigned to
        them or to nobody."""
        limit = max(1, min(limit, MAX_PAGE_SIZE))
        activity = HandoverTicket.last_activity_at
        query = select(HandoverTicket).where(HandoverTicket.status.in_(statuses))
        if agent is not None:
            query = _visible_to(query, agent)
        if after is not None:
            query = query.where(
                or_(
                    activity < after.activity,
                    and_(activity == after.activity, HandoverTicket.id < after.ticket_id),
                )
            )
        query = query.order_by(activity.desc(), HandoverTicket.id.desc()).limit(limit + 1)
        with self._db.session() as session:
            found = list(session.scalars(query))
            views = [_view(ticket, created=False) for ticket in found[:limit]]
            more = len(found) > limit
            last = found[limit - 1] if more else None
        cursor = None
        if last is not None:
            cursor = Cursor(last.last_activity_at or last.created_at, last.id).encode()
        return TicketPage(views, cursor)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AgentDirectory:
    """Support agents and their API tokens."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def add(self, name: str) -> tuple[AgentView, str]:
        """Add an agent; their new token (shown once). HandoverError if the name is taken."""
        name = " ".join(name.split())[:64]
        if not name:
            raise HandoverError("an agent needs a name")
        token = secrets.token_urlsafe(32)
        try:
            with self._db.session() as session:
                agent = SupportAgent(
                    name=name, token_hash=_token_hash(token), active=True, created_at=self._clock()
                )
                session.add(agent)
                session.flush()
                view = AgentView(name=agent.name, active=agent.active, created_at=agent.created_at)
        except IntegrityError as error:
            raise HandoverError("an agent with this name exists") from error
        return view, token

    def rotate(self, name: str) -> str:
        """A new token for ``name`` (the old one stops working)."""
        token = secrets.token_urlsafe(32)
        with self._db.session() as session:
            agent = session.scalar(select(SupportAgent).where(SupportAgent.name == name))
            if agent is None:
                raise NotFoundError("no agent has this name")
            agent.token_hash = _token_hash(token)
            agent.active = True
        return token

    def deactivate(self, name: str) -> None:
        """Stop ``name``'s token from working."""
        with self._db.session() as session:
            agent = session.scalar(select(SupportAgent).where(SupportAgent.name == name))
            if agent is None:
                raise NotFoundError("no agent has this name")
            agent.active = False

    def authenticate(self, token: str) -> AgentView | None:
        """The active agent whose token this is, or None."""
        if not token or len(token) > 256:
            return None
        with self._db.session() as session:
            agent = session.scalar(
                select(SupportAgent).where(
                    SupportAgent.token_hash == _token_hash(token), SupportAgent.active.is_(True)
                )
            )
            if agent is None:
                return None
            return AgentView(name=agent.name, active=agent.active, created_at=agent.created_at)

    def list(self) -> list[AgentView]:
        """Every agent, by name."""
        with self._db.session() as session:
            agents = session.scalars(select(SupportAgent).order_by(SupportAgent.name))
            return [AgentView(a.name, a.active, a.created_at) for a in agents]
