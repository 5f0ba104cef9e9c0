"""Hand-over tickets: a conversation asks for a human; at most one open ticket each."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from shopbot.db.base import utc_now
from shopbot.db.database import Database
from shopbot.db.models import HandoverTicket
from shopbot.errors import NotFoundError
from shopbot.shop.orders import Clock
from shopbot.shop.views import TicketView

__all__ = ["OPEN_STATUSES", "HandoverService", "ticket_number_for"]

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
    )


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

    def close(self, ticket_number: str) -> TicketView:
        """Close a ticket (idempotent); raises :class:`NotFoundError` for an unknown one."""
        with self._db.session() as session:
            ticket = session.scalar(
                select(HandoverTicket).where(HandoverTicket.ticket_number == ticket_number)
            )
            if ticket is None:
                raise NotFoundError("no ticket has this number")
            if ticket.status != "closed":
                ticket.status = "closed"
                ticket.closed_at = self._clock()
            return _view(ticket, created=False)

    def list_open(self) -> list[TicketView]:
        """Every ticket that is not closed, oldest first."""
        with self._db.session() as session:
            tickets = session.scalars(
                select(HandoverTicket)
                .where(HandoverTicket.status.in_(OPEN_STATUSES))
                .order_by(HandoverTicket.created_at, HandoverTicket.id)
            )
            return [_view(ticket, created=False) for ticket in tickets]
