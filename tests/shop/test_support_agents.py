"""Taking tickets and the agents' API tokens (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.db.database import Database
from core.errors import HandoverError, NotFoundError
from shop.handover import AgentDirectory, HandoverService

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


@pytest.fixture
def service(database: Database) -> HandoverService:
    return HandoverService(database, clock=lambda: NOW)


def test_an_agent_takes_a_ticket_once_and_nobody_else_can(service: HandoverService) -> None:
    ticket = service.open_ticket("conv-take", "requested", "Wants a person.", channel="slack")
    taken = service.take(ticket.ticket_number, "Ana")
    assert (taken.status, taken.assigned_agent, taken.assigned_at) == ("assigned", "Ana", NOW)
    assert service.take(ticket.ticket_number, "Ana") == taken  # idempotent for the owner
    with pytest.raises(HandoverError, match="another agent"):
        service.take(ticket.ticket_number, "Ben")
    with pytest.raises(HandoverError, match="take the ticket first"):
        service.check_owner(ticket.ticket_number, "Ben")
    assert service.check_owner(ticket.ticket_number, "Ana").channel == "slack"
    # Assigned tickets are still open: the conversation keeps its one ticket.
    assert service.get_open("conv-take") is not None
    assert ticket.ticket_number in {t.ticket_number for t in service.page(("assigned",)).tickets}


def test_a_closed_ticket_cannot_be_taken_or_answered(service: HandoverService) -> None:
    ticket = service.open_ticket("conv-closed", "requested", "")
    service.take(ticket.ticket_number, "Ana")
    closed = service.close(ticket.ticket_number)
    assert closed.closed_at == NOW and closed.assigned_agent == "Ana"
    with pytest.raises(HandoverError, match="closed"):
        service.take(ticket.ticket_number, "Ana")
    with pytest.raises(HandoverError, match="closed"):
        service.check_owner(ticket.ticket_number, "Ana")
    assert ticket.ticket_number in {t.ticket_number for t in service.page(("closed",)).tickets}
    with pytest.raises(NotFoundError):
        service.get("T-999998")


def test_agent_tokens_authenticate_until_rotated_or_removed(database: Database) -> None:
    agents = AgentDirectory(database, clock=lambda: NOW)
    agent, token = agents.add("  Carla   Diaz ")
    assert agent.name == "Carla Diaz" and len(token) >= 40
    assert agents.authenticate(token) == agent
    assert agents.authenticate(token + "x") is None
    assert agents.authenticate("") is None
    with pytest.raises(HandoverError, match="exists"):
        agents.add("Carla Diaz")
    new_token = agents.rotate("Carla Diaz")
    assert agents.authenticate(token) is None
    assert agents.authenticate(new_token) is not None
    agents.deactivate("Carla Diaz")
    assert agents.authenticate(new_token) is None
    assert [a.active for a in agents.list() if a.name == "Carla Diaz"] == [False]
    with pytest.raises(NotFoundError):
        agents.rotate("Nobody")


def test_only_a_hash_of_the_token_is_stored(database: Database) -> None:
    from sqlalchemy import select

    from core.db.models import SupportAgent

    _agent, token = AgentDirectory(database).add("Dana")
    with database.session() as session:
        stored = session.scalar(select(SupportAgent.token_hash).where(SupportAgent.name == "Dana"))
    assert stored is not None and token not in stored and len(stored) == 64
