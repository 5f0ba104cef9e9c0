"""The agent inbox over HTTP, against a real ``python -m shopbot.web`` whose hand-over desk
talks to a stand-in of Rasa's HTTP API (tests/console/inbox_support.py): every route for
each role, the list with each conversation's language, channel, sentiment trend and
verified order, take / reply / hand back reaching the conversation as ``shopbot handover``
does, CSRF refusals, one agent kept out of another's tickets, redaction, and the event
stream telling the page about new tickets and new shopper messages."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import count
from typing import Any

import httpx
import pytest

from shop.handover import HandoverService
from tests.console.inbox_support import InboxConsole, inbox_console
from tests.console.support import csrf_token, sign_in

API = "/console/api/inbox"
EVENTS = f"{API}/events"
_CONVERSATIONS = count(1)


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InboxConsole]:
    """The console with its desk on a stand-in Rasa server."""
    with inbox_console(tmp_path_factory.mktemp("inbox")) as running:
        yield running


@pytest.fixture(scope="module")
def clients(inbox: InboxConsole) -> Iterator[dict[str, httpx.Client]]:
    """Clients signed in as sam and kim (agents), lee (lead) and ada (admin), each with
    their session's CSRF header."""
    with ExitStack() as stack:
        signed = {}
        for name in ("sam", "kim", "lee", "ada"):
            client = stack.enter_context(httpx.Client(base_url=inbox.url, timeout=20))
            assert sign_in(client, name).status_code == 303
            client.headers["X-CSRF-Token"] = csrf_token(client)
            signed[name] = client
        yield signed


def conversation() -> str:
    """A new conversation id."""
    return f"inbox-{next(_CONVERSATIONS)}-{time.monotonic_ns()}"


def eventually(check: Callable[[], Any], seconds: float = 15) -> Any:
    """``check()``'s first truthy answer, tried until ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            assert answer, "the console never showed it"
            return answer
        time.sleep(0.3)


def listed(client: httpx.Client, status: str = "active") -> dict[str, dict[str, Any]]:
    """The tickets the client's list shows, by number."""
    response = client.get(f"{API}/tickets", params={"status": status, "limit": 200})
    assert response.status_code == 200, response.text
    return {ticket["ticket_number"]: ticket for ticket in response.json()["tickets"]}


# --- roles and sessions ---------------------------------------------------------------


def test_without_a_session_nothing_is_served(inbox: InboxConsole) -> None:
    number = inbox.open_ticket(conversation()).ticket_number
    with httpx.Client(base_url=inbox.url, timeout=20) as client:
        page = client.get("/console/inbox")
        assert page.status_code == 302
        assert page.headers["location"] == "/console/login?next=/console/inbox"
        for method, url in (
            ("GET", f"{API}/tickets"),
            ("GET", f"{API}/tickets/{number}"),
            ("POST", f"{API}/tickets/{number}/take"),
            ("POST", f"{API}/tickets/{number}/messages"),
            ("POST", f"{API}/tickets/{number}/handback"),
            ("GET", EVENTS),
        ):
            response = client.request(method, url, headers={"Accept": "text/event-stream"})
            assert response.status_code == 401, (method, url)
            assert response.json()["error"] == "unauthorized"
    assert HandoverService(inbox.console.database).get(number).status == "open"


@pytest.mark.parametrize("user", ["sam", "lee", "ada"])
def test_every_role_reaches_the_inbox(
    inbox: InboxConsole, clients: dict[str, httpx.Client], user: str
) -> None:
    client = clients[user]
    page = client.get("/console/inbox")
    assert page.status_code == 200
    assert 'aria-current="page">Inbox' in page.text
    assert 'src="/console/static/inbox.js"' in page.text
    assert f'data-events="{EVENTS}"' in page.text
    number = inbox.open_ticket(conversation()).ticket_number
    assert number in listed(client)
    assert client.get(f"{API}/tickets/{number}").status_code == 200
    assert client.post(f"{API}/tickets/{number}/take").status_code == 200
    sent = client.post(f"{API}/tickets/{number}/messages", json={"text": f"Hello from {user}"})
    assert sent.status_code == 201
    assert client.post(f"{API}/tickets/{number}/handback").status_code == 200
    with client.stream("GET", EVENTS) as stream:
        assert stream.status_code == 200
        assert stream.headers["content-type"].startswith("text/event-stream")
        assert stream.headers["cache-control"] == "no-store"


def test_the_inbox_is_an_agents_start_page_and_lead_pages_stay_closed(
    clients: dict[str, httpx.Client],
) -> None:
    sam = clients["sam"]
    home = sam.get("/console/")
    assert home.status_code == 302 and home.headers["location"] == "/console/inbox"
    assert sam.get("/console/conversations").status_code == 403
    assert sam.get("/console/api/conversations").status_code == 403
    assert sam.get("/console/analytics").status_code == 403


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_language_channel_sentiment_trend_and_verified_order(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    sender = conversation()
    for text, score in (
        ("wo ist mein paket", 0.4),
        ("es ist schon eine woche", 0.1),
        ("das dauert zu lange", -0.3),
        ("ich bin wirklich wütend", -0.7),
    ):
        inbox.rasa.shopper_says(sender, text, channel="telegram", language="de", sentiment=score)
    inbox.rasa.add(
        sender,
        [{"event": "slot", "name": "verified_order", "value": "100234", "timestamp": time.time()}],
    )
    number = inbox.open_ticket(
        sender, reason="not_understood", summary="Shopper: ich bin wirklich wütend"
    ).ticket_number
    older = inbox.open_ticket(conversation(), channel="rest", language="fr").ticket_number
    newest = inbox.open_ticket(conversation()).ticket_number

    def folded() -> dict[str, Any] | None:
        ticket = listed(clients["sam"])[number]
        return ticket if len(ticket["sentiment"]["recent"]) == 4 else None

    ticket = eventually(folded)
    assert ticket["language"] == "de" and ticket["channel"] == "telegram"
    assert ticket["sentiment"]["recent"] == [0.4, 0.1, -0.3, -0.7]
    assert ticket["sentiment"]["trend"] == "falling"
    assert ticket["sentiment"]["mean"] == pytest.approx(-0.125, abs=0.006)
    assert ticket["verified_order"] == "100234"
    assert ticket["reason"] == "not_understood" and ticket["reason_label"] == "not understood"
    assert ticket["summary"] == "Shopper: ich bin wirklich wütend"
    assert (ticket["status"], ticket["assigned_agent"], ticket["mine"]) == ("open", None, False)
    # Without a summary yet, the ticket's own channel and language.
    assert listed(clients["sam"])[older]["channel"] == "rest"
    assert listed(clients["sam"])[older]["language"] == "fr"
    # Newest activity first.
    order = list(listed(clients["sam"]))
    assert order.index(newest) < order.index(older) < order.index(number)


def test_the_list_pages_and_refuses_what_it_does_not_understand(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    for _ in range(3):
        inbox.open_ticket(conversation())
    lee = clients["lee"]
    first = lee.get(f"{API}/tickets", params={"limit": 2}).json()
    assert len(first["tickets"]) == 2 and first["next_cursor"]
    second = lee.get(f"{API}/tickets", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    seen = {ticket["ticket_number"] for ticket in first["tickets"]}
    assert not seen & {ticket["ticket_number"] for ticket in second["tickets"]}
    for query in ({"status": "closed-ish"}, {"limit": "0"}, {"limit": "x"}, {"cursor": "nope"}):
        response = lee.get(f"{API}/tickets", params=query)
        assert response.status_code == 400, query
        assert response.json()["error"] == "bad_request"


# --- take, reply, hand back -------------------------------------------------------------


def test_take_reply_and_hand_back_reach_the_conversation_as_the_desk_does(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    sam, sender = clients["sam"], conversation()
    inbox.rasa.shopper_says(sender, "I need a person, my parcel never came")
    number = inbox.open_ticket(sender).ticket_number
    before = len(inbox.rasa.appends)

    taken = sam.post(f"{API}/tickets/{number}/take")
    assert taken.status_code == 200
    assert taken.json()["ticket"]["status"] == "assigned"
    assert taken.json()["ticket"]["mine"] is True
    assert inbox.rasa.texts(sender)[-1] == "sam from our support team has joined the conversation."

    sent = sam.post(f"{API}/tickets/{number}/messages", json={"text": "  Hi, Sam here.  "})
    assert sent.status_code == 201
    assert sent.json() == {"ticket_number": number, "agent": "sam"}
    reply = inbox.rasa.appends[-1]
    assert reply.sender == sender
    assert reply.query["output_channel"] == "latest"  # on the shopper's channel
    assert reply.query["execute_side_effects"] == "true"
    assert reply.events[0]["text"] == "Hi, Sam here."
    assert reply.events[0]["metadata"] == {"shopbot_agent": "sam"}

    detail = sam.get(f"{API}/tickets/{number}").json()
    assert detail["paused"] is True
    assert (detail["can_take"], detail["can_reply"], detail["can_hand_back"]) == (
        False,
        True,
        True,
    )
    lines = [(line["speaker"], line["text"]) for line in detail["transcript"]]
    assert ("shopper", "I need a person, my parcel never came") in lines
    assert ("agent", "Hi, Sam here.") in lines

    back = sam.post(f"{API}/tickets/{number}/handback")
    assert back.status_code == 200 and back.json()["ticket"]["status"] == "closed"
    handed = inbox.rasa.appends[-1].events
    assert [event["event"] for event in handed] == ["resume", "bot", "action"]
    assert handed[1]["text"].startswith("sam has handed you back to me")
    assert len(inbox.rasa.appends) == before + 3
    assert number not in listed(sam)
    late = sam.post(f"{API}/tickets/{number}/messages", json={"text": "one more thing"})
    assert late.status_code == 409 and late.json()["error"] == "conflict"
    assert len(inbox.rasa.appends) == before + 3


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", 'send {"text": "..."}'),
        (json.dumps({"message": "hi"}).encode(), 'send {"text": "..."}'),
        (json.dumps({"text": "   "}).encode(), "the message is empty"),
        (json.dumps({"text": "x" * 4001}).encode(), "a message has at most 4000 characters"),
    ],
)
def test_a_reply_that_is_no_message_is_refused(
    inbox: InboxConsole, clients: dict[str, httpx.Client], body: bytes, reason: str
) -> None:
    sam = clients["sam"]
    number = inbox.open_ticket(conversation()).ticket_number
    assert sam.post(f"{API}/tickets/{number}/take").status_code == 200
    before = len(inbox.rasa.appends)
    response = sam.post(
        f"{API}/tickets/{number}/messages",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "message": reason}
    assert len(inbox.rasa.appends) == before


def test_replying_needs_the_ticket_taken_first(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    number = inbox.open_ticket(conversation()).ticket_number
    before = len(inbox.rasa.appends)
    refused = clients["sam"].post(f"{API}/tickets/{number}/messages", json={"text": "hi"})
    assert refused.status_code == 409 and refused.json()["message"] == "take the ticket first"
    assert len(inbox.rasa.appends) == before


def test_unknown_and_malformed_ticket_numbers_are_not_found(
    clients: dict[str, httpx.Client],
) -> None:
    for number in ("T-999999", "x", "T-1", "..%2F..%2Fetc", "T-000001%00"):
        for method, path in (("GET", ""), ("POST", "/take"), ("POST", "/messages")):
            response = clients["lee"].request(
                method, f"{API}/tickets/{number}{path}", json={"text": "hi"}
            )
            assert response.status_code == 404, (number, path)
            assert response.json()["error"] == "not_found"


# --- CSRF -------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["take", "messages", "handback"])
def test_state_changes_need_the_sessions_csrf_token_from_our_origin(
    inbox: InboxConsole, clients: dict[str, httpx.Client], action: str
) -> None:
    number = inbox.open_ticket(conversation()).ticket_number
    signed = clients["sam"]
    if action != "take":
        assert signed.post(f"{API}/tickets/{number}/take").status_code == 200
    before = HandoverService(inbox.console.database).get(number)
    appended = len(inbox.rasa.appends)
    url = f"{API}/tickets/{number}/{action}"
    token = signed.headers["X-CSRF-Token"]
    for headers in (
        {"X-CSRF-Token": ""},
        {"X-CSRF-Token": "forged-" + token},
        {"X-CSRF-Token": clients["kim"].headers["X-CSRF-Token"]},  # another session's
        {"X-CSRF-Token": token, "Origin": "https://evil.example"},
    ):
        with httpx.Client(base_url=inbox.url, cookies=signed.cookies, timeout=20) as bare:
            refused = bare.post(url, json={"text": "hi"}, headers=headers)
        assert refused.status_code == 403, headers
        assert refused.json()["error"] == "csrf"
    assert HandoverService(inbox.console.database).get(number) == before
    assert len(inbox.rasa.appends) == appended


# --- one agent, another agent's ticket --------------------------------------------------


def test_an_agent_cannot_see_or_touch_another_agents_ticket(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    sender = conversation()
    inbox.rasa.shopper_says(sender, "my card is 4111 1111 1111 1111")
    number = inbox.open_ticket(sender).ticket_number
    assert clients["kim"].post(f"{API}/tickets/{number}/take").status_code == 200
    appended = len(inbox.rasa.appends)
    sam = clients["sam"]
    assert number not in listed(sam)
    assert number not in listed(sam, "assigned")
    for method, path, body in (
        ("GET", "", None),
        ("POST", "/take", {}),
        ("POST", "/messages", {"text": "let me in"}),
        ("POST", "/messages", {"text": ""}),
        ("POST", "/handback", {}),
    ):
        response = sam.request(method, f"{API}/tickets/{number}{path}", json=body)
        assert response.status_code == 404, (method, path)
        assert response.json()["error"] == "not_found"
    assert len(inbox.rasa.appends) == appended
    ticket = HandoverService(inbox.console.database).get(number)
    assert (ticket.status, ticket.assigned_agent) == ("assigned", "kim")
    # A lead sees it, and cannot write in kim's name or take it over.
    lee = clients["lee"]
    assert number in listed(lee)
    assert listed(lee)[number]["assigned_agent"] == "kim"
    detail = lee.get(f"{API}/tickets/{number}").json()
    assert (detail["can_take"], detail["can_reply"], detail["can_hand_back"]) == (
        False,
        False,
        False,
    )
    assert lee.post(f"{API}/tickets/{number}/take").status_code == 409
    assert lee.post(f"{API}/tickets/{number}/messages", json={"text": "hi"}).status_code == 409
    assert lee.post(f"{API}/tickets/{number}/handback").status_code == 409
    assert len(inbox.rasa.appends) == appended


def test_personal_data_shows_only_to_whoever_answers_the_shopper(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    sender = conversation()
    inbox.rasa.shopper_says(sender, "write to bea@example.com please")
    number = inbox.open_ticket(sender).ticket_number

    def shopper_text(user: str) -> tuple[str, bool]:
        detail = clients[user].get(f"{API}/tickets/{number}").json()
        lines = [line["text"] for line in detail["transcript"] if line["speaker"] == "shopper"]
        return lines[0], detail["redacted"]

    assert shopper_text("sam") == ("write to [email] please", True)  # not taken yet
    assert clients["sam"].post(f"{API}/tickets/{number}/take").status_code == 200
    assert shopper_text("sam") == ("write to bea@example.com please", False)
    assert shopper_text("lee") == ("write to [email] please", True)  # not lee's ticket
    assert clients["sam"].post(f"{API}/tickets/{number}/handback").status_code == 200
    assert shopper_text("sam") == ("write to [email] please", True)  # closed


# --- the event stream -------------------------------------------------------------------


class EventReader:
    """Server-sent events read from a streamed response, one at a time."""

    def __init__(self, response: httpx.Response, seconds: float = 90) -> None:
        self._lines = response.iter_lines()
        self._deadline = time.monotonic() + seconds

    def next(self) -> tuple[str, str]:
        """``(event, data)``; ``("comment", text)`` for a comment line, ``("retry", ms)``.
        Fails once the reader's time is up (heartbeats would keep it waiting forever)."""
        event = "message"
        data: list[str] = []
        for line in self._lines:
            assert time.monotonic() < self._deadline, "the stream never said it"
            if line == "":
                if data:
                    return event, "\n".join(data)
                continue
            if line.startswith(":"):
                return "comment", line[1:].strip()
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "retry":
                return "retry", value
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)
        raise EOFError("the stream ended")

    def until(self, wanted: str, number: str | None = None) -> dict[str, Any]:
        """The data of the next ``wanted`` event (that names ticket ``number``, if given);
        the others are skipped."""
        while True:
            event, data = self.next()
            if event != wanted:
                continue
            found = dict(json.loads(data))
            if number is None or number in found.get("tickets", ()):
                return found


@contextmanager
def stream(client: httpx.Client) -> Iterator[EventReader]:
    """The client's event stream, once it watches (after ``ready``)."""
    with client.stream("GET", EVENTS, timeout=httpx.Timeout(20, read=20)) as response:
        assert response.status_code == 200
        reader = EventReader(response)
        assert reader.next() == ("retry", "3000")
        assert reader.until("ready") == {"poll_seconds": 1.5}
        yield reader


def test_the_stream_tells_of_a_new_ticket_and_a_shoppers_new_message(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    sender = conversation()
    with stream(clients["sam"]) as events:
        number = inbox.open_ticket(sender).ticket_number
        assert events.until("tickets") == {"tickets": [number]}
        inbox.rasa.shopper_says(sender, "hello? anyone there?")
        while number not in events.until("messages", number)["shopper"]:
            pass  # the summary's first fold (the hand-over's pause) is no shopper message


def test_the_stream_shows_an_agent_only_their_tickets(
    inbox: InboxConsole, clients: dict[str, httpx.Client]
) -> None:
    kims = conversation()
    kim_ticket = inbox.open_ticket(kims).ticket_number
    eventually(lambda: listed(clients["kim"])[kim_ticket]["conversation_activity_at"])
    with stream(clients["sam"]) as events:
        assert clients["kim"].post(f"{API}/tickets/{kim_ticket}/take").status_code == 200
        assert events.until("tickets", kim_ticket) == {"tickets": [kim_ticket]}  # it left
        inbox.rasa.shopper_says(kims, "only kim may read this")
        eventually(lambda: listed(clients["kim"])[kim_ticket]["turns"] == 1)
        time.sleep(2)  # a poll after the summary has the message
        mine = inbox.open_ticket(conversation()).ticket_number
        told: list[tuple[str, str]] = []
        while not told or mine not in told[-1][1]:
            told.append(events.next())
        assert not [event for event in told if kim_ticket in event[1]], told


def test_the_stream_ends_when_the_session_does(inbox: InboxConsole) -> None:
    with httpx.Client(base_url=inbox.url, timeout=20) as client:
        assert sign_in(client, "sam").status_code == 303
        token = csrf_token(client)
        with stream(client) as events:
            assert client.post("/console/logout", data={"csrf_token": token}).status_code == 303
            inbox.open_ticket(conversation())
            assert events.until("signed-out") == {}
            with pytest.raises(EOFError):
                events.next()
        assert client.get(EVENTS).status_code == 401


def test_the_stream_sends_heartbeats(clients: dict[str, httpx.Client]) -> None:
    with stream(clients["ada"]) as events:
        started = time.monotonic()
        event = events.next()
        while event[0] != "comment":
            event = events.next()
        assert event == ("comment", "keep-alive")
        assert 10 < time.monotonic() - started < 35
