"""Hand-over tickets: idempotent per conversation, closable, listed, safe under races
(limits per client, pages and what each agent sees: test_handover_flood.py)."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from core.db.database import Database
from core.errors import NotFoundError
from shop.handover import HandoverService

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _fixed(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


@pytest.fixture
def service(database: Database) -> HandoverService:
    return HandoverService(database, clock=lambda: NOW)


def test_a_conversation_has_one_open_ticket(service: HandoverService) -> None:
    first = service.open_ticket(
        "conv-a", "user_request", "Wants a human.", channel="telegram", language="de"
    )
    assert first.created and re.fullmatch(r"T-\d{6}", first.ticket_number)
    assert (first.status, first.reason, first.created_at) == ("open", "user_request", NOW)
    again = service.open_ticket("conv-a", "verification_locked", "Again.")
    assert not again.created and again.ticket_number == first.ticket_number
    assert service.get_open("conv-a") == first
    assert service.get_open("conv-unknown") is None


def test_closing_frees_the_conversation(service: HandoverService) -> None:
    ticket = service.open_ticket("conv-b", "fallback", "Bot did not understand.")
    assert ticket.ticket_number in {t.ticket_number for t in service.list_open()}
    closed = service.close(ticket.ticket_number)
    assert closed.status == "closed"
    assert service.close(ticket.ticket_number).status == "closed"  # idempotent
    assert service.get_open("conv-b") is None
    assert ticket.ticket_number not in {t.ticket_number for t in service.list_open()}
    reopened = service.open_ticket("conv-b", "fallback", "Back again.")
    assert reopened.created and reopened.ticket_number != ticket.ticket_number
    with pytest.raises(NotFoundError):
        service.close("T-999999")


def test_open_tickets_are_listed_newest_first(database: Database) -> None:
    for minute, conversation in enumerate(("conv-l1", "conv-l2")):
        at = NOW.replace(minute=minute + 1)
        HandoverService(database, clock=_fixed(at)).open_ticket(conversation, "r", "")
    listed = [t.conversation_id for t in HandoverService(database).list_open()]
    assert listed.index("conv-l2") < listed.index("conv-l1")


def test_racing_requests_share_one_ticket(service: HandoverService) -> None:
    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def open_one() -> None:
        barrier.wait()
        numbers.append(service.open_ticket("conv-race", "user_request", "").ticket_number)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(numbers) == 4 and len(set(numbers)) == 1
