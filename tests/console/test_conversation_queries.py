"""The conversation list and the transcript over the summaries: every filter, every sort,
pages and counts, full-text search, the tag hook, redaction and the verified orders;
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import ColumnElement, Connection, delete, select

from core.db.database import Database
from core.db.models import Order
from core.errors import NotFoundError
from shop.conversations import (
    ConversationFilters,
    ConversationState,
    PageRequest,
    Sort,
    SortKey,
    erase_summaries,
    fold_events,
    iter_conversations,
    list_conversations,
    register_tag_source,
    transcript,
)
from shop.conversations import queries as queries_module
from shop.conversations.store import save_states
from shop.conversations.tables import SUMMARIES, TURNS
from tests.console.rasa_events import START, Script

DAY = 86_400.0


@dataclass(frozen=True)
class Shape:
    """What one test conversation is like."""

    day: int
    channel: str
    language: str
    texts: tuple[str, ...]
    sentiments: tuple[float, ...]
    intent: str = "greet"
    handover: str | None = None
    fallback: bool = False
    rating: int | None = None
    failed_search: bool = False


SHAPES: dict[str, Shape] = {
    "c01": Shape(1, "rest", "en", ("hello there",), (0.5,), rating=5),
    "c02": Shape(
        2,
        "socketio",
        "es",
        ("busco una tienda morada",),
        (-0.2,),
        "search_product",
        failed_search=True,
    ),
    "c03": Shape(
        3,
        "telegram",
        "fr",
        ("c'est inadmissible", "je veux un humain"),
        (-0.8, -0.3),
        "complain",
        handover="requested",
        rating=1,
    ),
    "c04": Shape(
        4, "rest", "de", ("blorf", "wo ist mein Paket"), (0.0, 0.1), "order_status", fallback=True
    ),
    "c05": Shape(
        5,
        "twilio",
        "en",
        ("where is my parcel", "my order was refunded?"),
        (0.0, 0.2),
        "order_status",
        rating=4,
    ),
    "c06": Shape(6, "socketio", "zh", ("我想买防水的登山靴",), (0.3,), "search_product"),
    "c07": Shape(
        7,
        "slack",
        "en",
        ("waterproof jacket please", "no, a waterproof coat"),
        (0.1, -0.5),
        "search_product",
        failed_search=True,
        rating=3,
    ),
    "c08": Shape(
        8, "rest", "en", ("I will call my lawyer",), (-0.95,), "complain", handover="human_only"
    ),
    "c09": Shape(9, "messenger", "it", ("grazie mille",), (0.9,), "thank", rating=5),
    "c10": Shape(10, "rest", "en", ("/human_handoff",), (), "human_handoff", handover="requested"),
}


def events_of(shape: Shape, verified: str | None) -> list[dict[str, Any]]:
    s = Script(START + shape.day * DAY, shape.channel)
    for position, text in enumerate(shape.texts):
        sentiment = shape.sentiments[position] if position < len(shape.sentiments) else None
        label = "negative" if (sentiment or 0) < -0.3 else "neutral"
        intent = "nlu_fallback" if shape.fallback and position == 0 else shape.intent
        s.user(
            text,
            intent,
            language=shape.language,
            sentiment=(label, sentiment) if sentiment is not None else None,
        )
        s.action("action_read_message").slot("language", shape.language)
        if intent == "nlu_fallback":
            s.action("action_fallback").bot("Rephrase?", "utter_rephrase")
        if shape.failed_search and position == 0:
            s.action("action_search_products").bot("None", "utter_search_no_match")
        if verified and position == 0:
            s.slot("verified_order", verified)
        s.listen()
    if shape.handover:
        if shape.handover == "human_only":
            s.slot("handover_due", "human_only")
        s.action("action_handover").bot("A person will help", "utter_handover_open").pause()
    if shape.rating:
        s.slot("satisfaction_rating", float(shape.rating))
        s.slot("satisfaction_comment", "mail me at someone@example.com")
    return s.events


@pytest.fixture(scope="module")
def listing(seeded_database: Database) -> Iterator[tuple[Database, str]]:
    """The ten conversations stored; c05 verified an order of the seeded database."""
    database = seeded_database
    with database.session() as session:
        order_number = session.scalars(select(Order.order_number).limit(1)).one()
    states = []
    for sender, shape in SHAPES.items():
        state = ConversationState(sender)
        fold_events(state, events_of(shape, order_number if sender == "c05" else None))
        states.append(state)
    with database.begin() as connection:
        save_states(connection, states)
    yield database, order_number
    with database.begin() as connection:
        connection.execute(delete(TURNS))
        connection.execute(delete(SUMMARIES))


def ids(database: Database, **filters: Any) -> list[str]:
    """The ids listed for these filters, in the default order (newest activity first)."""
    page = list_conversations(database, ConversationFilters(**filters), page=PageRequest(1, 50))
    return [item.conversation_id for item in page.items]


def day(number: int) -> datetime:
    return datetime.fromtimestamp(START + number * DAY, tz=UTC)


def test_no_filter_lists_everything_newest_activity_first(listing: tuple[Database, str]) -> None:
    database, _ = listing
    page = list_conversations(database)
    assert [item.conversation_id for item in page.items] == sorted(SHAPES, reverse=True)
    assert (page.total, page.total_exact, page.pages) == (10, True, 1)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"started_from": day(3), "started_until": day(6)}, ["c05", "c04", "c03"]),
        ({"started_from": day(9)}, ["c10", "c09"]),
        ({"channels": ("rest",)}, ["c10", "c08", "c04", "c01"]),
        ({"channels": ("slack", "messenger")}, ["c09", "c07"]),
        ({"languages": ("en",)}, ["c10", "c08", "c07", "c05", "c01"]),
        ({"languages": ("zh", "de")}, ["c06", "c04"]),
        ({"intents": ("complain",)}, ["c08", "c03"]),
        ({"intents": ("nlu_fallback", "thank")}, ["c09", "c04"]),
        ({"sentiment_min_at_most": -0.5}, ["c08", "c07", "c03"]),
        ({"sentiment_min_at_least": 0.3}, ["c09", "c06", "c01"]),
        ({"sentiment_mean_at_most": -0.2}, ["c08", "c07", "c03", "c02"]),
        ({"sentiment_mean_at_least": 0.1}, ["c09", "c06", "c05", "c01"]),
        ({"handed_over": True}, ["c10", "c08", "c03"]),
        ({"handed_over": False}, ["c09", "c07", "c06", "c05", "c04", "c02", "c01"]),
        ({"handover_reasons": ("human_only",)}, ["c08"]),
        ({"fallback": True}, ["c04"]),
        ({"rated": True}, ["c09", "c07", "c05", "c03", "c01"]),
        ({"rated": False}, ["c10", "c08", "c06", "c04", "c02"]),
        ({"ratings": (1, 3)}, ["c07", "c03"]),
        ({"failed_search": True}, ["c07", "c02"]),
        ({"verified": True}, ["c05"]),
        ({"conversation_ids": ("c02", "c09", "nobody")}, ["c09", "c02"]),
        ({"languages": ("en",), "rated": True, "channels": ("twilio", "slack")}, ["c07", "c05"]),
        ({"tags": ("vip",)}, []),  # no tag source registered
    ],
)
def test_each_filter(
    listing: tuple[Database, str], filters: dict[str, Any], expected: list[str]
) -> None:
    database, _ = listing
    assert ids(database, **filters) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("parcel", ["c05"]),
        ("WATERPROOF", ["c07"]),
        ("refund", ["c05"]),  # a word's start: "refunded"
        ("waterproof coat", ["c07"]),  # every word, in one message
        ("waterproof parcel", []),
        ("tienda", ["c02"]),
        ("登山靴", ["c06"]),  # no spaces between Chinese words: found as characters
        ("  ", ["c10", "c09", "c08", "c07", "c06", "c05", "c04", "c03", "c02", "c01"]),
        ('"; DROP TABLE conversation_turns; --', []),
    ],
)
def test_full_text_search_in_the_shoppers_messages(
    listing: tuple[Database, str], query: str, expected: list[str]
) -> None:
    database, _ = listing
    assert ids(database, text=query) == expected


def test_full_text_with_filters(listing: tuple[Database, str]) -> None:
    database, _ = listing
    assert ids(database, text="my", languages=("en",)) == ["c08", "c05"]
    assert ids(database, text="my", handed_over=True) == ["c08"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort(SortKey.STARTED, descending=False), ["c01", "c02", "c03"]),
        (Sort(SortKey.LOWEST_SENTIMENT, descending=False), ["c08", "c03", "c07"]),
        (Sort(SortKey.LOWEST_SENTIMENT, descending=True), ["c09", "c01", "c06"]),
        (Sort(SortKey.MEAN_SENTIMENT, descending=False), ["c08", "c03", "c02"]),
        (Sort(SortKey.TURNS, descending=True), ["c07", "c05", "c04"]),
        (Sort(SortKey.RATING, descending=False), ["c03", "c07", "c05"]),
    ],
)
def test_sorting(listing: tuple[Database, str], sort: Sort, expected: list[str]) -> None:
    database, _ = listing
    page = list_conversations(database, sort=sort, page=PageRequest(1, 3))
    assert [item.conversation_id for item in page.items] == expected


def test_conversations_without_a_value_come_last_either_way(
    listing: tuple[Database, str],
) -> None:
    database, _ = listing
    for descending in (False, True):
        sort = Sort(SortKey.RATING, descending=descending)
        listed = list_conversations(database, sort=sort).items
        assert [item.rating is None for item in listed] == [False] * 5 + [True] * 5
    unscored = list_conversations(database, sort=Sort(SortKey.LOWEST_SENTIMENT)).items[-1]
    assert unscored.conversation_id == "c10"


def test_pages_cover_the_list_once(listing: tuple[Database, str]) -> None:
    database, _ = listing
    seen = []
    for number in (1, 2, 3, 4):
        page = list_conversations(database, page=PageRequest(number, 3))
        assert (page.total, page.pages, page.page) == (10, 4, number)
        seen += [item.conversation_id for item in page.items]
    assert seen == sorted(SHAPES, reverse=True)
    assert list_conversations(database, page=PageRequest(5, 3)).items == ()
    with pytest.raises(ValueError, match="from 1"):
        PageRequest(0, 10)
    with pytest.raises(ValueError, match="rows"):
        PageRequest(1, 1000)


def test_the_count_stops_at_the_limit(
    listing: tuple[Database, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, _ = listing
    monkeypatch.setattr(queries_module, "COUNT_LIMIT", 4)
    page = list_conversations(database, page=PageRequest(1, 2))
    assert (page.total, page.total_exact, len(page.items)) == (4, False, 2)
    exact = list_conversations(database, ConversationFilters(handed_over=True))
    assert (exact.total, exact.total_exact) == (3, True)


def test_iterating_gives_every_match_in_order(listing: tuple[Database, str]) -> None:
    database, _ = listing
    listed = iter_conversations(database, ConversationFilters(languages=("en",)), batch=2)
    assert [item.conversation_id for item in listed] == ["c10", "c08", "c07", "c05", "c01"]


def test_list_items_are_redacted_unless_revealed(listing: tuple[Database, str]) -> None:
    database, _ = listing
    item = list_conversations(database, ConversationFilters(conversation_ids=("c05",))).items[0]
    assert item.comment == "mail me at [email]"
    assert item.preview == "where is my parcel"
    assert (item.turn_count, item.rating, item.language, item.channel) == (2, 4, "en", "twilio")
    revealed = list_conversations(
        database, ConversationFilters(conversation_ids=("c05",)), redacted=False
    ).items[0]
    assert revealed.comment == "mail me at someone@example.com"
    data = item.to_dict()
    assert data["started_at"].startswith(day(5).date().isoformat())
    assert data["intents"] == ["order_status"] and isinstance(data["languages"], list)


class FakeTags:
    """Tags from a dict, as the annotations service would give them."""

    def __init__(self, tags: Mapping[str, Sequence[str]]) -> None:
        self.tags = tags

    def condition(self, conversation_id: Any, tags: Sequence[str]) -> ColumnElement[bool]:
        wanted = [key for key, values in self.tags.items() if set(values) & set(tags)]
        return conversation_id.in_(wanted)  # type: ignore[no-any-return]

    def tags_of(
        self, connection: Connection, conversation_ids: Sequence[str]
    ) -> Mapping[str, Sequence[str]]:
        return {key: self.tags[key] for key in conversation_ids if key in self.tags}


def test_tags_come_from_the_registered_source(listing: tuple[Database, str]) -> None:
    database, _ = listing
    register_tag_source(FakeTags({"c03": ["vip", "late"], "c08": ["legal"]}))
    try:
        assert ids(database, tags=("vip", "legal")) == ["c08", "c03"]
        page = list_conversations(database, ConversationFilters(conversation_ids=("c03",)))
        assert page.items[0].tags == ("late", "vip")
        assert transcript(database, "c08").conversation.tags == ("legal",)
    finally:
        register_tag_source(None)
    assert ids(database, tags=("vip",)) == []


def test_the_transcript_has_every_turn_and_the_verified_order(
    listing: tuple[Database, str],
) -> None:
    database, order_number = listing
    found = transcript(database, "c05")
    assert found.redacted
    assert [turn.text for turn in found.turns] == ["where is my parcel", "my order was refunded?"]
    first = found.turns[0]
    assert (first.intent, first.language, first.sentiment) == ("order_status", "en", 0.0)
    assert first.actions == ("action_read_message",)
    assert ("verified_order", order_number) in first.slots
    assert [order.order_number for order in found.orders] == [order_number]
    assert found.conversation.comment == "mail me at [email]"
    data = found.to_dict()
    assert data["orders"][0]["order_number"] == order_number
    assert data["turns"][0]["slots"][0] == ["language", "en"]


def test_the_transcript_redacts_personal_data_unless_revealed(
    listing: tuple[Database, str],
) -> None:
    database, _ = listing
    state = ConversationState("web-pii")
    s = Script(START).user(
        "I'm ada@example.com, call +44 20 7946 0958",
        "inform",
        entities=[{"entity": "email", "value": "ada@example.com", "start": 4, "end": 19}],
    )
    s.action("action_search_products").bot("Nothing for ada@example.com", "utter_search_no_match")
    fold_events(state, s.slot("email", "ada@example.com").events)
    with database.begin() as connection:
        save_states(connection, [state])
    try:
        turn = transcript(database, "web-pii").turns[0]
        assert turn.text == "I'm [email], call [phone]"
        assert turn.entities[0]["value"] == "[email]"
        assert ("email", "[email]") in turn.slots
        assert turn.replies[0].text == "Nothing for [email]"
        assert turn.searches[0].query == "I'm [email], call [phone]"
        assert turn.searches[0].results == 0
        revealed = transcript(database, "web-pii", redacted=False)
        assert revealed.turns[0].text == "I'm ada@example.com, call +44 20 7946 0958"
        assert not revealed.redacted
    finally:
        erase_summaries(database, ["web-pii"])


def test_an_unknown_conversation_has_no_transcript(listing: tuple[Database, str]) -> None:
    database, _ = listing
    with pytest.raises(NotFoundError):
        transcript(database, "nobody")


def test_the_list_reads_only_the_summaries_at_any_age(listing: tuple[Database, str]) -> None:
    database, _ = listing
    long_ago = day(1) - timedelta(days=400)
    assert ids(database, started_until=long_ago) == []
