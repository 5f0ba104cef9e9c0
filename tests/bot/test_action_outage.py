"""The action server does not answer (bot/action_outage.py, put in place by
bot/processor_hooks.py): Rasa's own message processor, with the project's response
generator, talks to a real HTTP action server that is stopped, answers 503 or hangs; the
shopper gets "temporarily unavailable" in their language at once, the turn leaves the form
as it was, and the next message after the server is back continues the form.

Run with the Rasa environment:
``.venv-rasa/bin/python -m pytest tests/bot --confcutdir tests/bot -p no:cacheprovider``.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from aiohttp import web
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.lock_store import InMemoryLockStore
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.data import TrainingType
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import ClientResponseError, EndpointConfig

from bot import processor_hooks
from bot.action_outage import OUTAGE_RESPONSE, outage_reason
from bot.nlg import CatalogNaturalLanguageGenerator
from core.errors import ActionServerUnavailable
from core.languages import REPLY_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [order_status, inform, EXTERNAL_conversation_paused]
entities: [email]
slots:
  language: {type: text, influence_conversation: false,
             mappings: [{type: custom, action: action_read_message}]}
  detected_language: {type: text, influence_conversation: false,
                      mappings: [{type: custom, action: action_read_message}]}
  order_number: {type: text, influence_conversation: false, mappings: [{type: custom}]}
  email: {type: text, influence_conversation: false,
          mappings: [{type: from_entity, entity: email}]}
forms:
  order_form:
    required_slots: [order_number, email]
actions: [validate_order_form, action_read_message, action_lookup]
responses:
  utter_ask_order_form_order_number: [{text: "What is your order number?"}]
  utter_ask_order_form_email: [{text: "What is your email address?"}]
  utter_temporarily_unavailable: [{text: "Sorry, I'm temporarily unavailable."}]
"""
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def german(name: str) -> str:
    document = yaml.safe_load((ROOT / "responses" / "de.yml").read_text(encoding="utf-8"))
    return str(document["responses"][name][0]["text"])


class ActionServer:
    """A real HTTP action server on loopback whose answers the test sets per action:
    ``ok`` (the events in :attr:`answers`), ``503``, ``404`` or ``hang``; :meth:`stop`
    closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}/webhook"
        self.modes: dict[str, str] = {}
        self.answers: dict[str, list[dict[str, Any]]] = {}
        self.calls: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        name = body["next_action"]
        self.calls.append(body)
        mode = self.modes.get(name, "ok")
        if mode in ("503", "404"):
            return web.Response(status=int(mode), text="no")
        if mode == "hang":
            await asyncio.sleep(30)
        return web.json_response({"events": self.answers.get(name, []), "responses": []})

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/webhook", self._webhook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def names(self) -> list[str]:
        return [call["next_action"] for call in self.calls]


def slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def processor(endpoint_url: str) -> MessageProcessor:
    """Rasa's MessageProcessor without a trained model: the policies' choice is the form
    while it is active (or asked for), then listening."""
    made = MessageProcessor.__new__(MessageProcessor)
    made.domain = DOMAIN
    made.nlg = CatalogNaturalLanguageGenerator(None, DOMAIN)
    made.tracker_store = InMemoryTrackerStore(DOMAIN)
    made.lock_store = InMemoryLockStore()
    made.action_endpoint = EndpointConfig(endpoint_url)
    made.max_number_of_predictions = 10
    made.on_circuit_break = None
    made.http_interpreter = None
    made.model_metadata = SimpleNamespace(
        training_type=TrainingType.BOTH, model_id="test", assistant_id="test"
    )

    def predict(tracker: DialogueStateTracker) -> PolicyPrediction:
        wants_form = tracker.active_loop_name or (
            tracker.latest_message and tracker.latest_message.intent.get("name") == "order_status"
        )
        name = (
            "order_form"
            if tracker.latest_action_name == "action_listen" and wants_form
            else "action_listen"
        )
        return PolicyPrediction.for_action_name(DOMAIN, name, "test")

    made._predict_next_with_tracker = predict  # type: ignore[method-assign]
    return made


async def say(
    bot: MessageProcessor, text: str, intent: str = "inform", **entities: str
) -> tuple[list[dict[str, Any]], float]:
    """One shopper message; the bot's messages and the seconds it took."""
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": [{"entity": k, "value": v, "start": 0, "end": 1} for k, v in entities.items()],
    }
    channel = CollectingOutputChannel()
    started = time.monotonic()
    await bot.handle_message(UserMessage(text, channel, "shopper", parse_data=parse_data))
    return channel.messages, time.monotonic() - started


async def state(bot: MessageProcessor) -> dict[str, Any]:
    tracker = await bot.tracker_store.retrieve("shopper")
    assert tracker is not None
    return {
        "active_loop": tracker.active_loop_name,
        "slots": tracker.current_slot_values(),
        "latest_action": tracker.latest_action_name,
    }


@pytest.fixture
def hooks() -> Iterator[None]:
    """The project's hooks with a half-second deadline; Rasa's own put back afterwards."""
    processor_hooks.install({"SHOPBOT_ACTION_TIMEOUT_SECONDS": "0.5"})
    yield
    processor_hooks.uninstall()


def test_an_outage_is_told_apart_from_other_failures() -> None:
    import aiohttp

    refused = aiohttp.ClientConnectorError(SimpleNamespace(ssl=None, host="h", port=1), OSError())
    try:
        try:
            raise refused
        except aiohttp.ClientConnectionError:
            raise RasaException("Failed to execute custom action") from None
    except RasaException as wrapped:
        # Rasa raises its own error inside the handler (the cause is its context).
        wrapped.__context__ = refused
        assert outage_reason(wrapped) == "no connection"
    failed = RasaException("Failed to execute custom action 'x'")
    failed.__cause__ = ClientResponseError(503, "Service Unavailable", "")
    assert outage_reason(failed) == "status 503"
    assert outage_reason(asyncio.TimeoutError()) == "timed out"
    missing = RasaException("Failed to execute custom action 'x'")
    missing.__cause__ = ClientResponseError(404, "Not Found", "")
    assert outage_reason(missing) is None
    assert outage_reason(ValueError("a bug")) is None


def test_the_form_waits_through_an_outage_and_goes_on_when_the_server_is_back(
    hooks: None,
) -> None:
    async def scenario() -> None:
        server = ActionServer(free_port())
        bot = processor(server.url)
        await server.start()
        server.answers["action_read_message"] = [slot("language", "de")]
        asked, _ = await say(bot, "/order_status", intent="order_status")
        assert asked[-1]["text"] == german("utter_ask_order_form_order_number")
        server.answers["validate_order_form"] = [slot("order_number", "100234")]
        asked, _ = await say(bot, "100234")
        email_question = german("utter_ask_order_form_email").format(order_number="100234")
        assert asked[-1]["text"] == email_question
        before = await state(bot)
        assert before["active_loop"] == "order_form"
        assert before["slots"]["requested_slot"] == "email"

        # 1. The action server is gone: reading the message fails at once.
        await server.stop()
        calls = len(server.calls)
        answer, seconds = await say(bot, "anna@example.de", email="anna@example.de")
        assert [m["text"] for m in answer] == [german(OUTAGE_RESPONSE)]
        assert seconds < 2
        assert await state(bot) == before
        assert len(server.calls) == calls

        # 2. It answers the reading but fails the form's validation (a proxy's 503).
        await server.start()
        server.modes["validate_order_form"] = "503"
        answer, _ = await say(bot, "anna@example.de", email="anna@example.de")
        assert [m["text"] for m in answer] == [german(OUTAGE_RESPONSE)]
        assert server.names()[-2:] == ["action_read_message", "validate_order_form"]
        assert await state(bot) == before  # the email the reading took is undone too

        # 3. It hangs: the deadline (half a second here) ends the turn.
        server.modes["validate_order_form"] = "hang"
        answer, seconds = await say(bot, "anna@example.de", email="anna@example.de")
        assert [m["text"] for m in answer] == [german(OUTAGE_RESPONSE)]
        assert seconds < 3
        assert await state(bot) == before

        # 4. Back: the same message continues the form where it was.
        server.modes.clear()
        server.answers["validate_order_form"] = [slot("email", "anna@example.de")]
        answer, _ = await say(bot, "anna@example.de", email="anna@example.de")
        validation = server.calls[-1]
        assert validation["next_action"] == "validate_order_form"
        assert validation["tracker"]["active_loop"]["name"] == "order_form"
        assert validation["tracker"]["slots"]["requested_slot"] == "email"
        assert validation["tracker"]["slots"]["order_number"] == "100234"
        assert validation["tracker"]["latest_message"]["text"] == "anna@example.de"
        after = await state(bot)
        assert after["active_loop"] is None
        assert after["slots"]["email"] == "anna@example.de"
        assert not any(m.get("text") == german(OUTAGE_RESPONSE) for m in answer)

        # The record keeps each message and its answer, undone for the policies.
        tracker = await bot.tracker_store.retrieve("shopper")
        assert tracker is not None
        kinds = [event.type_name for event in tracker.events]
        assert kinds.count("rewind") == 3
        assert sum(1 for e in tracker.events if e.type_name == "user") == 6
        await server.stop()

    asyncio.run(scenario())


def test_a_turn_no_shopper_wrote_fails_to_its_caller_and_saves_nothing(hooks: None) -> None:
    async def scenario() -> None:
        server = ActionServer(free_port())
        bot = processor(server.url)
        await server.start()
        await say(bot, "/order_status", intent="order_status")
        await server.stop()
        stored = await bot.tracker_store.retrieve("shopper")
        assert stored is not None
        tracker = await bot.fetch_tracker_and_update_session("shopper")
        channel = CollectingOutputChannel()
        with pytest.raises(ActionServerUnavailable):
            await bot.trigger_external_user_uttered(
                "EXTERNAL_conversation_paused", {}, tracker, channel
            )
        assert channel.messages == []
        again = await bot.tracker_store.retrieve("shopper")
        assert again is not None and len(again.events) == len(stored.events)
        # An action run through the HTTP API (``execute``) fails the same way.
        prediction = PolicyPrediction.for_action_name(DOMAIN, "action_lookup", "api")
        with pytest.raises(ActionServerUnavailable):
            await bot.execute_action("shopper", "action_lookup", channel, bot.nlg, prediction)

    asyncio.run(scenario())


def test_other_failures_keep_rasas_handling(hooks: None) -> None:
    """A 404 (an action the server does not know) is a bug, not an outage: Rasa logs it
    and goes on, and the shopper gets no outage answer."""

    async def scenario() -> None:
        server = ActionServer(free_port())
        bot = processor(server.url)
        await server.start()
        server.modes["action_read_message"] = "404"
        server.answers["validate_order_form"] = []
        answer, _ = await say(bot, "/order_status", intent="order_status")
        texts = [m.get("text") for m in answer]
        assert german(OUTAGE_RESPONSE) not in texts
        # The message reading was skipped (so no language), the form went on in English.
        assert texts == ["What is your order number?"]
        assert (await state(bot))["active_loop"] == "order_form"
        await server.stop()

    asyncio.run(scenario())


def test_every_reply_language_has_the_answer() -> None:
    english = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    assert OUTAGE_RESPONSE in english
    files = sorted((ROOT / "responses").glob("*.yml"))
    assert {path.name.split(".")[0] for path in files} == set(REPLY_LANGUAGES) - {"en"}
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts = document["responses"][OUTAGE_RESPONSE]
        assert texts and texts[0]["text"].strip(), path.name


def test_the_bot_messages_sent_before_a_late_outage_are_kept_and_the_form_goes_on(
    hooks: None,
) -> None:
    """The action server answers the form's validation with a message the shopper reads,
    then the next action of the turn times out: the stored conversation keeps that message
    and the outage answer, while its state (Rasa's replay) is as before the message."""

    async def scenario() -> None:
        server = ActionServer(free_port())
        bot = processor(server.url)
        policies = bot._predict_next_with_tracker

        def predict(tracker: DialogueStateTracker) -> PolicyPrediction:
            if tracker.latest_action_name == "order_form" and not tracker.active_loop_name:
                return PolicyPrediction.for_action_name(DOMAIN, "action_lookup", "test")
            return policies(tracker)

        bot._predict_next_with_tracker = predict  # type: ignore[method-assign]
        await server.start()
        server.answers["action_read_message"] = [slot("language", "en")]
        await say(bot, "/order_status", intent="order_status")
        server.answers["validate_order_form"] = [slot("order_number", "100234")]
        await say(bot, "100234")
        before = await state(bot)
        stored = await bot.tracker_store.retrieve("shopper")
        assert stored is not None
        applied_before = [e.as_dict() for e in stored.applied_events()]
        assert before["slots"]["requested_slot"] == "email"

        found = "I've found order 100234."
        server.answers["validate_order_form"] = [
            slot("email", "anna@example.org"),
            {"event": "bot", "text": found},
        ]
        server.modes["action_lookup"] = "hang"
        answer, seconds = await say(bot, "anna@example.org", email="anna@example.org")
        outage = "Sorry, I'm temporarily unavailable."
        assert [m["text"] for m in answer] == [found, outage]
        assert seconds < 3 and server.names()[-1] == "action_lookup"

        tracker = await bot.tracker_store.retrieve("shopper")
        assert tracker is not None
        events = list(tracker.events)
        message = max(i for i, e in enumerate(events) if e.type_name == "user")
        after = [(e.type_name, getattr(e, "text", None)) for e in events[message + 1 :]]
        assert ("bot", found) in after and ("bot", outage) in after
        assert after[after.index(("bot", found)) :][-2:] == [("rewind", None), ("action", None)]
        assert [t for t in after if t[0] == "bot"] == [("bot", found), ("bot", outage)]
        assert await state(bot) == before
        # Rasa's replay: the turn is undone for the policies, the message with it (and the
        # listening before it, which the revert's action_listen takes the place of).
        applied = [e.as_dict() for e in tracker.applied_events()]
        assert applied[:-1] == applied_before[:-1]
        assert applied[-1]["name"] == applied_before[-1]["name"] == "action_listen"

        # The next message continues the form where it was.
        server.modes.clear()
        server.answers["validate_order_form"] = [slot("email", "anna@example.org")]
        await say(bot, "anna@example.org", email="anna@example.org")
        validation = [c for c in server.calls if c["next_action"] == "validate_order_form"][-1]
        assert validation["tracker"]["active_loop"]["name"] == "order_form"
        assert validation["tracker"]["slots"]["requested_slot"] == "email"
        assert validation["tracker"]["slots"]["order_number"] == "100234"
        await server.stop()

    asyncio.run(scenario())


def test_rasas_conversation_lock_outlives_the_longest_turn(tmp_path: Path) -> None:
    """bot.server sets Rasa's lock lifetime (read when Rasa's lock store is imported) from
    the settings before anything imports Rasa: three action timeouts by default, not Rasa's
    60 s, which a turn of two slow action calls outlived."""
    import os
    import subprocess
    import sys

    from bot.settings import read_settings
    from core.errors import ConfigurationError

    assert read_settings({}).lock_lifetime_seconds == 90
    assert read_settings({"SHOPBOT_ACTION_TIMEOUT_SECONDS": "45"}).lock_lifetime_seconds == 135
    with pytest.raises(ConfigurationError, match="SHOPBOT_LOCK_LIFETIME_SECONDS must exceed"):
        read_settings({"SHOPBOT_LOCK_LIFETIME_SECONDS": "20"})
    # The server's own start, with Rasa's entry replaced by a report of the lock store's
    # lifetime as Rasa's code reads it.
    script = (
        "import sys, types\n"
        "def report():\n"
        "    import inspect\n"
        "    from rasa.core.lock_store import LOCK_LIFETIME, LockStore\n"
        "    default = inspect.signature(LockStore.lock).parameters['lock_lifetime'].default\n"
        "    print(LOCK_LIFETIME, default)\n"
        "sys.modules['rasa.__main__'] = types.SimpleNamespace(main=report)\n"
        "from bot.server import main\n"
        "sys.exit(main([]))\n"
    )
    results = []
    for extra in ({}, {"SHOPBOT_LOCK_LIFETIME_SECONDS": "90.5"}):
        environ = {
            **os.environ,
            "SHOPBOT_RASA_TOKEN": "k3Qv9-lock-test-" + "x7Lp2" * 6,
            "SHOPBOT_ACTION_TIMEOUT_SECONDS": "40",
            "TICKET_LOCK_LIFETIME": "60",
            **extra,
        }
        done = subprocess.run(
            [sys.executable, "-c", script],
            env=environ,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        results.append(done.stdout.split()[-2:])
    assert results == [["120", "120"], ["91", "91"]]
