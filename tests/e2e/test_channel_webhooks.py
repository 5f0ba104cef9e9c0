"""The messaging channels in the real Rasa server (see conftest): signed webhooks get the
bot's replies at the platform's API (the capture server stands in for it), unsigned or
wrongly signed ones get 401/403 and never reach the bot, and a human agent's message
appended over the HTTP API with ``output_channel=latest`` reaches the shopper on their
platform.

A refused request is followed by a signed one in the same conversation, and the test waits
for the answer to that: the turns of a conversation run in order, so a refused message that
reached the bot all the same would have been answered first and be in the tracker by then.
No test waits for silence."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from tests.e2e.capture import CapturedRequest
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

MENU_PAYLOADS = {"/order_status", "/human_handoff"}
#: The text of the requests that must be refused (were it answered: a question for the order
#: number, never the greeting).
REFUSED_TEXT = "where is my order?"
#: The text of the signed request sent after a refused one (answered with the greeting).
LATER_TEXT = "hi"


def webhook(stack: Stack, platform: str) -> str:
    return f"{stack.rasa_url}/webhooks/{platform}/webhook"


def assert_only_the_later_message_reached_the_bot(
    stack: Stack, conversation: str, first_reply: str
) -> None:
    """The refused ``REFUSED_TEXT`` left no trace in ``conversation`` once the signed
    ``LATER_TEXT`` sent after it got its reply (``first_reply``: the conversation's first)."""
    assert "assistant" in first_reply, first_reply  # the greeting, not an order question
    events = stack.client.tracker(conversation)["events"]
    said = [event.get("text") for event in events if event.get("event") == "user"]
    assert REFUSED_TEXT not in said, said


# --- Telegram -------------------------------------------------------------------------


def telegram_update(chat_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": secrets.randbelow(10**9),
        "message": {
            "message_id": 1,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ana", "language_code": "en"},
            "chat": {"id": chat_id, "type": "private"},
            "date": int(time.time()),
            "text": text,
        },
    }


def telegram_post(stack: Stack, update: dict[str, Any], secret: str | None) -> httpx.Response:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return httpx.post(webhook(stack, "telegram"), json=update, headers=headers, timeout=30)


def telegram_reply(stack: Stack, chat_id: int, count: int = 1) -> list[CapturedRequest]:
    return stack.capture.wait_for(
        "telegram",
        lambda r: r.path.endswith("/sendMessage") and r.json().get("chat_id") == chat_id,
        count=count,
    )


def test_telegram_message_with_the_secret_gets_a_reply_and_buttons_work(stack: Stack) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    secret = stack.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    answer = telegram_post(stack, telegram_update(chat_id, "hi"), secret)
    assert answer.status_code == 200
    [reply] = telegram_reply(stack, chat_id)
    assert reply.path == f"/telegram/bot{stack.env['SHOPBOT_TELEGRAM_TOKEN']}/sendMessage"
    body = reply.json()
    assert "parse_mode" not in body
    assert "assistant" in body["text"]
    keyboard = body["reply_markup"]["inline_keyboard"]
    assert {row[0]["callback_data"] for row in keyboard} >= MENU_PAYLOADS

    press = {
        "update_id": secrets.randbelow(10**9),
        "callback_query": {
            "id": f"cbq-{chat_id}",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Ana"},
            "message": {"message_id": 2, "chat": {"id": chat_id, "type": "private"}},
            "chat_instance": "1",
            "data": "/order_status",
        },
    }
    assert telegram_post(stack, press, secret).status_code == 200
    stack.capture.wait_for(
        "telegram",
        lambda r: (
            r.path.endswith("/answerCallbackQuery")
            and r.json() == {"callback_query_id": f"cbq-{chat_id}"}
        ),
    )
    replies = telegram_reply(stack, chat_id, count=2)
    assert "order number" in replies[-1].json()["text"].lower()


@pytest.mark.parametrize("secret", [None, "wrong-secret"], ids=["missing", "wrong"])
def test_telegram_refuses_requests_without_the_secret(stack: Stack, secret: str | None) -> None:
    chat_id = 10**9 + secrets.randbelow(10**9)
    answer = telegram_post(stack, telegram_update(chat_id, REFUSED_TEXT), secret)
    assert answer.status_code == 403
    right = stack.env["SHOPBOT_TELEGRAM_WEBHOOK_SECRET"]
    assert telegram_post(stack, telegram_update(chat_id, LATER_TEXT), right).status_code == 200
    first = telegram_reply(stack, chat_id)[0].json()["text"]
    assert_only_the_later_message_reached_the_bot(stack, f"telegram:{chat_id}", first)


# --- Slack ----------------------------------------------------------------------------


def slack_headers(stack: Stack, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    secret = stack.env["SHOPBOT_SLACK_SIGNING_SECRET"].encode()
    digest = hmac.new(secret, f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def slack_dm(channel: str, text: str) -> bytes:
    event = {
        "type": "message",
        "channel": channel,
        "channel_type": "im",
        "user": "U0SHOPPER",
        "text": text,
        "ts": f"{time.time():.6f}",
    }
    body = {
        "type": "event_callback",
        "team_id": "T0SHOP",
        "event_id": f"Ev{secrets.token_hex(6).upper()}",
        "event": event,
    }
    return json.dumps(body).encode()


def slack_post(stack: Stack, body: bytes, headers: dict[str, str]) -> httpx.Response:
    content_type = (
        "application/json" if body.startswith(b"{") else ("application/x-www-form-urlencoded")
    )
    return httpx.post(
        webhook(stack, "slack"),
        content=body,
        headers={"Content-Type": content_type, **headers},
        timeout=30,
    )


def slack_replies(stack: Stack, channel: str, count: int = 1) -> list[CapturedRequest]:
    return stack.capture.wait_for(
        "slack",
        lambda r: r.path == "/slack/chat.postMessage" and r.json().get("channel") == channel,
        count=count,
    )


def test_slack_signed_direct_message_gets_a_reply_and_buttons_work(stack: Stack) -> None:
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, "hi")
    assert slack_post(stack, body, slack_headers(stack, body)).status_code == 200
    [reply] = slack_replies(stack, channel)
    assert reply.headers["Authorization"] == f"Bearer {stack.env['SHOPBOT_SLACK_BOT_TOKEN']}"
    message = reply.json()
    assert "assistant" in message["text"]
    buttons = [
        element
        for block in message["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert {button["value"] for button in buttons} >= MENU_PAYLOADS

    press = {
        "type": "block_actions",
        "team": {"id": "T0SHOP"},
        "user": {"id": "U0SHOPPER"},
        "channel": {"id": channel},
        "actions": [{"type": "button", "action_id": "x", "value": "/order_status"}],
    }
    form = urlencode({"payload": json.dumps(press)}).encode()
    assert slack_post(stack, form, slack_headers(stack, form)).status_code == 200
    replies = slack_replies(stack, channel, count=2)
    assert "order number" in replies[-1].json()["text"].lower()


def test_slack_answers_the_url_verification(stack: Stack) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "c-" + secrets.token_hex(8)})
    answer = slack_post(stack, body.encode(), slack_headers(stack, body.encode()))
    assert answer.status_code == 200
    assert answer.text == json.loads(body)["challenge"]


def slack_later_message_is_answered_alone(stack: Stack, channel: str) -> None:
    """Send ``LATER_TEXT`` signed to ``channel``; its reply must be the channel's first."""
    later = slack_dm(channel, LATER_TEXT)
    assert slack_post(stack, later, slack_headers(stack, later)).status_code == 200
    first = slack_replies(stack, channel)[0].json()["text"]
    assert_only_the_later_message_reached_the_bot(stack, f"slack:{channel}", first)


@pytest.mark.parametrize("problem", ["unsigned", "wrong", "stale"])
def test_slack_refuses_unsigned_wrong_and_stale_requests(stack: Stack, problem: str) -> None:
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, REFUSED_TEXT)
    headers = {
        "unsigned": {},
        "wrong": {**slack_headers(stack, body), "X-Slack-Signature": "v0=" + "0" * 64},
        "stale": slack_headers(stack, body, timestamp=int(time.time()) - 600),
    }[problem]
    assert slack_post(stack, body, headers).status_code == 401
    slack_later_message_is_answered_alone(stack, channel)


def test_slack_retries_are_answered_once(stack: Stack) -> None:
    """A retry (Slack resends what it thinks was not received) of a delivery that never
    reached the bot is answered; a retry of one that did is acknowledged, not run again."""
    channel = f"D{secrets.token_hex(5).upper()}"
    body = slack_dm(channel, "hi")
    retry = {**slack_headers(stack, body), "X-Slack-Retry-Num": "1"}
    assert slack_post(stack, body, retry).status_code == 200
    [reply] = slack_replies(stack, channel)
    assert "assistant" in reply.json()["text"]
    again = slack_post(stack, body, {**slack_headers(stack, body), "X-Slack-Retry-Num": "2"})
    assert again.status_code == 200 and again.headers.get("X-Slack-No-Retry") == "1"
    later = slack_dm(channel, "where is my order?")
    assert slack_post(stack, later, slack_headers(stack, later)).status_code == 200
    slack_replies(stack, channel, count=2)
    events = stack.client.tracker(f"slack:{channel}")["events"]
    said = [event.get("text") for event in events if event.get("event") == "user"]
    assert said == ["hi", "where is my order?"]


# --- Twilio (SMS and WhatsApp) --------------------------------------------------------


def twilio_form(stack: Stack, sender: str, text: str) -> dict[str, str]:
    """An inbound message's form, with a fresh ``MessageSid``."""
    number = stack.env["SHOPBOT_TWILIO_NUMBER"]
    return {
        "From": sender,
        "To": f"whatsapp:{number}" if sender.startswith("whatsapp:") else number,
        "Body": text,
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": stack.env["SHOPBOT_TWILIO_ACCOUNT_SID"],
        "NumMedia": "0",
    }


def twilio_post(stack: Stack, sender: str, text: str, signature: str | None = "") -> httpx.Response:
    """POST a Twilio webhook; ``signature=""`` signs it correctly, ``None`` leaves it out."""
    return twilio_send(stack, twilio_form(stack, sender, text), signature)


def twilio_send(stack: Stack, form: dict[str, str], signature: str | None = "") -> httpx.Response:
    """POST ``form`` to the Twilio webhook, signed as :func:`twilio_post` says."""
    if signature == "":
        data = stack.env["SHOPBOT_TWILIO_WEBHOOK_URL"] + "".join(k + form[k] for k in sorted(form))
        token = stack.env["SHOPBOT_TWILIO_AUTH_TOKEN"].encode()
        signature = base64.b64encode(hmac.new(token, data.encode(), hashlib.sha1).digest()).decode()
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    return httpx.post(webhook(stack, "twilio"), data=form, headers=headers, timeout=30)


def twilio_replies(stack: Stack, to: str, count: int = 1) -> list[dict[str, str]]:
    sid = stack.env["SHOPBOT_TWILIO_ACCOUNT_SID"]
    path = f"/twilio/2010-04-01/Accounts/{sid}/Messages.json"
    found = stack.capture.wait_for(
        "twilio", lambda r: r.path == path and r.form().get("To") == to, count=count
    )
    return [request.form() for request in found]


def random_number() -> str:
    return f"+1555{secrets.randbelow(10**7):07d}"


def test_twilio_sms_gets_numbered_options_and_a_number_picks_one(stack: Stack) -> None:
    sender = random_number()
    answer = twilio_post(stack, sender, "hi")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/xml")
    assert "<Response/>" in answer.text
    [reply] = twilio_replies(stack, sender)
    assert reply["From"] == stack.env["SHOPBOT_TWILIO_NUMBER"]
    assert "assistant" in reply["Body"]
    assert "\n1. Find a product\n2. Where is my order?\n" in reply["Body"]

    assert twilio_post(stack, sender, "2").status_code == 200
    replies = twilio_replies(stack, sender, count=2)
    assert "order number" in replies[-1]["Body"].lower()


def test_twilio_whatsapp_is_answered_from_the_whatsapp_number(stack: Stack) -> None:
    sender = f"whatsapp:{random_number()}"
    assert twilio_post(stack, sender, "where is my order?").status_code == 200
    [reply] = twilio_replies(stack, sender)
    assert reply["From"] == f"whatsapp:{stack.env['SHOPBOT_TWILIO_NUMBER']}"
    assert reply["To"] == sender
    assert "order number" in reply["Body"].lower()


@pytest.mark.parametrize("signature", [None, "bm90LXRoZS1zaWduYXR1cmU="], ids=["missing", "wrong"])
def test_twilio_refuses_unsigned_and_wrongly_signed_requests(
    stack: Stack, signature: str | None
) -> None:
    sender = random_number()
    assert twilio_post(stack, sender, REFUSED_TEXT, signature=signature).status_code == 403
    assert twilio_post(stack, sender, LATER_TEXT).status_code == 200
    first = twilio_replies(stack, sender)[0]["Body"]
    assert_only_the_later_message_reached_the_bot(stack, f"twilio:{sender}", first)


def test_an_agents_message_reaches_the_shopper_on_whatsapp(stack: Stack) -> None:
    """The hand-over path: a bot event appended with ``output_channel=latest``."""
    sender = f"whatsapp:{random_number()}"
    assert twilio_post(stack, sender, "hi").status_code == 200
    twilio_replies(stack, sender)
    text = f"Hello, this is Maria from the shop ({secrets.token_hex(4)})."
    stack.client.append_events(f"twilio:{sender}", [{"event": "bot", "text": text}])
    replies = twilio_replies(stack, sender, count=2)
    assert replies[-1]["Body"] == text
    assert replies[-1]["From"] == f"whatsapp:{stack.env['SHOPBOT_TWILIO_NUMBER']}"


# --- Messenger ------------------------------------------------------------------------


def messenger_body(psid: str, **event: Any) -> bytes:
    messaging = {"sender": {"id": psid}, "recipient": {"id": "PAGE"}, "timestamp": 1, **event}
    return json.dumps(
        {"object": "page", "entry": [{"id": "PAGE", "time": 1, "messaging": [messaging]}]}
    ).encode()


def messenger_post(stack: Stack, body: bytes, signature: str | None = "") -> httpx.Response:
    """POST a Messenger webhook; ``signature=""`` signs it correctly, ``None`` leaves it out."""
    if signature == "":
        secret = stack.env["SHOPBOT_MESSENGER_APP_SECRET"].encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return httpx.post(webhook(stack, "messenger"), content=body, headers=headers, timeout=30)


def messenger_replies(stack: Stack, psid: str, count: int = 1) -> list[CapturedRequest]:
    token = stack.env["SHOPBOT_MESSENGER_PAGE_TOKEN"]
    return stack.capture.wait_for(
        "messenger",
        lambda r: (
            r.path == f"/messenger/me/messages?access_token={token}"
            and r.json()["recipient"] == {"id": psid}
        ),
        count=count,
    )


def test_messenger_subscription_challenge(stack: Stack) -> None:
    params = {
        "hub.mode": "subscribe",
        "hub.verify_token": stack.env["SHOPBOT_MESSENGER_VERIFY_TOKEN"],
        "hub.challenge": "challenge-" + secrets.token_hex(4),
    }
    right = httpx.get(webhook(stack, "messenger"), params=params, timeout=30)
    assert right.status_code == 200
    assert right.text == params["hub.challenge"]
    wrong = httpx.get(
        webhook(stack, "messenger"), params={**params, "hub.verify_token": "wrong"}, timeout=30
    )
    assert wrong.status_code == 403
    assert params["hub.challenge"] not in wrong.text


def test_messenger_signed_message_gets_quick_replies_and_postbacks_work(stack: Stack) -> None:
    psid = f"psid-{secrets.token_hex(6)}"
    body = messenger_body(psid, message={"mid": f"m-{psid}", "text": "hi"})
    assert messenger_post(stack, body).status_code == 200
    [reply] = messenger_replies(stack, psid)
    message = reply.json()["message"]
    assert "assistant" in message["text"]
    assert {quick["payload"] for quick in message["quick_replies"]} >= MENU_PAYLOADS
    assert all(len(quick["title"]) <= 20 for quick in message["quick_replies"])

    postback = messenger_body(psid, postback={"title": "Track", "payload": "/order_status"})
    assert messenger_post(stack, postback).status_code == 200
    replies = messenger_replies(stack, psid, count=2)
    assert "order number" in replies[-1].json()["message"]["text"].lower()


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64], ids=["missing", "wrong"])
def test_messenger_refuses_unsigned_and_wrongly_signed_posts(
    stack: Stack, signature: str | None
) -> None:
    psid = f"psid-{secrets.token_hex(6)}"
    body = messenger_body(psid, message={"mid": f"m-{psid}", "text": REFUSED_TEXT})
    assert messenger_post(stack, body, signature=signature).status_code == 403
    later = messenger_body(psid, message={"mid": f"m2-{psid}", "text": LATER_TEXT})
    assert messenger_post(stack, later).status_code == 200
    first = messenger_replies(stack, psid)[0].json()["message"]["text"]
    assert_only_the_later_message_reached_the_bot(stack, f"messenger:{psid}", first)
