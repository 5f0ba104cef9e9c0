"""Attack on the Rasa server's log: malformed payloads that carry personal data.

Rasa logs the validation error of a malformed request with the offending values quoted
(``'anna@example.com' is not of type 'number'``), an unknown intent or action by its name,
and warns with the whole request body when no event can be read from it. The Rasa server
starts through ``bot/server.py``, whose logging configuration redacts every record,
tracebacks and warnings included: the log keeps the error, never the email or phone.
"""

from __future__ import annotations

import secrets
import time

import httpx
import pytest

from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e


def _log_since(stack: Stack, offset: int, marker: str, timeout: float = 15) -> str:
    """The Rasa log written after ``offset``, once ``marker`` (or the timeout) is reached."""
    path = stack.log_dir / "rasa.log"
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        with path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode("utf-8", "replace")
        if marker in text:
            break
        time.sleep(0.5)
    return text


def test_malformed_payloads_leave_no_email_or_phone_in_the_rasa_log(stack: Stack) -> None:
    email = f"leak.{secrets.token_hex(4)}@example.com"
    phone = f"+44 7700 9{10000 + secrets.randbelow(90000)}"
    conversation = f"e2e-{secrets.token_hex(8)}"
    base = f"{stack.rasa_url}/conversations/{conversation}"
    token = {"token": stack.rasa_token}
    offset = (stack.log_dir / "rasa.log").stat().st_size
    with httpx.Client(timeout=30) as http:
        malformed = [
            http.post(
                f"{base}/tracker/events",
                params=token,
                json=[{"event": "slot", "name": "email", "value": email, "timestamp": phone}],
            ),
            http.post(
                f"{base}/tracker/events",
                params=token,
                json={"event": f"not-an-event {email} {phone}", "timestamp": 1},
            ),
            http.post(f"{base}/trigger_intent", params=token, json={"name": f"{email} {phone}"}),
            http.post(f"{base}/execute", params=token, json={"name": f"action {email} {phone}"}),
            http.post(
                f"{stack.rasa_url}/webhooks/rest/webhook",
                content=f'{{"sender": "{conversation}", "message": "{email} {phone}',
                headers={"Content-Type": "application/json"},
            ),
        ]
    assert all(400 <= response.status_code < 500 for response in malformed), [
        (response.status_code, response.text[:200]) for response in malformed
    ]
    written = _log_since(stack, offset, "[email]")
    assert "[email]" in written, "Rasa logged none of the malformed payloads"
    assert email not in written
    assert phone not in written and phone.replace(" ", "") not in written
