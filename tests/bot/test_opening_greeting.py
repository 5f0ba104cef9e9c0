"""The known shopper's greeting inside the Rasa server (bot/opening.py through bot/nlg.py):
the offers' buttons in the conversation's language, the fixed menu when the slot is empty
or holds nothing usable, and never a payload made of what the slot smuggles in."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import RASA_MISSING_REASON

pytest.importorskip("rasa", reason=RASA_MISSING_REASON)

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.nlg import CatalogNaturalLanguageGenerator
from bot.opening import OFFERS_SLOT

DOMAIN = """
version: "3.1"
slots:
  language:
    type: text
    influence_conversation: false
    mappings: [{type: custom}]
  opening_offers:
    type: any
    influence_conversation: false
    mappings: [{type: custom}]
responses:
  utter_greet:
    - text: "Hi! What can I do for you?"
      buttons:
        - {title: "Find a product", payload: /search_product}
        - {title: "Where is my order?", payload: /order_status}
        - {title: "Talk to a person", payload: /human_handoff}
  utter_greet_known:
    - text: "Welcome back! Is it about one of these?"
  utter_offer_order_status_for_order:
    - text: "Where is order {order_number}?"
  utter_offer_refund_status:
    - text: "Where is my refund?"
"""
SPANISH = """
language: es
responses:
  utter_greet:
    - text: "¡Hola! ¿En qué puedo ayudarte?"
      buttons:
        - {title: "Buscar un producto", payload: /search_product}
        - {title: "¿Dónde está mi pedido?", payload: /order_status}
        - {title: "Hablar con una persona", payload: /human_handoff}
  utter_greet_known:
    - text: "¡Hola de nuevo! ¿Es por alguna de estas cosas?"
  utter_offer_order_status_for_order:
    - text: "¿Dónde está el pedido {order_number}?"
  utter_offer_refund_status:
    - text: "¿Dónde está mi reembolso?"
"""


@pytest.fixture
def generator(tmp_path: Path) -> CatalogNaturalLanguageGenerator:
    (tmp_path / "es.yml").write_text(SPANISH, encoding="utf-8")
    config = EndpointConfig(type="bot.nlg.CatalogNaturalLanguageGenerator", responses_dir=tmp_path)
    return CatalogNaturalLanguageGenerator(config, Domain.from_yaml(DOMAIN))


def greet(generator: CatalogNaturalLanguageGenerator, *events: Any) -> dict[str, Any]:
    domain = Domain.from_yaml(DOMAIN)
    tracker = DialogueStateTracker.from_events("telegram:42", list(events), slots=domain.slots)
    result = asyncio.run(generator.generate("utter_greet", tracker, "telegram"))
    assert result is not None
    return result


OFFERS = [
    {"intent": "order_status", "order_number": "100123", "reason": "delayed"},
    {"intent": "refund_status", "reason": "previous"},
    {"intent": "search_product", "reason": "menu"},
    {"intent": "human_handoff", "reason": "menu"},
]


def test_a_known_shopper_gets_the_offers_as_buttons(
    generator: CatalogNaturalLanguageGenerator,
) -> None:
    message = greet(generator, SlotSet(OFFERS_SLOT, OFFERS))
    assert message["text"] == "Welcome back! Is it about one of these?"
    assert message["buttons"] == [
        {"title": "Where is order 100123?", "payload": '/order_status{"order_number":"100123"}'},
        {"title": "Where is my refund?", "payload": "/refund_status"},
        {"title": "Find a product", "payload": "/search_product"},
        {"title": "Talk to a person", "payload": "/human_handoff"},
    ]


def test_the_offers_speak_the_conversations_language(
    generator: CatalogNaturalLanguageGenerator,
) -> None:
    message = greet(generator, SlotSet("language", "es"), SlotSet(OFFERS_SLOT, OFFERS))
    assert message["text"].startswith("¡Hola de nuevo!")
    assert [b["title"] for b in message["buttons"]] == [
        "¿Dónde está el pedido 100123?",
        "¿Dónde está mi reembolso?",
        "Buscar un producto",
        "Hablar con una persona",
    ]


@pytest.mark.parametrize(
    "slot",
    [
        None,
        [],
        "order_status",
        [{"intent": "restart"}, {"intent": "order_status", "order_number": '1"}/restart'}],
        [{"intent": "order_status", "order_number": 100123}],
        [{"reason": "delayed"}],
    ],
)
def test_an_empty_or_unusable_slot_leaves_todays_menu(
    generator: CatalogNaturalLanguageGenerator, slot: Any
) -> None:
    message = greet(generator, SlotSet(OFFERS_SLOT, slot))
    assert message["text"] == "Hi! What can I do for you?"
    assert [b["payload"] for b in message["buttons"]] == [
        "/search_product",
        "/order_status",
        "/human_handoff",
    ]
