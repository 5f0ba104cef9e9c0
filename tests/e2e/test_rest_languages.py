"""Language over the REST channel against the real servers: the bot answers in the
shopper's language, keeps it on short messages, switches when asked, and answers a language
it only understands in English, saying so once."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import httpx
import pytest
import yaml

from core.settings import PROJECT_ROOT
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e


@cache
def template(language: str, name: str) -> str:
    """The first variation's text of response ``name`` in ``language``."""
    if language == "en":
        document: Any = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text("utf-8"))
    else:
        path = PROJECT_ROOT / "responses" / f"{language}.yml"
        document = yaml.safe_load(path.read_text("utf-8"))
    return str(document["responses"][name][0]["text"])


def says(reply: str, language: str, name: str) -> bool:
    """True when ``reply`` contains response ``name`` in ``language`` (placeholders filled)."""
    parts = re.split(r"\{[^{}\n]+\}", template(language, name))
    pattern = ".+?".join(re.escape(part) for part in parts)
    return re.search(pattern, reply, flags=re.DOTALL) is not None


def ask_for_order_form(conversation: Any) -> str:
    """A button press (an intent payload: no words, so the language stays as it is)."""
    return str(conversation.say_text("/order_status"))


def test_language_follows_the_shopper_through_a_conversation(stack: Stack) -> None:
    conversation = stack.conversation()
    conversation.say_text("hola, ¿me podéis ayudar? no me ha llegado todavía el pedido")
    assert says(ask_for_order_form(conversation), "es", "utter_ask_order_form_order_number")
    # A bare order number says nothing about the language: the conversation stays Spanish.
    order = stack.order_with_status("delivered")
    asked = conversation.say_text(order["order_number"])
    assert says(asked, "es", "utter_ask_order_form_email"), asked
    # An explicit request switches, and the confirmation is already in the new language.
    switched = conversation.say_text("can we speak English please?")
    assert says(switched, "en", "utter_language_switched"), switched
    # A full sentence in German switches by itself.
    conversation.say_text("Könnt ihr mir bitte sagen, wie ich etwas zurückschicken kann?")
    tracker = conversation.tracker()
    assert tracker["slots"]["language"] == "de"
    assert tracker["slots"]["detected_language"] == "de"
    # Every typed message keeps its own detection in the tracker store (a button's intent
    # payload skips the NLU pipeline, so it has none).
    typed = [e for e in tracker["events"] if e["event"] == "user" and e["text"][:1] != "/"]
    detections = [e["parse_data"]["language"] for e in typed]
    assert detections[0]["language"] == "es" and detections[-1]["language"] == "de"


def test_a_language_we_only_understand_gets_english_once_with_a_notice(stack: Stack) -> None:
    conversation = stack.conversation()
    first = conversation.say_text("здравствуйте, где мой заказ? я жду его уже неделю")
    assert first.startswith(template("en", "utter_language_not_spoken")), first
    second = conversation.say_text("я не помню номер заказа, помогите пожалуйста")
    assert not says(second, "en", "utter_language_not_spoken"), second
    assert says(ask_for_order_form(conversation), "en", "utter_ask_order_form_order_number")
    assert conversation.tracker()["slots"]["detected_language"] == "ru"


def test_responses_are_rendered_inside_the_rasa_server_in_the_conversation_language(
    stack: Stack,
) -> None:
    """bot/nlg.py: the slots fill the German question; the action server serves no NLG."""
    conversation = stack.conversation()
    asked = conversation.say_text("hallo, wo ist meine Bestellung 100234?")
    assert says(asked, "de", "utter_ask_order_form_email"), asked
    assert "100234" in asked
    headers = {"X-Shopbot-Action-Token": stack.action_token}
    body = {"response": "utter_greet", "arguments": {}, "tracker": {}, "channel": {}}
    assert httpx.post(f"{stack.action_url}/nlg", json=body, headers=headers).status_code == 404


def test_typed_order_status_in_spanish_then_products_in_french(stack: Stack) -> None:
    """Everything typed: the intents come from the Spanish and French words themselves."""
    conversation = stack.conversation()
    order = stack.order_with_status("shipped", "in_transit", "delivered")
    asked = conversation.say_text(f"hola, ¿dónde está mi pedido {order['order_number']}?")
    assert says(asked, "es", "utter_ask_order_form_email"), asked
    answer = conversation.say_text(order["email"])
    assert says(answer, "es", "utter_verified"), answer
    # The shopper switches to French in a full sentence: understood, answered in French,
    # and the English-described catalog is searched.
    messages = conversation.say("je cherche des chaussures de randonnée imperméables")
    text = "\n".join(str(m.get("text") or "") for m in messages)
    assert says(text, "fr", "utter_search_results"), text
    cards = next(m["custom"]["cards"] for m in messages if m.get("custom"))
    assert any("boot" in c["title"].lower() or "shoe" in c["title"].lower() for c in cards)
    # A bare number after the list picks that product.
    picked = conversation.say_text("2")
    assert cards[1]["title"] in picked, picked
    assert conversation.tracker()["slots"]["language"] == "fr"
