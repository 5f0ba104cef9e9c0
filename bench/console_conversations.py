"""Record the conversations the console benchmark replays (bench/data/console_conversations.jsonl).

Run once from the project root (it starts its own servers on free ports, a freshly seeded
demo database and its own tracker store; a few minutes)::

    .venv/bin/python -m bench.console_conversations

The real bot (the trained model in a real Rasa server with Rasa's SQL event broker, the
real action server) holds the scripted conversations below over the REST channel: eight
languages, order checks (right and wrong emails), product searches that find something and
that find nothing, policies, cancellations, returns, frustrated shoppers, hand-overs for
every reason with an agent who answers and hands back, ratings and comments. Each
conversation's events are read back from the tracker store and checked against what the
event broker published (the same events, in the same order); one JSON line per
conversation keeps its script's name, language and events. The people in it are the demo
database's invented customers.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from core.db.database import Database
from core.languages import (
    REPLY_LANGUAGES,
    RESPONSE_REGISTERS_VARIABLE,
    parse_response_registers,
)
from core.settings import PROJECT_ROOT
from knowledge.responses import ResponseCatalog
from shop.feedback import TrackerEvents
from shop.handover import HandoverService
from shop.rasa_api import RasaClient
from shop.sampling import sample_orders
from shop.support import HandoverDesk
from shopbot.runtime import action_server, free_port, offline_environment, rasa_server

__all__ = ["OUTPUT", "SCRIPTS", "Script", "main"]

OUTPUT = PROJECT_ROOT / "bench" / "data" / "console_conversations.jsonl"
MODEL = PROJECT_ROOT / "models" / "shopbot.tar.gz"
SHOPBOT = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
AGENT = "Demo Agent"
RATE = '/rate_conversation{{"satisfaction_rating": "{}"}}'
#: A step is a shopper message (``{number}``, ``{email}``, ``{wrong_email}`` filled in) or an
#: agent's move: ``("take",)``, ``("say", text)``, ``("back",)``.
Step = str | tuple[str, ...]


@dataclass(frozen=True)
class Script:
    """One scripted conversation: a name, its language, the order statuses it needs."""

    name: str
    language: str
    steps: tuple[Step, ...]
    statuses: tuple[str, ...] = ()


def _s(name: str, language: str, *steps: Step, statuses: Sequence[str] = ()) -> Script:
    return Script(name, language, tuple(steps), tuple(statuses))


SHIPPED = ("in_transit", "shipped", "out_for_delivery")
SCRIPTS: tuple[Script, ...] = (
    _s(
        "en_order_status_rated",
        "en",
        "hi",
        "where is my order {number}?",
        "{email}",
        "when will it arrive?",
        RATE.format(5),
        "Very quick, thanks!",
        statuses=SHIPPED,
    ),
    _s(
        "en_wrong_email_then_right",
        "en",
        "I want to track my order",
        "{number}",
        "{wrong_email}",
        "where is my order {number}",
        "{email}",
        "which carrier has it?",
        "/skip_feedback",
        statuses=SHIPPED,
    ),
    _s(
        "en_verification_failed_handover",
        "en",
        "where is my order {number}",
        "{wrong_email}",
        "{number}",
        "wrong1.{wrong_email}",
        "{number}",
        "wrong2.{wrong_email}",
        "{number}",
        "wrong3.{wrong_email}",
        "{number}",
        "wrong4.{wrong_email}",
        ("take",),
        ("say", "Hello, I'm here to help. Could you check the email on your confirmation?"),
        "it should be this one, I don't understand why it fails",
        ("say", "Thanks, I found your order and it is on its way."),
        ("back",),
        "thank you",
        statuses=("delivered",),
    ),
    _s(
        "en_delayed_order_frustrated",
        "en",
        "where is my parcel?? order {number}",
        "{email}",
        "This is ridiculous, I've waited three weeks and nobody ever helps me!",
        "Absolutely useless service, I am furious",
        "/human_handoff",
        ("take",),
        ("say", "I'm sorry about the delay. I've asked the carrier to prioritise your parcel."),
        "ok, thanks for doing something at least",
        ("back",),
        statuses=("delayed",),
    ),
    _s(
        "en_search_found_and_more",
        "en",
        "I'm looking for waterproof hiking boots under 150",
        "show me more",
        "is the second one waterproof?",
        "thanks, that's helpful",
    ),
    _s(
        "en_search_nothing",
        "en",
        "do you have hiking boots under 5 euros?",
        "what about a purple tent for 2 euros",
        "ok never mind",
    ),
    _s(
        "en_search_then_similar",
        "en",
        "I need a warm winter jacket",
        "show me something similar to the first one",
        "great, thank you",
    ),
    _s(
        "en_human_only_lawyer",
        "en",
        "I will talk to my lawyer about this order",
        ("take",),
        ("say", "Hello, I'm a member of the support team. How can I help?"),
        "I want a refund now",
    ),
    _s(
        "en_not_understood_handover",
        "en",
        "blorf snarg wibble",
        "qwertz uiop asdf",
        "zzzz mmmm pppp",
    ),
    _s(
        "en_cancel_order",
        "en",
        "I want to cancel my order",
        "{number}",
        "{email}",
        "yes",
        RATE.format(4),
        "/skip_feedback",
        statuses=("paid", "pending_payment"),
    ),
    _s(
        "en_cancel_shipped_refused",
        "en",
        "please cancel order {number}",
        "{email}",
        "that's annoying",
        statuses=SHIPPED,
    ),
    _s(
        "en_return_item",
        "en",
        "I want to return an item",
        "{number}",
        "{email}",
        "1",
        "it doesn't fit",
        RATE.format(3),
        "The return was easy but slow to find",
        statuses=("delivered",),
    ),
    _s(
        "en_refund_status",
        "en",
        "where is my refund for order {number}?",
        "{email}",
        "/skip_feedback",
        statuses=("refunded", "returned"),
    ),
    _s(
        "en_policies",
        "en",
        "how long does shipping take?",
        "what is your return policy?",
        "which payment methods do you accept?",
        "bye",
    ),
    _s(
        "en_requested_person",
        "en",
        "hello",
        "can I talk to a real person please",
        ("take",),
        ("say", "Hi, this is the support team. What can we do for you?"),
        "my discount code does not work",
        ("say", "I've applied the discount to your account; it works now."),
        ("back",),
        "thanks a lot, bye",
    ),
    _s(
        "en_out_of_scope",
        "en",
        "what's the weather like tomorrow?",
        "can you book me a flight?",
        "are you a bot?",
    ),
    _s(
        "en_positive_quick",
        "en",
        "thank you so much, you're wonderful!",
        "bye",
    ),
    _s(
        "en_items_in_order",
        "en",
        "what was in my order {number}?",
        "{email}",
        "when was it delivered?",
        RATE.format(2),
        "Took too long to arrive",
        statuses=("delivered",),
    ),
    _s(
        "es_order_status",
        "es",
        "hola, ¿dónde está mi pedido {number}?",
        "{email}",
        "¿cuándo llegará?",
        RATE.format(5),
        "Muy rápido, gracias",
        statuses=SHIPPED,
    ),
    _s(
        "es_search",
        "es",
        "busco botas de montaña impermeables",
        "muéstrame más",
        "gracias",
    ),
    _s(
        "es_frustrated_handover",
        "es",
        "mi paquete no ha llegado y nadie me responde, es un desastre",
        "estoy harto, quiero hablar con una persona",
        ("take",),
        ("say", "Hola, soy del equipo de atención. Lo reviso ahora mismo."),
        "gracias",
        ("back",),
    ),
    _s(
        "es_return_policy",
        "es",
        "¿cómo puedo devolver un artículo?",
        "¿cuánto tarda el reembolso?",
        "vale, gracias",
    ),
    _s(
        "fr_search",
        "fr",
        "je cherche des chaussures de randonnée imperméables",
        "montre-moi plus",
        "merci beaucoup",
    ),
    _s(
        "fr_order_status",
        "fr",
        "bonjour, où est ma commande {number} ?",
        "{email}",
        "quel transporteur ?",
        "/skip_feedback",
        statuses=SHIPPED,
    ),
    _s(
        "fr_search_nothing",
        "fr",
        "avez-vous une tente violette à 3 euros ?",
        "tant pis",
    ),
    _s(
        "de_order_status",
        "de",
        "Hallo, wo ist meine Bestellung {number}?",
        "{email}",
        RATE.format(4),
        "Schnelle Antwort, danke",
        statuses=SHIPPED,
    ),
    _s(
        "de_return_question",
        "de",
        "Könnt ihr mir bitte sagen, wie ich etwas zurückschicken kann?",
        "Wie lange dauert der Versand?",
        "danke",
    ),
    _s(
        "de_angry_person",
        "de",
        "Das ist eine Frechheit, mein Paket ist seit Wochen verschwunden!",
        "Ich will sofort mit einem Menschen sprechen",
        ("take",),
        ("say", "Guten Tag, ich kümmere mich darum."),
    ),
    _s(
        "it_search",
        "it",
        "cerco una giacca invernale calda",
        "grazie mille",
    ),
    _s(
        "it_order_status",
        "it",
        "ciao, dov'è il mio ordine {number}?",
        "{email}",
        RATE.format(3),
        "/skip_feedback",
        statuses=SHIPPED,
    ),
    _s(
        "pt_search",
        "pt",
        "procuro botas de caminhada impermeáveis",
        "obrigado",
    ),
    _s(
        "pt_policy",
        "pt",
        "quanto tempo demora o envio?",
        "e como faço uma devolução?",
        "obrigada",
    ),
    _s(
        "nl_order_handover",
        "nl",
        "hallo, waar is mijn bestelling {number}?",
        "{email}",
        "ik wil graag met een medewerker praten",
        ("take",),
        ("say", "Hallo, ik help u graag verder."),
        ("back",),
        statuses=SHIPPED,
    ),
    _s(
        "nl_search",
        "nl",
        "ik zoek waterdichte wandelschoenen",
        "bedankt",
    ),
    _s(
        "zh_search",
        "zh",
        "我想买防水的登山靴",
        "谢谢",
    ),
    _s(
        "zh_order_status",
        "zh",
        "你好，我的订单 {number} 在哪里？",
        "{email}",
        "谢谢",
        statuses=SHIPPED,
    ),
    _s(
        "en_to_es_switch",
        "en",
        "hello, where is my order {number}",
        "{email}",
        "¿podemos hablar en español?",
        "¿cuándo llega?",
        statuses=SHIPPED,
    ),
    _s(
        "en_payment_question_rated_low",
        "en",
        "can I pay with paypal?",
        "and do you ship abroad?",
        "your answers are not very helpful",
    ),
)


def _seed(work: Path) -> str:
    url = f"sqlite:///{work / 'shop.db'}"
    for command in (
        ["db", "init"],
        ["db", "seed", "--seed", "11", "--customers", "200", "--orders", "1200"],
    ):
        subprocess.run(
            [str(SHOPBOT), *command, "--database-url", url],
            check=True,
            capture_output=True,
            env=offline_environment(),
        )
    return url


def _ticket_number(tickets: HandoverService, sender: str, client: RasaClient) -> str | None:
    """The conversation's open ticket; when the bot did not hand over (it misunderstood),
    the shopper presses "Talk to a person" (the button's payload), as they would."""
    ticket = tickets.get_open(sender)
    if ticket is None:
        client.send(sender, "/human_handoff")
        ticket = tickets.get_open(sender)
    return ticket.ticket_number if ticket is not None else None


def _play(
    script: Script,
    sender: str,
    order: dict[str, Any] | None,
    client: RasaClient,
    desk: HandoverDesk,
    tickets: HandoverService,
) -> None:
    values = {
        "number": order["order_number"] if order else "",
        "email": order["email"] if order else "",
        "wrong_email": "not.the.owner@example.com",
    }
    for step in script.steps:
        if isinstance(step, str):
            for name, value in values.items():
                step = step.replace("{" + name + "}", value)
            client.send(sender, step)
            continue
        number = _ticket_number(tickets, sender, client)
        if number is None:
            continue
        if step[0] == "take":
            desk.take(number, AGENT)
        elif step[0] == "say":
            desk.say(number, AGENT, step[1])
        elif step[0] == "back":
            desk.hand_back(number, AGENT)


def _broker_events(events_db: Path, sender: str) -> list[dict[str, Any]]:
    broker = Database(f"sqlite:///{events_db}")
    try:
        with broker.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
            ).all()
    finally:
        broker.dispose()
    events = []
    for (data,) in rows:
        event = json.loads(data)
        event.pop("sender_id", None)
        events.append(event)
    return events


def main(argv: Sequence[str] | None = None) -> int:
    """Record every script; write the JSON Lines file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    options = parser.parse_args(argv)
    console = Console(stderr=True)
    if not MODEL.exists():
        console.print("no trained model: run `make train` first")
        return 1
    with tempfile.TemporaryDirectory(prefix="shopbot-record-") as scratch, ExitStack() as stack:
        work = Path(scratch)
        console.print("seeding a demo database")
        url = _seed(work)
        database = Database(url)
        stack.callback(database.dispose)
        action_port, rasa_port = free_port(), free_port()
        token = secrets.token_hex(24)
        env = {
            "DATABASE_URL": url,
            "SHOPBOT_ENVIRONMENT": "test",
            "SHOPBOT_ACTION_TOKEN": secrets.token_hex(24),
            "SHOPBOT_CLIENT_KEY_SECRET": secrets.token_hex(24),
            "SHOPBOT_ACTION_URL": f"http://127.0.0.1:{action_port}/webhook",
            "SHOPBOT_TRACKER_DB": str(work / "tracker.db"),
            "SHOPBOT_EVENTS_DB": str(work / "events.db"),
            # Every recorded shopper talks from this one process: the per-client limits
            # (messages, tickets, failed checks) would stop the recording, not an attacker.
            "SHOPBOT_CLIENT_FAILURE_LIMIT": "100000",
            "SHOPBOT_CHANNEL_RATE_PER_CLIENT": "100000",
            "SHOPBOT_HANDOVER_CLIENT_LIMIT": "100000",
        }
        credentials = work / "credentials.yml"
        subprocess.run(
            [str(SHOPBOT), "channels", "credentials", "--output", str(credentials)],
            check=True,
            capture_output=True,
            env=offline_environment({**env, "SHOPBOT_RASA_TOKEN": token}),
        )
        console.print("starting the action server and the Rasa server")
        stack.enter_context(action_server(action_port, env, work / "actions.log"))
        rasa = stack.enter_context(
            rasa_server(
                MODEL,
                rasa_port,
                token,
                work / "rasa.log",
                env=env,
                endpoints=PROJECT_ROOT / "endpoints.yml",
                credentials=credentials,
                timeout=900,
            )
        )
        client = stack.enter_context(RasaClient(rasa.url, token=token, timeout=300))
        tickets = HandoverService(database)
        responses = ResponseCatalog.load(
            PROJECT_ROOT / "domain.yml",
            PROJECT_ROOT / "responses",
            REPLY_LANGUAGES,
            parse_response_registers(os.environ.get(RESPONSE_REGISTERS_VARIABLE)),
        )
        desk = HandoverDesk(tickets, partial(RasaClient, rasa.url, token, 300), responses)
        orders = sample_orders(database, 600, seed=5)
        used: set[str] = set()
        tracker = TrackerEvents(Database(f"sqlite:///{work / 'tracker.db'}"))
        stack.callback(tracker.database.dispose)
        records = []
        with Progress(
            TextColumn("[bold]recording"), BarColumn(), MofNCompleteColumn(), console=console
        ) as progress:
            task = progress.add_task("recording", total=len(SCRIPTS))
            for script in SCRIPTS:
                order = None
                if script.statuses:
                    order = next(
                        o
                        for o in orders
                        if o["status"] in script.statuses and o["order_number"] not in used
                    )
                    used.add(order["order_number"])
                sender = f"record-{secrets.token_hex(6)}"
                _play(script, sender, order, client, desk, tickets)
                events = tracker.events(sender)
                published = _broker_events(work / "events.db", sender)
                if published != events:
                    console.print(f"[yellow]{script.name}: broker and tracker store differ")
                records.append({"name": script.name, "language": script.language, "events": events})
                progress.advance(task)
    options.output.parent.mkdir(parents=True, exist_ok=True)
    with options.output.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    console.print(f"{len(records)} conversations written to {options.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
