"""Checks that a webhook request really comes from its platform (standard library only).

Every check compares in constant time (``hmac.compare_digest``) and answers ``False``, never
raises, for a missing, malformed or wrong signature. The ``*_signature`` functions compute
what the platform sends, for the checks and for tests.

- Telegram does not sign bodies: it sends back the secret given to ``setWebhook`` in
  ``X-Telegram-Bot-Api-Secret-Token`` (:func:`secret_token_matches`).
- Slack signs ``v0:{timestamp}:{body}`` with HMAC-SHA256 (``X-Slack-Signature: v0=<hex>``)
  and the timestamp must be within five minutes (:func:`slack_request_is_authentic`).
- Twilio signs the webhook URL followed by the sorted form fields with HMAC-SHA1, base64
  (``X-Twilio-Signature``, :func:`twilio_request_is_authentic`).
- Meta signs the raw body with HMAC-SHA256 (``X-Hub-Signature-256: sha256=<hex>``,
  :func:`messenger_request_is_authentic`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterable, Mapping

__all__ = [
    "SLACK_MAX_AGE_SECONDS",
    "messenger_request_is_authentic",
    "messenger_signature",
    "secret_token_matches",
    "slack_request_is_authentic",
    "slack_signature",
    "twilio_request_is_authentic",
    "twilio_signature",
]

SLACK_MAX_AGE_SECONDS = 5 * 60
"""How far a Slack request's timestamp may be from the local clock (replay protection)."""


def _same(expected: str, given: str | None) -> bool:
    """Constant-time equality of two strings; ``False`` for a missing or empty one."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def secret_token_matches(expected: str, given: str | None) -> bool:
    """Whether ``given`` (Telegram's ``X-Telegram-Bot-Api-Secret-Token``) is ``expected``."""
    return _same(expected, given)


def slack_signature(signing_secret: str, timestamp: str, body: bytes) -> str:
    """``v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">``, as Slack signs a request."""
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    digest = hmac.new(signing_secret.encode("utf-8"), base, hashlib.sha256).hexdigest()
    return f"v0={digest}"


def slack_request_is_authentic(
    signing_secret: str,
    timestamp: str | None,
    body: bytes,
    signature: str | None,
    now: float | None = None,
    max_age: float = SLACK_MAX_AGE_SECONDS,
) -> bool:
    """Whether ``signature`` (``X-Slack-Signature``) signs ``body`` at ``timestamp``
    (``X-Slack-Request-Timestamp``), and the timestamp is at most ``max_age`` seconds off."""
    if not signing_secret or not timestamp or not signature:
        return False
    stamp = timestamp.strip()
    if not stamp.isascii() or not stamp.isdigit():
        return False
    current = time.time() if now is None else now
    if abs(current - int(stamp)) > max_age:
        return False
    return _same(slack_signature(signing_secret, stamp, body), signature.strip())


def twilio_signature(
    auth_token: str, url: str, params: Mapping[str, Iterable[str]] | Mapping[str, str]
) -> str:
    """base64(HMAC-SHA1(auth_token, url + every key and value, keys sorted)).

    ``params`` maps each form field to its value or to its list of values; several
    values of one field are sorted too, as Twilio's own helper library does.
    """
    parts = [url]
    for key in sorted(params):
        raw = params[key]
        values = [raw] if isinstance(raw, str) else list(raw)
        parts.extend(key + value for value in sorted(set(values)))
    digest = hmac.new(
        auth_token.encode("utf-8"), "".join(parts).encode("utf-8"), hashlib.sha1
    ).digest()
    return base64.b64encode(digest).decode("ascii")


def twilio_request_is_authentic(
    auth_token: str,
    url: str,
    params: Mapping[str, Iterable[str]] | Mapping[str, str],
    signature: str | None,
) -> bool:
    """Whether ``signature`` (``X-Twilio-Signature``) signs ``url`` and the form ``params``."""
    if not auth_token or not url or not signature:
        return False
    return _same(twilio_signature(auth_token, url, params), signature.strip())


def messenger_signature(app_secret: str, body: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of the raw body>``, as Meta signs a webhook."""
    digest = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def messenger_request_is_authentic(app_secret: str, body: bytes, signature: str | None) -> bool:
    """Whether ``signature`` (``X-Hub-Signature-256``) signs the raw ``body``."""
    if not app_secret or not signature:
        return False
    return _same(messenger_signature(app_secret, body), signature.strip())
