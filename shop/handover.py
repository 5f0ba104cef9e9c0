"""Hand-over tickets and the agents who answer them.

A conversation asks for a human: at most one ticket that is not closed per conversation
(``open``, then ``assigned`` when an agent takes it, then ``closed`` when they hand the
conversation back). Agents authenticate with an API token; only its SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import HandoverTicket, SupportAgent
from core.errors import HandoverError, NotFoundError
from core.views import AgentView, TicketView
from shop.orders import Clock

__all__ = ["OPEN_STATUSES", "AgentDirectory", "HandoverService", "ticket_number_for"]

#: Statuses of a ticket that still waits for (or is with) an agent.
OPEN_STATUSES: tuple[str, ...] = ("open", "assigned")


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


class HandoverService:
    """Opens, finds and closes hand-over tickets."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    def open_ticket(
        self,
        conversation_id: str,
        reason: str,
        summary: str,
        channel: str = "rest",
        language: str = "en",
    ) -> TicketView:
        """Open a ticket, or return the conversation's open one with ``created=False``.

        A partial unique index guarantees one open ticket per conversation even when two
        requests race; the loser gets the winner's ticket.
        """
        try:
            return self._open(conversation_id, reason, summary, channel, language)
        except IntegrityError:
            return self._open(conversation_id, reason, summary, channel, language)

    def _open(
        self, conversation_id: str, reason: str, summary: str, channel: str, language: str
    ) -> TicketView:
        with self._db.session() as session:
            existing = _open_ticket(session, conversation_id)
            if existing is not None:
                return _view(existing, created=False)
            ticket = HandoverTicket(
                ticket_number=f"new-{secrets.token_hex(8)}",  # replaced once the id is known
                conversation_id=conversation_id,
                channel=channel[:32],
                language=language[:16],
                reason=reason[:64],
                summary=summary,
                status="open",
                created_at=self._clock(),
            )
            session.add(ticket)
            session.flush()
            ticket.ticket_number = ticket_number_for(ticket.id)
            session.flush()
            return _view(ticket, created=True)

    def get_open(self, conversation_id: str) -> TicketView | None:
        """The conversation's ticket that is not closed yet, if any."""
        with self._db.session() as session:
            ticket = _open_ticket(session, conversation_id)
            return None if ticket is None else _view(ticket, created=False)

    def get(self, ticket_number: str) -> TicketView:
        """One ticket; raises :class:`NotFoundError` for an unknown number."""
        with self._db.session() as session:
            return _view(_ticket(session, ticket_number), created=False)

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
                ticket.assigned_at = self._clock()
            return _view(ticket, created=False)

    def check_owner(self, ticket_number: str, agent: str) -> TicketView:
        """The ticket, if ``agent`` has taken it and it is not closed; else HandoverError."""
        ticket = self.get(ticket_number)
        if ticket.status == "closed":
            raise HandoverError("the ticket is closed")
        if ticket.assigned_agent != agent:
            raise HandoverError("take the ticket first")
        return ticket

    def close(self, ticket_number: str) -> TicketView:
        """Close a ticket (idempotent); raises :class:`NotFoundError` for an unknown one."""
        with self._db.session() as session:
            ticket = _ticket(session, ticket_number)
            if ticket.status != "closed":
                ticket.status = "closed"
                ticket.closed_at = self._clock()
            return _view(ticket, created=False)

    def list_open(self) -> list[TicketView]:
        """Every ticket that is not closed, oldest first."""
        return self.list(OPEN_STATUSES)

    def list(self, statuses: tuple[str, ...] = OPEN_STATUSES, limit: int = 200) -> list[TicketView]:
        """Tickets in ``statuses``: open ones oldest first, closed ones newest first."""
        closed_only = statuses == ("closed",)
        order = (
            (HandoverTicket.created_at.desc(), HandoverTicket.id.desc())
            if closed_only
            else (HandoverTicket.created_at, HandoverTicket.id)
        )
        with self._db.session() as session:
            tickets = session.scalars(
                select(HandoverTicket)
                .where(HandoverTicket.status.in_(statuses))
                .order_by(*order)
                .limit(limit)
            )
            return [_view(ticket, created=False) for ticket in tickets]


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
