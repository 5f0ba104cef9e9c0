"""Attacks on the hand-over desk, against the real servers (Rasa, action server, web server).

- A flood: 200 requests for a person, each from a new conversation, from one network
  client. At most the per-client limit become tickets, and a real shopper's ticket from
  another client is on the first page of the agents' list.
- One agent against another's ticket: cannot read it, write to it, take it or hand it back.
- A closed ticket: gives no access to the live conversation (its transcript ends at the
  closing; no message, no hand-back).
- A malformed ``Authorization`` header (non-ASCII, undecodable): 401, never 500.

Each test acts as its own network client: the stack trusts 127.0.0.1 as a proxy, so an
``X-Forwarded-For`` of 203.0.113.N is client N (tests/e2e/conftest.py).
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from shop.handover import AgentDirectory
from shopbot.runtime import ServerProcess
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

FLOOD_CLIENT = "203.0.113.150"
SHOPPER_CLIENT = "203.0.113.151"
DESK_CLIENT = "203.0.113.152"
FLOOD_REQUESTS = 200


def turn(stack: Stack, sender: str, message: str, client: str) -> httpx.Response:
    """One REST turn as the network client ``client`` (behind the trusted proxy)."""
    return httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": message},
        headers={"X-Forwarded-For": client, "Authorization": f"Bearer {stack.rasa_token}"},
        timeout=120,
    )


def texts(response: httpx.Response) -> str:
    """The bot's texts of a turn."""
    assert response.status_code == 200, response.text
    return "\n".join(str(message.get("text") or "") for message in response.json())


def ticket_in(reply: str) -> str:
    """The ticket number the bot announced."""
    found = re.search(r"T-\d{6}", reply)
    assert found, reply
    return found.group(0)


def tickets_of(stack: Stack, prefix: str) -> int:
    """Tickets whose conversation id starts with ``prefix``."""
    with stack.database.begin() as connection:
        count = connection.execute(
            text("SELECT count(*) FROM handover_tickets WHERE conversation_id LIKE :prefix"),
            {"prefix": f"{prefix}%"},
        ).scalar_one()
    return int(count)


@pytest.fixture(scope="module")
def api(web: ServerProcess) -> Iterator[httpx.Client]:
    """The hand-over HTTP API of the web server."""
    with httpx.Client(base_url=f"{web.url}/api/handover", timeout=60) as client:
        yield client


def agent_headers(stack: Stack, name: str) -> dict[str, str]:
    """A new agent's Authorization header."""
    _agent, token = AgentDirectory(stack.database).add(f"{name} {secrets.token_hex(3)}")
    return {"Authorization": f"Bearer {token}"}


def test_a_flood_from_one_client_opens_at_most_its_limit_and_hides_no_shopper(
    stack: Stack, api: httpx.Client
) -> None:
    limit = int(stack.env["SHOPBOT_HANDOVER_CLIENT_LIMIT"])
    run = f"flood-{secrets.token_hex(4)}-"

    def ask(n: int) -> tuple[int, str]:
        response = turn(stack, f"{run}{n}", "/human_handoff", FLOOD_CLIENT)
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(ask, range(FLOOD_REQUESTS)))
    statuses = Counter(status for status, _ in outcomes)
    answered = [body for status, body in outcomes if status == 200]
    # The flood reached the bot (the channels' message limits let well over the ticket
    # limit through), and no more than the limit became tickets.
    assert len(answered) > limit, statuses
    assert set(statuses) <= {200, 429}, statuses
    assert 1 <= tickets_of(stack, run) <= limit
    refused = [body for body in answered if "requests for a person from your connection" in body]
    assert len(refused) >= len(answered) - limit

    # A real shopper on another connection asks for a person: a ticket, on the first page.
    shopper = f"shopper-{secrets.token_hex(4)}"
    turn(stack, shopper, "hi", SHOPPER_CLIENT)
    number = ticket_in(texts(turn(stack, shopper, "I want to talk to a human", SHOPPER_CLIENT)))
    listed = api.get("/tickets", headers=agent_headers(stack, "Dana Flood")).json()
    first_page = [ticket["ticket_number"] for ticket in listed["tickets"]]
    assert number in first_page, (number, first_page[:5])
    assert first_page[0] == number  # newest activity first


def _open_desk_ticket(stack: Stack, message: str) -> tuple[str, str]:
    sender = f"desk-{secrets.token_hex(4)}"
    reply = texts(turn(stack, sender, message, DESK_CLIENT))
    return sender, ticket_in(reply)


def test_an_agent_cannot_read_or_write_another_agents_ticket(
    stack: Stack, api: httpx.Client
) -> None:
    _sender, number = _open_desk_ticket(stack, "I want to talk to a human")
    ana, ben = agent_headers(stack, "Ana Owner"), agent_headers(stack, "Ben Other")
    # Unassigned: both see it in the list.
    for headers in (ana, ben):
        listed = [
            t["ticket_number"] for t in api.get("/tickets", headers=headers).json()["tickets"]
        ]
        assert number in listed
    assert api.post(f"/tickets/{number}/take", headers=ana).status_code == 200

    assert api.get(f"/tickets/{number}", headers=ben).status_code == 404
    listed = [t["ticket_number"] for t in api.get("/tickets", headers=ben).json()["tickets"]]
    assert number not in listed
    for path, body in (
        (f"/tickets/{number}/messages", {"text": "I am not Ana"}),
        (f"/tickets/{number}/handback", None),
        (f"/tickets/{number}/take", None),
    ):
        refused = api.post(path, headers=ben, json=body)
        assert refused.status_code == 409, (path, refused.text)
        assert "shopper" not in refused.text.lower()
    # The owner still has it all.
    detail = api.get(f"/tickets/{number}", headers=ana).json()
    assert detail["ticket"]["assigned_agent"].startswith("Ana Owner")
    assert ("shopper", "I want to talk to a human") in [
        (line["speaker"], line["text"]) for line in detail["transcript"]
    ]


def test_a_closed_ticket_gives_no_access_to_the_live_conversation(
    stack: Stack, api: httpx.Client
) -> None:
    sender, number = _open_desk_ticket(stack, "I want to talk to a human")
    ana = agent_headers(stack, "Ana Closer")
    assert api.post(f"/tickets/{number}/take", headers=ana).status_code == 200
    said = api.post(f"/tickets/{number}/messages", headers=ana, json={"text": "Hi, Ana here."})
    assert said.status_code == 201
    assert api.post(f"/tickets/{number}/handback", headers=ana).status_code == 200

    # The shopper goes on with the bot; the closed ticket must not show it.
    later = f"my new address is {secrets.token_hex(4)} Road"
    turn(stack, sender, later, DESK_CLIENT)
    detail: dict[str, Any] = api.get(f"/tickets/{number}", headers=ana).json()
    shown = [line["text"] for line in detail["transcript"]]
    assert "Hi, Ana here." in shown
    assert not any(later in line for line in shown), shown
    assert detail["paused"] is None
    for path, body in (
        (f"/tickets/{number}/messages", {"text": "one more thing"}),
        (f"/tickets/{number}/handback", None),
        (f"/tickets/{number}/take", None),
    ):
        assert api.post(path, headers=ana, json=body).status_code == 409, path
    # Nothing from the agent reached the conversation after the closing.
    events = stack.client.tracker(sender)["events"]
    agent_lines = [
        e
        for e in events
        if e.get("event") == "bot" and (e.get("metadata") or {}).get("shopbot_agent")
    ]
    assert [e["text"] for e in agent_lines] == ["Hi, Ana here."]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer é".encode(),  # UTF-8
        b"Bearer \xe9\xe9",  # Latin-1
        b"Bearer \xff\xfe",  # no text at all
        "Béarer token".encode(),
    ],
)
def test_a_malformed_authorization_header_gets_401(api: httpx.Client, header: bytes) -> None:
    for path in ("/me", "/tickets", "/tickets/T-000001"):
        response = api.get(path, headers={"Authorization": header})
        assert response.status_code == 401, (path, response.status_code, response.text[:200])
        assert response.json()["error"] == "unauthorized"
