"""Product conversations over the REST channel against the real servers (see conftest):
the Rasa model routes the words, the action server searches the real index."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from core.settings import PROJECT_ROOT
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e


def product_cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cards of the one product_cards payload among the bot's messages."""
    payloads = [m["custom"] for m in messages if m.get("custom")]
    assert len(payloads) == 1, messages
    assert payloads[0]["type"] == "product_cards"
    cards: list[dict[str, Any]] = payloads[0]["cards"]
    return cards


def test_search_then_a_question_about_the_second_then_more(stack: Stack) -> None:
    conversation = stack.conversation()
    messages = conversation.say("I'm looking for waterproof hiking boots under 150")
    cards = product_cards(messages)
    text = "\n".join(str(m.get("text") or "") for m in messages)
    assert len(cards) >= 3
    for position, card in enumerate(cards, start=1):
        assert f"{position}. " in text and card["title"] in text
        assert card["price"] <= 150 and card["url"].startswith("https://")
    assert "boot" in cards[0]["title"].lower() or "shoe" in cards[0]["title"].lower()

    second = cards[1]
    reply = conversation.say_text("how much is the second one?")
    assert second["title"] in reply and second["price_text"] in reply

    more = conversation.say("show me more")
    later = product_cards(more)
    assert {c["id"] for c in later}.isdisjoint({c["id"] for c in cards})


def test_search_that_cannot_match_says_so_and_how_to_broaden(stack: Stack) -> None:
    messages = stack.conversation().say("do you have hiking boots under 5 euros?")
    assert not any(m.get("custom") for m in messages)
    text = " ".join(str(m.get("text") or "") for m in messages).lower()
    assert "under €5.00" in text and "price" in text


def test_a_german_search_under_120_euros_lists_euro_prices_only_and_says_so(
    stack: Stack,
) -> None:
    """Issue 21: the demo catalog prices hiking boots in EUR, USD and GBP; the shopper sees
    every price in the storefront currency (EUR by default), converted ones marked, and one
    German line saying that they were converted."""
    messages = stack.conversation().say("Ich suche wasserdichte Wanderschuhe unter 120 Euro")
    cards = product_cards(messages)
    texts = [str(m.get("text") or "") for m in messages if m.get("text")]
    listing = texts[0]
    assert len(cards) >= 3, messages
    for card in cards:
        assert card["currency"] == "EUR" and card["price"] <= 120, card
        assert card["price_text"].endswith("\u00a0\u20ac") and card["price_text"] in listing
    assert any(card["price_converted"] for card in cards), "the search lists dollar or pound boots"
    assert not any(symbol in text for text in texts for symbol in ("$", "\u00a3", "USD", "GBP"))
    german = yaml.safe_load((PROJECT_ROOT / "responses" / "de.yml").read_text("utf-8"))
    note = german["responses"]["utter_prices_converted"][0]["text"]
    assert texts[-1] == note and messages[-1].get("text") == note  # after the cards
