"""The hand-over desk against floods (SQLite and PostgreSQL): new tickets limited per
network client, even when the requests race; one ticket per conversation, a reopened
conversation's ticket naming the old one; pages newest activity first with a cursor that
new tickets never shift; an agent sees only their tickets and unassigned ones."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from core.db.database import Database
from core.errors import HandoverLimited, NotFoundError
from shop.handover import MAX_PAGE_SIZE, ClientLimit, Cursor, HandoverService

START = datetime(2027, 3, 1, 9, tzinfo=UTC)
LIMIT = ClientLimit(tickets=3, window_minutes=60)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.now = moment

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def service(database: Database, clock: Clock) -> HandoverService:
    return HandoverService(database, clock=clock, client_limit=LIMIT)


def test_a_client_opens_at_most_the_limit_in_its_window(
    service: HandoverService, clock: Clock
) -> None:
    for n in range(LIMIT.tickets):
        clock.advance(seconds=1)
        assert service.open_ticket(f"flood-{n}", "requested", "", client_key="a" * 32).created
    with pytest.raises(HandoverLimited):
        service.open_ticket("flood-over", "requested", "", client_key="a" * 32)
    assert service.get_open("flood-over") is None  # nothing stored
    # Asking again in a conversation that has its ticket is no new ticket: no refusal.
    assert not service.open_ticket("flood-0", "requested", "", client_key="a" * 32).created
    # Another client is not affected; the window passes and the client may ask again.
    assert service.open_ticket("shopper-1", "requested", "", client_key="b" * 32).created
    clock.advance(minutes=LIMIT.window_minutes + 1)
    assert service.open_ticket("flood-later", "requested", "", client_key="a" * 32).created


def test_racing_requests_of_one_client_cannot_pass_the_limit(service: HandoverService) -> None:
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def open_one(n: int) -> None:
        barrier.wait()
        try:
            service.open_ticket(f"race-{n}", "requested", "", client_key="c" * 32)
            outcomes.append("created")
        except HandoverLimited:
            outcomes.append("limited")

    threads = [threading.Thread(target=open_one, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["created"] * LIMIT.tickets + ["limited"] * (8 - LIMIT.tickets)


def test_a_reopened_conversation_gets_a_new_ticket_naming_the_old_one(
    service: HandoverService, clock: Clock
) -> None:
    first = service.open_ticket("again", "requested", "", client_key="d" * 32)
    assert first.previous_ticket is None
    service.take(first.ticket_number, "Ana")
    clock.advance(minutes=5)
    service.close(first.ticket_number)
    clock.advance(minutes=5)
    second = service.open_ticket("again", "requested", "", client_key="d" * 32)
    assert second.created and second.ticket_number != first.ticket_number
    assert second.previous_ticket == first.ticket_number
    assert second.assigned_agent is None  # a new ticket, for whoever takes it


def _walk(
    page: Callable[[Cursor | None], tuple[list[str], str | None]],
) -> list[str]:
    numbers: list[str] = []
    cursor: Cursor | None = None
    while True:
        found, following = page(cursor)
        numbers.extend(found)
        if following is None:
            return numbers
        cursor = Cursor.decode(following)


def test_pages_are_newest_activity_first_and_new_tickets_do_not_shift_them(
    database: Database,
) -> None:
    clock = Clock(START + timedelta(days=30))
    service = HandoverService(database, clock=clock)
    opened = []
    for n in range(7):
        clock.advance(minutes=1)
        opened.append(service.open_ticket(f"page-{n}", "requested", "").ticket_number)
    first = service.page(limit=3)
    assert [t.ticket_number for t in first.tickets] == opened[::-1][:3]
    assert first.next_cursor is not None
    # A new ticket arrives between two pages: it is on top of the first page, and the
    # second page goes on where the first ended (nothing skipped, nothing twice).
    clock.advance(minutes=1)
    newcomer = service.open_ticket("page-new", "requested", "").ticket_number
    second = service.page(limit=3, after=Cursor.decode(first.next_cursor))
    assert [t.ticket_number for t in second.tickets] == opened[::-1][3:6]
    assert service.page(limit=1).tickets[0].ticket_number == newcomer
    # Taking a ticket is activity: it moves to the top.
    clock.advance(minutes=1)
    service.take(opened[0], "Ana")
    assert service.page(limit=1).tickets[0].ticket_number == opened[0]

    def page_of_two(cursor: Cursor | None) -> tuple[list[str], str | None]:
        found = service.page(limit=2, after=cursor)
        return [t.ticket_number for t in found.tickets], found.next_cursor

    walked = _walk(page_of_two)
    assert len(walked) == len(set(walked)) and set(opened) | {newcomer} <= set(walked)
    assert len(service.page(limit=10_000).tickets) <= MAX_PAGE_SIZE


def test_an_agent_sees_only_their_tickets_and_unassigned_ones(database: Database) -> None:
    clock = Clock(START + timedelta(days=60))
    service = HandoverService(database, clock=clock)
    mine = service.open_ticket("seen-ana", "requested", "").ticket_number
    theirs = service.open_ticket("seen-ben", "requested", "").ticket_number
    nobodys = service.open_ticket("seen-none", "requested", "").ticket_number
    service.take(mine, "Ana")
    service.take(theirs, "Ben")
    seen = {t.ticket_number for t in service.page(agent="Ana", limit=MAX_PAGE_SIZE).tickets}
    assert {mine, nobodys} <= seen and theirs not in seen
    assert service.get(mine, "Ana").assigned_agent == "Ana"
    assert service.get(nobodys, "Ana").assigned_agent is None
    with pytest.raises(NotFoundError):
        service.get(theirs, "Ana")
    # Closed, Ben's ticket stays Ben's.
    service.close(theirs)
    closed = service.page(("closed",), agent="Ana", limit=MAX_PAGE_SIZE).tickets
    assert theirs not in {t.ticket_number for t in closed}


@pytest.mark.parametrize(
    "value", ["", "x", "not-base64!", "é", "a" * 200, Cursor(START, 5).encode()[:-3] + "@@"]
)
def test_a_cursor_that_this_list_did_not_make_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="cursor"):
        Cursor.decode(value)


def test_a_cursor_survives_its_round_trip() -> None:
    cursor = Cursor(START + timedelta(microseconds=17), 42)
    assert Cursor.decode(cursor.encode()) == cursor
