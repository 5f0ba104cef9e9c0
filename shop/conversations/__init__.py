"""Conversation summaries for the support console, folded from Rasa's events.

Rasa's SQL event broker (``endpoints.yml``) writes every event to its own table; a
consumer (:mod:`~shop.conversations.consumer`, run by the web server or
``shopbot conversations follow``) folds them into one summary row per conversation and one
row per shopper turn (:mod:`~shop.conversations.fold`, :mod:`~shop.conversations.store`),
idempotently; ``shopbot conversations rebuild`` makes them again from the tracker store
(:mod:`~shop.conversations.rebuild`). In production Rasa publishes to RabbitMQ, and
``shopbot conversations follow --broker amqp`` folds that queue with the same fold
(:mod:`~shop.conversations.amqp_follow`), catching up from the tracker store what never
reached it (:mod:`~shop.conversations.catchup`). The console's pages read only the summaries:

- :func:`list_conversations`, :func:`iter_conversations`: filters, sort, pages
  (:class:`ConversationFilters`, :class:`Sort`, :class:`PageRequest`);
- :func:`transcript`: one conversation in full, with the orders it verified;
- :func:`register_tag_source`: where tags come from (the annotations);
- :func:`erase_summaries`: a shopper's summaries gone (privacy erasure).
"""

from shop.conversations.amqp import Delivery, EventQueue
from shop.conversations.amqp_follow import AmqpFollower, AmqpTotals, follow_amqp
from shop.conversations.broker import BrokerEvent, BrokerEvents
from shop.conversations.catchup import CatchUpReport, catch_up, catch_up_since
from shop.conversations.consumer import ConsumerStep, EventConsumer
from shop.conversations.erase import erase_summaries
from shop.conversations.fold import ConversationState, TurnState, fold_event, fold_events
from shop.conversations.follow import Follower, follow, follow_in_background
from shop.conversations.queries import (
    COUNT_LIMIT,
    conversation_conditions,
    iter_conversations,
    list_conversations,
)
from shop.conversations.rebuild import RebuildReport, rebuild_summaries
from shop.conversations.tags import TagSource, register_tag_source
from shop.conversations.transcript import transcript
from shop.conversations.views import (
    ConversationFilters,
    ConversationItem,
    ConversationPage,
    PageRequest,
    Reply,
    Search,
    Sort,
    SortKey,
    Transcript,
    TranscriptTurn,
)

__all__ = [
    "COUNT_LIMIT",
    "AmqpFollower",
    "AmqpTotals",
    "BrokerEvent",
    "BrokerEvents",
    "CatchUpReport",
    "ConsumerStep",
    "ConversationFilters",
    "ConversationItem",
    "ConversationPage",
    "ConversationState",
    "Delivery",
    "EventConsumer",
    "EventQueue",
    "Follower",
    "PageRequest",
    "RebuildReport",
    "Reply",
    "Search",
    "Sort",
    "SortKey",
    "TagSource",
    "Transcript",
    "TranscriptTurn",
    "TurnState",
    "catch_up",
    "catch_up_since",
    "conversation_conditions",
    "erase_summaries",
    "fold_event",
    "fold_events",
    "follow",
    "follow_amqp",
    "follow_in_background",
    "iter_conversations",
    "list_conversations",
    "rebuild_summaries",
    "register_tag_source",
    "transcript",
]
