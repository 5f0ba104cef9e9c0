"""Tests of ``bot.channels.signatures``: the platforms' published examples, then good, bad,
missing and stale signatures. Standard library only: runs in either environment."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from bot.channels.signatures import (
    SLACK_MAX_AGE_SECONDS,
    messenger_request_is_authentic,
    messenger_signature,
    secret_token_matches,
    slack_request_is_authentic,
    slack_signature,
    twilio_request_is_authentic,
    twilio_signature,
)

# Slack's example in "Verifying requests from Slack".
SLACK_DOC_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
SLACK_DOC_TIMESTAMP = "1531420618"
SLACK_DOC_BODY = (
    b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
    b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
    b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
    b"%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
    b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
)
SLACK_DOC_SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

# Twilio's example in "Webhooks security".
TWILIO_DOC_TOKEN = "12345"
TWILIO_DOC_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
TWILIO_DOC_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+12349013030",
    "Digits": "1234",
    "From": "+12349013030",
    "To": "+18005551212",
}
TWILIO_DOC_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


def test_slack_published_example() -> None:
    assert slack_signature(SLACK_DOC_SECRET, SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY) == (
        SLACK_DOC_SIGNATURE
    )
    assert slack_request_is_authentic(
        SLACK_DOC_SECRET,
        SLACK_DOC_TIMESTAMP,
        SLACK_DOC_BODY,
        SLACK_DOC_SIGNATURE,
        now=int(SLACK_DOC_TIMESTAMP) + 10,
    )


@pytest.mark.parametrize(
    ("timestamp", "body", "signature", "secret"),
    [
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY + b"x", SLACK_DOC_SIGNATURE, SLACK_DOC_SECRET),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, "another-secret"),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, "v0=" + "0" * 64, SLACK_DOC_SECRET),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE[3:], SLACK_DOC_SECRET),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, None, SLACK_DOC_SECRET),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, "", SLACK_DOC_SECRET),
        (None, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, SLACK_DOC_SECRET),
        ("1531420618.0", SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, SLACK_DOC_SECRET),
        ("soon", SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, SLACK_DOC_SECRET),
        (SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, ""),
    ],
    ids=[
        "tampered-body",
        "wrong-secret",
        "wrong-signature",
        "no-version-prefix",
        "missing-signature",
        "empty-signature",
        "missing-timestamp",
        "float-timestamp",
        "garbage-timestamp",
        "no-secret-configured",
    ],
)
def test_slack_refuses(
    timestamp: str | None, body: bytes, signature: str | None, secret: str
) -> None:
    now = int(SLACK_DOC_TIMESTAMP)
    assert not slack_request_is_authentic(secret, timestamp, body, signature, now=now)


@pytest.mark.parametrize("offset", [SLACK_MAX_AGE_SECONDS + 1, -(SLACK_MAX_AGE_SECONDS + 1), 86400])
def test_slack_refuses_a_stale_or_future_timestamp(offset: int) -> None:
    now = int(SLACK_DOC_TIMESTAMP) + offset
    assert not slack_request_is_authentic(
        SLACK_DOC_SECRET, SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, now=now
    )


def test_slack_accepts_the_edge_of_the_window() -> None:
    now = int(SLACK_DOC_TIMESTAMP) + SLACK_MAX_AGE_SECONDS
    assert slack_request_is_authentic(
        SLACK_DOC_SECRET, SLACK_DOC_TIMESTAMP, SLACK_DOC_BODY, SLACK_DOC_SIGNATURE, now=now
    )


def test_twilio_published_example() -> None:
    assert twilio_signature(TWILIO_DOC_TOKEN, TWILIO_DOC_URL, TWILIO_DOC_PARAMS) == (
        TWILIO_DOC_SIGNATURE
    )
    as_lists = {key: [value] for key, value in TWILIO_DOC_PARAMS.items()}
    assert twilio_request_is_authentic(
        TWILIO_DOC_TOKEN, TWILIO_DOC_URL, as_lists, TWILIO_DOC_SIGNATURE
    )


def test_twilio_signature_is_computed_as_documented() -> None:
    params = {"To": ["+15550000000"], "Body": ["hi", "again"], "From": ["whatsapp:+1555"]}
    base = "https://bot.example/webhooks/twilio/webhook" + "Bodyagain" + "Bodyhi"
    base += "Fromwhatsapp:+1555" + "To+15550000000"
    expected = base64.b64encode(hmac.new(b"token", base.encode(), hashlib.sha1).digest()).decode()
    assert twilio_signature("token", "https://bot.example/webhooks/twilio/webhook", params) == (
        expected
    )


@pytest.mark.parametrize(
    ("url", "params", "signature"),
    [
        (TWILIO_DOC_URL, {**TWILIO_DOC_PARAMS, "Digits": "1235"}, TWILIO_DOC_SIGNATURE),
        (TWILIO_DOC_URL, {**TWILIO_DOC_PARAMS, "Extra": ""}, TWILIO_DOC_SIGNATURE),
        ("https://mycompany.com/myapp.php", TWILIO_DOC_PARAMS, TWILIO_DOC_SIGNATURE),
        (TWILIO_DOC_URL, TWILIO_DOC_PARAMS, None),
        (TWILIO_DOC_URL, TWILIO_DOC_PARAMS, ""),
        (TWILIO_DOC_URL, TWILIO_DOC_PARAMS, "0/KCTR6DLpKmkAf8muzZqo1nDgQ"),
    ],
    ids=["tampered-value", "added-field", "other-url", "missing", "empty", "truncated"],
)
def test_twilio_refuses(url: str, params: dict[str, str], signature: str | None) -> None:
    assert not twilio_request_is_authentic(TWILIO_DOC_TOKEN, url, params, signature)


def test_twilio_refuses_when_no_token_is_configured() -> None:
    assert not twilio_request_is_authentic(
        "", TWILIO_DOC_URL, TWILIO_DOC_PARAMS, TWILIO_DOC_SIGNATURE
    )


def test_messenger_signature() -> None:
    body = b'{"object":"page","entry":[]}'
    expected = "sha256=" + hmac.new(b"app-secret", body, hashlib.sha256).hexdigest()
    assert messenger_signature("app-secret", body) == expected
    assert messenger_request_is_authentic("app-secret", body, expected)
    assert not messenger_request_is_authentic("app-secret", body + b" ", expected)
    assert not messenger_request_is_authentic("other-secret", body, expected)
    assert not messenger_request_is_authentic("app-secret", body, expected.split("=", 1)[1])
    assert not messenger_request_is_authentic("app-secret", body, None)
    assert not messenger_request_is_authentic("app-secret", body, "")
    assert not messenger_request_is_authentic("", body, expected)
    sha1 = "sha1=" + hmac.new(b"app-secret", body, hashlib.sha1).hexdigest()
    assert not messenger_request_is_authentic("app-secret", body, sha1)


def test_telegram_secret_token() -> None:
    assert secret_token_matches("s3cret-token", "s3cret-token")
    assert not secret_token_matches("s3cret-token", "s3cret-tokeN")
    assert not secret_token_matches("s3cret-token", None)
    assert not secret_token_matches("s3cret-token", "")
    assert not secret_token_matches("", "")
    assert not secret_token_matches("ünïcode", "unicode")
    assert secret_token_matches("ünïcode", "ünïcode")
