"""The console's conversation summaries from the real thing: the Rasa server publishes to the
event broker of ``endpoints.yml``, the consumer folds what it published, and the rebuild
from the tracker store gives the same summary."""

from __future__ import annotations

import time

import pytest

from core.db.database import Database
from core.errors import NotFoundError
from shop.conversations import (
    BrokerEvents,
    EventConsumer,
    list_conversations,
    rebuild_summaries,
    transcript,
)
from shop.conversations.transcript import Transcript
from shop.conversations.views import ConversationFilters
from tests.e2e.conftest import Stack
from tests.e2e.test_rest_conversations import verify

pytestmark = pytest.mark.e2e


def folded(stack: Stack, broker: BrokerEvents, sender: str, turns: int) -> Transcript:
    """The conversation's summary once ``turns`` shopper turns are folded: by this test's
    consumer, or by the web server's when it holds the lease (the browser tests start it)."""
    deadline = time.monotonic() + 60
    while True:
        EventConsumer(stack.database, broker).catch_up()
        try:
            found = transcript(stack.database, sender)
            if found.conversation.turn_count >= turns:
                return found
        except NotFoundError:
            pass
        assert time.monotonic() < deadline, f"{sender} was not summarised within 60 s"
        time.sleep(0.5)


def test_a_conversation_over_rest_is_summarised_from_the_broker(stack: Stack) -> None:
    order = stack.order_with_status("in_transit", "shipped")
    conversation = stack.conversation()
    conversation.say("hello")
    conversation.say("I'm looking for waterproof hiking boots under 150")
    assert f"found order {order['order_number']}" in verify(conversation, order)

    broker = BrokerEvents(Database(f"sqlite:///{stack.env['SHOPBOT_EVENTS_DB']}"))
    try:
        found = folded(stack, broker, conversation.sender, turns=4)
        tracker = Database(stack.tracker_store_url)
        try:
            rebuild_summaries(stack.database, tracker, broker)
        finally:
            tracker.dispose()
        rebuilt = transcript(stack.database, conversation.sender)
    finally:
        broker.dispose()

    summary = found.conversation
    assert (summary.channel, summary.language, summary.turn_count) == ("rest", "en", 4)
    assert summary.intents[0] == "greet" and "search_product" in summary.intents
    assert summary.verified_order == order["order_number"]
    assert summary.searches == 1 and summary.failed_searches == 0
    assert summary.sentiment_mean is not None
    greeting, search = found.turns[0], found.turns[1]
    assert greeting.text == "hello" and greeting.intent == "greet"
    assert greeting.confidence is not None and greeting.runner_up is not None
    assert any(reply.response == "utter_greet" for reply in greeting.replies)
    assert search.searches[0].results and search.searches[0].results > 0
    assert any(reply.products for reply in search.replies)
    assert "action_search_products" in search.actions
    assert [o.order_number for o in found.orders] == [order["order_number"]]
    assert rebuilt == found  # the tracker store's fold equals the broker's
    matches = list_conversations(
        stack.database, ConversationFilters(text="waterproof boots", channels=("rest",))
    )
    assert conversation.sender in {item.conversation_id for item in matches.items}
