"""The support desk over a stand-in Rasa HTTP API: an agent reads only their tickets and
unassigned ones, a closed ticket gives no access to the live conversation, an agent's
message is activity."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.db.database import Database
from core.errors import HandoverError, NotFoundError
from core.settings import PROJECT_ROOT
from knowledge.responses import ResponseCatalog
from shop.handover import HandoverService
from shop.rasa_api import RasaClient
from shop.support import HandoverDesk


class StandInRasa:
    """The conversations a Rasa server would keep: events per sender, appended in order."""

    def __init__(self) -> None:
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.paused: dict[str, bool] = {}

    def say(self, sender: str, text: str, at: float) -> None:
        self.events.setdefault(sender, []).append({"event": "user", "text": text, "timestamp": at})

    def client(self) -> Callable[[], RasaClient]:
        rasa = self

        class Client:
            def __enter__(self) -> Client:
                return self

            def __exit__(self, *exc_info: object) -> None:
                return None

            def tracker(self, sender: str) -> dict[str, Any]:
                return {
                    "events": list(rasa.events.get(sender, [])),
                    "paused": rasa.paused.get(sender, True),
                    "slots": {"language": "en"},
                }

            def append_events(self, sender: str, events: list[dict[str, Any]]) -> None:
                rasa.events.setdefault(sender, []).extend(events)

        return Client  # type: ignore[return-value]


@pytest.fixture
def rasa() -> StandInRasa:
    return StandInRasa()


def english() -> ResponseCatalog:
    return ResponseCatalog.load(PROJECT_ROOT / "domain.yml", PROJECT_ROOT / "responses", ("en",))


@pytest.fixture
def tickets(database: Database) -> HandoverService:
    return HandoverService(database)


@pytest.fixture
def desk(tickets: HandoverService, rasa: StandInRasa) -> HandoverDesk:
    return HandoverDesk(tickets, rasa.client(), english())


def test_another_agents_ticket_is_unknown_to_an_agent(
    desk: HandoverDesk, tickets: HandoverService
) -> None:
    number = tickets.open_ticket("desk-ben", "requested", "").ticket_number
    desk.take(number, "Ben")
    assert desk.detail(number, "Ben").ticket.assigned_agent == "Ben"
    assert desk.detail(number).ticket.ticket_number == number  # the operator's command line
    with pytest.raises(NotFoundError):
        desk.detail(number, "Ana")
    with pytest.raises(HandoverError):
        desk.say(number, "Ana", "hello")
    with pytest.raises(HandoverError):
        desk.hand_back(number, "Ana")
    assert number not in {t.ticket_number for t in desk.tickets(("assigned",), agent="Ana").tickets}


def test_a_closed_ticket_shows_its_conversation_only_up_to_its_closing(
    desk: HandoverDesk, tickets: HandoverService, rasa: StandInRasa
) -> None:
    number = tickets.open_ticket("desk-closed", "requested", "").ticket_number
    rasa.say("desk-closed", "my parcel is late", time.time() - 5)
    desk.take(number, "Ana")
    desk.say(number, "Ana", "Let me check.")
    assert desk.detail(number, "Ana").paused is True
    desk.hand_back(number, "Ana")
    # The shopper writes on after the hand-back (the bot has the conversation again).
    rasa.say("desk-closed", "my new address is 1 Secret Road", time.time() + 60)
    detail = desk.detail(number, "Ana")
    texts = [line.text for line in detail.transcript]
    assert "my parcel is late" in texts and "Let me check." in texts
    assert not any("Secret Road" in text for text in texts)
    assert detail.paused is None  # the live state is not shown either
    with pytest.raises(HandoverError, match="closed"):
        desk.say(number, "Ana", "one more thing")
    with pytest.raises(HandoverError, match="closed"):
        desk.hand_back(number, "Ana")
    with pytest.raises(HandoverError, match="closed"):
        desk.take(number, "Ana")


def test_an_agents_message_is_activity(database: Database, rasa: StandInRasa) -> None:
    moments = iter(datetime(2028, 1, 1, tzinfo=UTC) + timedelta(minutes=n) for n in range(10))
    tickets = HandoverService(database, clock=lambda: next(moments))
    desk = HandoverDesk(tickets, rasa.client(), english())
    older = tickets.open_ticket("desk-older", "requested", "").ticket_number
    newer = tickets.open_ticket("desk-newer", "requested", "").ticket_number
    assert desk.tickets(("open", "assigned"), limit=1).tickets[0].ticket_number == newer
    desk.take(older, "Ana")
    desk.say(older, "Ana", "Hello")
    page = desk.tickets(("open", "assigned"), agent="Ana", limit=2).tickets
    assert [t.ticket_number for t in page] == [older, newer]
