"""The action server dies mid-conversation (issue 16, faults): the shopper gets a short
"temporarily unavailable" answer in their language at once, the order form waits as it
was, and when the action server is back the conversation goes on where it stopped.

A real Rasa server and a real action server (one stack for the module, its own database
and tracker store), driven over the REST channel; the action server is stopped by its
process id and started again on the same port (bot/action_outage.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import yaml

from core.settings import PROJECT_ROOT
from shopbot.runtime import ServerProcess, action_server
from tests.e2e.conftest import Stack, running_stack

pytestmark = pytest.mark.e2e

#: "At once": the answer to a message while the action server is down.
FAST_SECONDS = 3.0


@pytest.fixture(scope="module")
def outage_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with running_stack(tmp_path_factory.mktemp("outage"), "action-outage") as running:
        yield running


@cache
def template(language: str, name: str) -> str:
    """The first text of response ``name`` in ``language`` (the informal default files)."""
    path = (
        PROJECT_ROOT / "domain.yml"
        if language == "en"
        else PROJECT_ROOT / "responses" / f"{language}.yml"
    )
    document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(document["responses"][name][0]["text"])


def says(reply: str, language: str, name: str) -> bool:
    """Whether ``reply`` holds response ``name`` in ``language``, placeholders filled."""
    parts = re.split(r"\{[^{}\n]+\}", template(language, name))
    return re.search(".+?".join(map(re.escape, parts)), reply, flags=re.DOTALL) is not None


def timed_say(stack: Stack, sender: str, text: str) -> tuple[str, float]:
    started = time.monotonic()
    messages = stack.client.send(sender, text)
    return "\n".join(str(m.get("text") or "") for m in messages), time.monotonic() - started


def stop_actions(stack: Stack) -> ServerProcess:
    """Kill the action server (its process id); wait until it is gone."""
    process = stack.action_process
    assert process is not None
    process.process.kill()
    process.process.wait(timeout=10)
    return process


def test_a_killed_action_server_is_announced_at_once_and_the_form_goes_on_after(
    outage_stack: Stack,
) -> None:
    stack = outage_stack
    order = stack.order_with_status("delivered", "shipped", "in_transit")
    conversation = stack.conversation()
    asked = conversation.say_text(f"hallo, wo ist meine Bestellung {order['order_number']}?")
    assert says(asked, "de", "utter_ask_order_form_email"), asked
    before = conversation.tracker()
    assert before["active_loop"]["name"] == "order_form"
    assert before["slots"]["requested_slot"] == "email"

    port = int(stack.action_url.rsplit(":", 1)[1])
    stopped = stop_actions(stack)
    answer, seconds = timed_say(stack, conversation.sender, order["email"])
    assert answer == template("de", "utter_temporarily_unavailable")
    assert seconds < FAST_SECONDS
    # The form waits where it was; the message and the answer are on the record.
    during = conversation.tracker()
    assert during["active_loop"] == before["active_loop"]
    assert during["slots"] == before["slots"]
    user_texts = [e.get("text") for e in during["events"] if e["event"] == "user"]
    assert user_texts[-1] == order["email"]

    # A new conversation's first message: the answer in that message's language.
    first, seconds = timed_say(stack, "e2e-outage-es", "hola, ¿dónde está mi pedido, por favor?")
    assert first == template("es", "utter_temporarily_unavailable")
    assert seconds < FAST_SECONDS

    with action_server(port, stack.env, stopped.log_path.with_name("actions-restarted.log")):
        # Back: the same message continues the form (verification, then the status).
        answer = conversation.say_text(order["email"])
        assert says(answer, "de", "utter_verified"), answer
        assert not says(answer, "de", "utter_temporarily_unavailable")
        after = conversation.tracker()
        assert after["slots"]["order_number"] == order["order_number"]
        assert (after.get("active_loop") or {}).get("name") != "order_form"
