"""Attacks on the channels, against the real servers (see conftest): each test does what an
attacker would and checks that it gets nowhere.

- The REST channel without the Rasa token, or addressing a widget conversation.
- A widget token past its expiry, to continue someone's (verified) conversation.
- 1 MB messages on every channel.
- A flood of messages from one network client (over REST and on the website).
- Replayed Slack and Twilio webhooks, and Slack's retries.

Each test is a network client of its own where it matters: the stack trusts 127.0.0.1 as a
proxy, so ``X-Forwarded-For: 203.0.113.N`` makes a request come from client N.
A refused message is followed by a good one in the same conversation, and the test waits
for the answer to that (the turns of a conversation run in order): no test waits for silence.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Stack
from tests.e2e.socketio_wire import WireClient
from tests.e2e.test_channel_webhooks import (
    messenger_body,
    messenger_post,
    random_number,
    slack_dm,
    slack_headers,
    slack_post,
    slack_replies,
    telegram_post,
    telegram_update,
    twilio_form,
    twilio_replies,
    twilio_send,
    webhook,
)

pytestmark = pytest.mark.e2e

ONE_MB = 1_000_000
DAY = 24 * 60 * 60


def rest(
    stack: Stack,
    sender: str,
    text: str,
    *,
    token: str | None = "",
    client: str | None = None,
    params: dict[str, str] | None = None,
) -> httpx.Response:
    """POST a REST turn; ``token=""`` sends the right token, ``None`` none."""
    headers = {"Accept-Language": "en"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token or stack.rasa_token}"
    if client:
        headers["X-Forwarded-For"] = client
    return httpx.post(
        webhook(stack, "rest"),
        json={"sender": sender, "message": text},
        headers=headers,
        params=params,
        timeout=60,
    )


def user_texts(stack: Stack, sender: str) -> list[str]:
    """What the shopper said in ``sender``'s conversation, as the tracker has it."""
    events = stack.client.tracker(sender)["events"] or []
    return [str(event.get("text")) for event in events if event.get("event") == "user"]


def settled_user_texts(stack: Stack, sender: str, last: str, timeout: float = 30) -> list[str]:
    """:func:`user_texts` once the tracker has ``last`` (the bot's replies go out before the
    turn is stored)."""
    deadline = time.monotonic() + timeout
    while True:
        texts = user_texts(stack, sender)
        if (texts and texts[-1] == last) or time.monotonic() > deadline:
            return texts
        time.sleep(0.2)


def widget_token(stack: Stack, conversation_id: str, issued_at: int) -> str:
    """A widget token forged with the server's secret (bot/channels/socketio.py's format)."""
    secret = stack.env["SHOPBOT_WIDGET_SESSION_SECRET"].encode()
    key = hashlib.sha256(b"shopbot-widget-session\x00" + secret).digest()
    issued = f"{issued_at:016x}"
    mac = hmac.new(key, f"{conversation_id}.{issued}".encode(), hashlib.sha256).hexdigest()
    return f"{conversation_id}.{issued}{mac[:48]}"


def refused_with(response: httpx.Response, status: int, error: str) -> dict[str, Any]:
    """The JSON refusal of ``response``, checked: its status, code and a text."""
    assert response.status_code == status, (response.status_code, response.text[:200])
    body = response.json()
    assert body["error"] == error and body["message"], body
    return dict(body)


# --- the REST channel ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "way", ["no-token", "wrong-token", "wrong-query-token", "another-secret"], ids=str
)
def test_rest_without_the_rasa_token_reaches_nobody(stack: Stack, way: str) -> None:
    sender = f"attack-{secrets.token_hex(6)}"
    if way == "no-token":
        answer = rest(stack, sender, "where is my order?", token=None)
    elif way == "wrong-token":
        answer = rest(stack, sender, "where is my order?", token=secrets.token_hex(16))
    elif way == "wrong-query-token":
        answer = rest(stack, sender, "hi", token=None, params={"token": "guess"})
    else:  # a secret the attacker might have seen elsewhere
        answer = rest(stack, sender, "hi", token=stack.env["SHOPBOT_WIDGET_SESSION_SECRET"])
    refused_with(answer, 401, "unauthorized")
    assert user_texts(stack, sender) == []
    # The right token in the query works (Rasa's own API style), so the refusal was the token.
    assert rest(stack, sender, "hi", token=None, params={"token": stack.rasa_token}).is_success


def test_rest_cannot_continue_a_widget_conversation(stack: Stack) -> None:
    """Someone who learns a widget conversation's id (from a shared screenshot, a log, a
    support ticket) cannot write into it over REST, even with the token."""
    with WireClient.connect(stack, client="203.0.113.41") as wire:
        token = wire.session(None)
        conversation = token.split(".")[0]
        assert wire.say(token, "hi")  # the turn is over (bot_typing false): it is stored
    for sender in (conversation, conversation.upper(), f"web-{secrets.token_hex(16)}"):
        answer = rest(stack, sender, "where is my order?", client="203.0.113.42")
        assert answer.status_code == 400 and "sender" in answer.json()["error"], answer.text
    assert user_texts(stack, conversation) == ["hi"]


# --- the widget's session tokens ------------------------------------------------------------


def test_an_expired_widget_token_does_not_continue_the_conversation(stack: Stack) -> None:
    with WireClient.connect(stack, client="203.0.113.43") as wire:
        token = wire.session(None)
        conversation = token.split(".")[0]
        assert wire.say(token, "hi")
        # Every message renews the token: the expiry counts from the last use.
        renewed = [data for name, data in wire.events if name == "session_renew"]
        assert renewed and renewed[-1].split(".")[0] == conversation
    stale = widget_token(stack, conversation, int(time.time()) - DAY - 60)
    with WireClient.connect(stack, client="203.0.113.43") as wire:
        # As a message: refused, and the widget is told why.
        wire.emit("user_uttered", {"message": "where is my order?", "session_id": stale})
        assert wire.event("shopbot_error")[1] == {"code": "session_expired"}
        # As a session: a new conversation, not the old one.
        fresh = wire.session(stale)
        assert fresh.split(".")[0] != conversation
        assert wire.say(fresh, "hi")
    assert user_texts(stack, conversation) == ["hi"]
    # The same conversation with a token of an hour ago continues (the refusal was the age).
    recent = widget_token(stack, conversation, int(time.time()) - 3600)
    with WireClient.connect(stack, client="203.0.113.43") as wire:
        assert wire.session(recent).split(".")[0] == conversation


# --- 1 MB on every channel ------------------------------------------------------------------


def _later_message_is_answered_alone(stack: Stack, conversation: str, later: list[str]) -> None:
    texts = settled_user_texts(stack, conversation, later[-1])
    assert texts == later, texts


def test_1mb_over_rest_is_refused_with_a_clear_answer(stack: Stack) -> None:
    sender = f"attack-{secrets.token_hex(6)}"
    answer = rest(stack, sender, "x" * ONE_MB, client="203.0.113.44")
    body = refused_with(answer, 413, "request_too_large")
    assert body["limit_bytes"] < ONE_MB and "too large" in body["message"]
    assert rest(stack, sender, "hi", client="203.0.113.44").is_success
    _later_message_is_answered_alone(stack, sender, ["hi"])


def test_1mb_on_the_website_is_refused_with_a_clear_answer(stack: Stack) -> None:
    with WireClient.connect(stack, client="203.0.113.45") as wire:
        token = wire.session(None)
        wire.emit("user_uttered", {"message": "x" * ONE_MB, "session_id": token})
        _, error = wire.event("shopbot_error")
        assert error["code"] == "message_too_large" and error["limit"] < ONE_MB
        # The connection stays, and the next message is answered.
        assert wire.say(token, "hi")
    _later_message_is_answered_alone(stack, token.split(".")[0], ["hi"])


def test_1mb_on_telegram_is_refused_with_a_clear_answer(stack: Stack) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    secret = stack.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    refused_with(
        telegram_post(stack, telegram_update(chat_id, "x" * ONE_MB), secret),
        413,
        "request_too_large",
    )
    assert telegram_post(stack, telegram_update(chat_id, "hi"), secret).status_code == 200
    stack.capture.wait_for("telegram", lambda r: r.json().get("chat_id") == chat_id)
    _later_message_is_answered_alone(stack, f"telegram:{chat_id}", ["hi"])


def test_1mb_on_slack_is_refused_with_a_clear_answer(stack: Stack) -> None:
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, "x" * ONE_MB)
    refused_with(slack_post(stack, body, slack_headers(stack, body)), 413, "request_too_large")
    later = slack_dm(channel, "hi")
    assert slack_post(stack, later, slack_headers(stack, later)).status_code == 200
    slack_replies(stack, channel)
    _later_message_is_answered_alone(stack, f"slack:{channel}", ["hi"])


def test_1mb_on_twilio_is_refused_with_a_clear_answer(stack: Stack) -> None:
    sender = random_number()
    refused_with(
        twilio_send(stack, twilio_form(stack, sender, "x" * ONE_MB)), 413, "request_too_large"
    )
    assert twilio_send(stack, twilio_form(stack, sender, "hi")).status_code == 200
    twilio_replies(stack, sender)
    _later_message_is_answered_alone(stack, f"twilio:{sender}", ["hi"])


def test_1mb_on_messenger_is_refused_with_a_clear_answer(stack: Stack) -> None:
    psid = f"psid-{secrets.token_hex(6)}"
    body = messenger_body(psid, message={"mid": f"m-{psid}", "text": "x" * ONE_MB})
    refused_with(messenger_post(stack, body), 413, "request_too_large")
    later = messenger_body(psid, message={"mid": f"m2-{psid}", "text": "hi"})
    assert messenger_post(stack, later).status_code == 200
    token = stack.env["SHOPBOT_MESSENGER_PAGE_TOKEN"]
    stack.capture.wait_for(
        "messenger",
        lambda r: (
            r.path.endswith(f"access_token={token}") and r.json()["recipient"] == {"id": psid}
        ),
    )
    _later_message_is_answered_alone(stack, f"messenger:{psid}", ["hi"])


# --- floods ---------------------------------------------------------------------------------


def test_a_flood_from_one_client_is_refused_and_other_clients_go_on(stack: Stack) -> None:
    """One client sends as fast as it can: after its conversation's limit (20 a minute) it
    gets 429, and once its own limit is spent (every attempt counts) so does every new
    conversation of it; another client is answered as usual all along."""
    per_client = int(stack.env["SHOPBOT_CHANNEL_RATE_PER_CLIENT"])
    flooder, bystander = "203.0.113.50", "203.0.113.51"
    sender = f"flood-{secrets.token_hex(6)}"
    statuses: list[int] = []
    scopes: list[str] = []
    started = time.monotonic()
    with httpx.Client(timeout=60) as http:
        headers = {"Authorization": f"Bearer {stack.rasa_token}", "X-Forwarded-For": flooder}
        for _ in range(per_client * 3):
            answer = http.post(
                webhook(stack, "rest"), json={"sender": sender, "message": "hi"}, headers=headers
            )
            statuses.append(answer.status_code)
            if answer.status_code == 429:
                scopes.append(answer.json()["scope"])
                assert int(answer.headers["Retry-After"]) >= 1
            if scopes and scopes[-1] == "client":
                break
    elapsed = time.monotonic() - started
    accepted = statuses.count(200)
    # The conversation's 20 at once, then one every 3 s while the flood goes on.
    assert statuses[:20] == [200] * 20
    assert 20 <= accepted <= 20 + elapsed / 3 + 1, (accepted, elapsed)
    assert scopes[0] == "conversation"
    assert scopes[-1] == "client", "the client's own limit was never reached"
    assert len(statuses) >= per_client  # every attempt counted for the client
    assert len(user_texts(stack, sender)) == accepted
    # The flooding client cannot go on in a new conversation: of five quick tries, at most
    # what its bucket earned back meanwhile (one message every 60/per_client s, and each
    # answered turn takes a while on a loaded machine) gets through...
    other = f"flood-{secrets.token_hex(6)}"
    tries = [rest(stack, other, "hi", client=flooder) for _ in range(5)]
    # (counted from the flood's last attempt, when the bucket was empty)
    earned = int((time.monotonic() - started - elapsed) * per_client / 60) + 1
    refusals = [refused_with(r, 429, "rate_limited") for r in tries if r.status_code != 200]
    assert len(refusals) >= max(1, 5 - earned), ([r.status_code for r in tries], earned)
    assert {refusal["scope"] for refusal in refusals} == {"client"}
    # ...while another client is answered.
    answer = rest(stack, f"calm-{secrets.token_hex(6)}", "hi", client=bystander)
    assert answer.status_code == 200 and answer.json()


def test_a_flood_on_the_website_is_refused_with_an_error_event(stack: Stack) -> None:
    with WireClient.connect(stack, client="203.0.113.52") as wire:
        token = wire.session(None)
        for number in range(25):
            wire.emit("user_uttered", {"message": f"hello {number}", "session_id": token})
        errors = [wire.event("shopbot_error")[1] for _ in range(5)]
    assert all(error["code"] == "rate_limited" and error["retry_after"] >= 1 for error in errors)


# --- replays --------------------------------------------------------------------------------


def test_a_replayed_slack_delivery_is_answered_once(stack: Stack) -> None:
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, "hi")
    headers = slack_headers(stack, body)
    for _ in range(3):  # the captured request, sent again within Slack's five minutes
        assert slack_post(stack, body, headers).status_code == 200
    later = slack_dm(channel, "where is my order?")
    assert slack_post(stack, later, slack_headers(stack, later)).status_code == 200
    replies = slack_replies(stack, channel, count=2)
    assert "assistant" in replies[0].json()["text"]  # the greeting, once
    said = settled_user_texts(stack, f"slack:{channel}", "where is my order?")
    assert said == ["hi", "where is my order?"]
    assert len([r for r in stack.capture.taken("slack") if r.json().get("channel") == channel]) == 2


def test_a_slack_retry_of_an_unprocessed_event_is_answered_once(stack: Stack) -> None:
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, "hi")
    for attempt in (1, 2, 3):  # Slack's retries; the first delivery never arrived
        headers = {**slack_headers(stack, body), "X-Slack-Retry-Num": str(attempt)}
        assert slack_post(stack, body, headers).status_code == 200
    later = slack_dm(channel, "where is my order?")
    assert slack_post(stack, later, slack_headers(stack, later)).status_code == 200
    replies = slack_replies(stack, channel, count=2)
    assert "assistant" in replies[0].json()["text"]
    said = settled_user_texts(stack, f"slack:{channel}", "where is my order?")
    assert said == ["hi", "where is my order?"]
    assert len([r for r in stack.capture.taken("slack") if r.json().get("channel") == channel]) == 2


def test_a_replayed_twilio_message_is_answered_once(stack: Stack) -> None:
    sender = random_number()
    form = twilio_form(stack, sender, "hi")
    for _ in range(3):  # Twilio's signature has no time: a captured request stays valid
        assert twilio_send(stack, form).status_code == 200
    # (Not a quick reply's title: SMS turns those into their payloads.)
    later = twilio_form(stack, sender, "how long does shipping take?")
    assert twilio_send(stack, later).status_code == 200
    replies = twilio_replies(stack, sender, count=2)
    assert "assistant" in replies[0]["Body"]  # the greeting, once
    said = settled_user_texts(stack, f"twilio:{sender}", "how long does shipping take?")
    assert said == ["hi", "how long does shipping take?"]
    assert len(twilio_replies(stack, sender, count=2)) == 2


def test_a_refused_request_leaves_the_json_shape_for_tools(stack: Stack) -> None:
    """Tools read refusals as JSON in the caller's language."""
    answer = httpx.post(
        webhook(stack, "rest"),
        content=json.dumps({"sender": "tool-1", "message": "x" * ONE_MB}),
        headers={
            "Authorization": f"Bearer {stack.rasa_token}",
            "Content-Type": "application/json",
            "Accept-Language": "de-DE,de;q=0.9",
            "X-Forwarded-For": "203.0.113.53",
        },
        timeout=60,
    )
    assert refused_with(answer, 413, "request_too_large")["message"].startswith("Diese")
