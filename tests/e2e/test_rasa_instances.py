"""What must hold with two Rasa servers (issue 16): a message emitted by one reaches a
browser connected to the other (socket.io rooms shared through Redis,
bot/channels/socketio.py), a hand-over's pause set on one holds on the other until the
agent hands back there, and a pending reminder survives the death of the server that set
it (bot/shared_reminders.py).

Two real Rasa servers on one model, one PostgreSQL tracker store, Redis as lock store and
socket.io client manager (tests/e2e/rasa_instances.py), started once for the module. The
last test kills one of them.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator

import pytest
import yaml

from core.settings import PROJECT_ROOT
from shop.handover import AgentDirectory, HandoverService
from shopbot.runtime import offline_environment
from tests.e2e.conftest import SHOPBOT, support_hours
from tests.e2e.rasa_instances import RasaPair, two_rasa_servers
from tests.e2e.socketio_wire import WireClient

pytestmark = pytest.mark.e2e

PAUSE_SECONDS = 8
LEASE_SECONDS = 3
QUESTION = "rate this conversation"


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaPair]:
    work = tmp_path_factory.mktemp("instances")
    settings = {
        "SHOPBOT_SATISFACTION_PAUSE_SECONDS": str(PAUSE_SECONDS),
        "SHOPBOT_REMINDER_LEASE_SECONDS": str(LEASE_SECONDS),
        # The support team is in, whatever the hour: a hand-over pauses the conversation.
        "SHOPBOT_POLICY_DIR": str(support_hours(work, opening_hour=0, closing_hour=24)),
    }
    with two_rasa_servers(work, "e2e-instances", settings) as both:
        yield both


def english(name: str) -> str:
    document = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return str(document["responses"][name][0]["text"])


def conversation_of(token: str) -> str:
    return token.split(".", 1)[0]


def test_an_agents_reply_through_one_server_reaches_the_browser_on_the_other(
    pair: RasaPair,
) -> None:
    with WireClient.connect(pair.view("b")) as wire:
        token = wire.session(None)
        assert wire.say(token, "hi")  # the conversation's latest channel: the widget, on b
        sender = conversation_of(token)
        with pair.client("a") as api:
            # The hand-over desk's way (shop/support): a bot message appended on a.
            api.append_events(sender, [{"event": "bot", "text": "Hi, Ana here from support."}])
            _, data = wire.event("bot_uttered", timeout=20)
            assert data["text"] == "Hi, Ana here from support."
            # A response run through a's HTTP API.
            api.execute_action(sender, "utter_greet")
            _, data = wire.event("bot_uttered", timeout=20)
            assert data["text"] == english("utter_greet")
            # Both are in the conversation that b serves.
        with pair.client("b") as api:
            texts = [e.get("text") for e in api.tracker(sender)["events"] if e["event"] == "bot"]
        assert texts[-2:] == ["Hi, Ana here from support.", english("utter_greet")]


def desk(pair: RasaPair, which: str, *args: str) -> str:
    """``shopbot handover ARGS`` with the desk talking to Rasa server ``which``."""
    env = {**pair.stack.env, "SHOPBOT_RASA_URL": pair.url(which)}
    done = subprocess.run(
        [str(SHOPBOT), "handover", *args],
        capture_output=True,
        text=True,
        env=offline_environment(env),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_hand_over_pause_set_on_one_server_holds_on_the_other(pair: RasaPair) -> None:
    """The shopper asks for a person on a; their next messages reach b (another
    instance after a deployment, a failover): b keeps quiet and keeps them for the agent,
    whose reply and hand-back go through b; the bot answers again on a."""
    sender = f"e2e-pause-{int(time.time() * 1000)}"
    agent, _token = AgentDirectory(pair.stack.database).add(f"Dee Instance {sender[-6:]}")
    with pair.client("a") as on_a, pair.client("b") as on_b:
        assert on_a.send(sender, "hi")
        asked = " ".join(str(m.get("text")) for m in on_a.send(sender, "I want to talk to a human"))
        found = re.search(r"T-\d{6}", asked)
        assert found, asked
        ticket = found.group(0)
        assert on_b.tracker(sender)["paused"]

        assert on_b.send(sender, "hello? is anyone there?") == []
        assert on_b.send(sender, "my parcel is late") == []
        tracker = on_b.tracker(sender)
        assert tracker["paused"]
        said = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
        assert said[-2:] == ["hello? is anyone there?", "my parcel is late"]
        assert HandoverService(pair.stack.database).get(ticket).status == "open"

        desk(pair, "b", "take", ticket, "--agent", agent.name)
        desk(pair, "b", "say", ticket, "Hi, Dee here. Let me look.", "--agent", agent.name)
        desk(pair, "b", "handback", ticket, "--agent", agent.name)
        tracker = on_a.tracker(sender)
        assert not tracker["paused"]
        texts = [e.get("text") for e in tracker["events"] if e["event"] == "bot"]
        assert "Hi, Dee here. Let me look." in texts
        assert on_a.send(sender, "hi"), "the bot answers again after the hand-back"


def test_a_reminder_outlives_the_server_that_set_it(pair: RasaPair) -> None:
    """The widget's conversation on b gets the rating question's pause reminder; b dies;
    the browser reconnects to a, which takes the reminder over and asks the question."""
    with WireClient.connect(pair.view("b")) as wire:
        token = wire.session(None)
        listed = wire.say(token, "show me backpacks")
        assert listed and not any(QUESTION in text for text in listed)
    pair.second.process.kill()
    killed_at = time.monotonic()
    pair.second.process.wait(timeout=10)
    with WireClient.connect(pair.view("a")) as wire:
        assert conversation_of(wire.session(token)) == conversation_of(token)
        _, data = wire.event("bot_uttered", timeout=PAUSE_SECONDS + 3 * LEASE_SECONDS + 30)
        assert QUESTION in str(data.get("text")), data
    assert time.monotonic() - killed_at < PAUSE_SECONDS + 3 * LEASE_SECONDS + 30
    log = (pair.stack.log_dir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert f"satisfaction_pause:{conversation_of(token)}" in log and "taken over" in log
    with pair.client("a") as api:
        events = api.tracker(conversation_of(token))["events"]
    fired = [e for e in events if e["event"] == "user" and "EXTERNAL" in str(e.get("text"))]
    assert len(fired) == 1
