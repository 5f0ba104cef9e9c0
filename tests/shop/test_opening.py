"""Opening offers on SQLite: the ranking (pure), the shop page's customer token, the links
of messaging ids to customers (keyed, never the raw id), order signals, the service."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import opening as bot_opening
from core.db.base import Base
from core.db.database import Database
from core.db.models import Order, Refund, Return
from core.db.opening_models import ChannelIdentity
from core.settings import Settings
from shop.opening.customer_token import METADATA_KEY, make_customer_token, verify_customer_token
from shop.opening.identity import IdentityService, channel_of
from shop.opening.ranking import (
    FIXED_MENU,
    MENU_SIZE,
    OFFERABLE_INTENTS,
    Offer,
    OrderSignal,
    OrderState,
    menu_with,
    rank_offers,
)
from shop.opening.service import OpeningService
from shop.opening.signals import order_signals
from tests.shop.order_builders import add_customer, add_order

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECRET = secrets.token_hex(32)
_numbers = itertools.count(300001)


def signal(number: str, state: OrderState, age: timedelta = timedelta(hours=2)) -> OrderSignal:
    return OrderSignal(number, state, NOW - age)


# --- ranking (pure) --------------------------------------------------------------------------


def test_an_order_in_trouble_comes_first_with_its_number_as_entity() -> None:
    offers = rank_offers(
        [
            signal("100001", OrderState.DELIVERED_RECENTLY),
            signal("100002", OrderState.DELAYED),
            signal("100003", OrderState.REFUND_PENDING),
        ],
        [],
        NOW,
    )
    assert [(o.intent, o.order_number) for o in offers] == [
        ("order_status", "100002"),
        ("refund_status", "100003"),
        ("return_item", "100001"),
    ]
    assert offers[0].payload == '/order_status{"order_number":"100002"}'
    assert offers[0].reason == "delayed"


def test_urgency_orders_the_states() -> None:
    order = [
        OrderState.EXCEPTION,
        OrderState.DELAYED,
        OrderState.NOT_DISPATCHED_LATE,
        OrderState.OUT_FOR_DELIVERY_TODAY,
        OrderState.REFUND_PENDING,
        OrderState.RETURN_IN_PROGRESS,
        OrderState.IN_TRANSIT,
        OrderState.AWAITING_DISPATCH,
        OrderState.DELIVERED_RECENTLY,
    ]
    for higher, lower in itertools.pairwise(order):
        ranked = rank_offers([signal("100002", lower), signal("100001", higher)], [], NOW)
        assert ranked[0].reason == higher.value, (higher, lower)


def test_an_older_state_fades_below_a_fresh_one_of_the_same_kind() -> None:
    offers = rank_offers(
        [
            signal("100001", OrderState.IN_TRANSIT, 20 * DAY),
            signal("100002", OrderState.IN_TRANSIT),
        ],
        [],
        NOW,
    )
    assert [o.order_number for o in offers] == ["100002", "100001"]


def test_what_they_did_last_time_adds_or_lifts_an_offer() -> None:
    only_history = rank_offers([], ["greet", "search_product", "ask_product_detail"], NOW)
    assert [(o.intent, o.order_number, o.reason) for o in only_history] == [
        ("search_product", None, "previous")
    ]
    lifted = rank_offers(
        [signal("100001", OrderState.AWAITING_DISPATCH), signal("100002", OrderState.IN_TRANSIT)],
        ["cancel_order"],
        NOW,
    )
    # an unshipped order they tried to cancel last time: the cancellation comes first now
    assert (lifted[0].intent, lifted[0].order_number) == ("cancel_order", "100001")
    assert ("order_status", "100002") in [(o.intent, o.order_number) for o in lifted]
    cancel = lifted[0]
    plain = next(
        o
        for o in rank_offers([signal("100001", OrderState.AWAITING_DISPATCH)], [], NOW)
        if o.intent == "cancel_order"
    )
    assert cancel.score > plain.score


def test_unknown_intents_and_nothing_known_give_no_offers() -> None:
    assert rank_offers([], [], NOW) == []
    assert rank_offers([], ["greet", "goodbye", "made_up"], NOW) == []


def test_at_most_two_offers_of_one_intent_and_the_limit() -> None:
    signals = [signal(str(100001 + i), OrderState.DELAYED) for i in range(5)]
    offers = rank_offers(signals, [], NOW, limit=5)
    assert len(offers) == 2 and all(o.intent == "order_status" for o in offers)
    assert len(rank_offers([*signals, signal("1", OrderState.REFUND_PENDING)], [], NOW, 1)) == 1


def test_the_greeting_renders_every_intent_the_ranking_may_offer() -> None:
    assert bot_opening.OFFERABLE_INTENTS == OFFERABLE_INTENTS


def test_the_menu_puts_offers_first_and_keeps_a_person() -> None:
    assert menu_with([]) == list(FIXED_MENU)
    offers = [Offer("refund_status", "100001", "refund_pending", 80.0), Offer("order_status", "1")]
    menu = menu_with(offers)
    assert len(menu) == MENU_SIZE and menu[:2] == offers
    assert [o.intent for o in menu].count("order_status") == 1  # the generic one gives way
    assert menu[-1].intent == "human_handoff"
    crowded = [Offer(f"intent_{i}") for i in range(MENU_SIZE)]
    assert menu_with(crowded)[-1].intent == "human_handoff"


# --- the customer token ----------------------------------------------------------------------


def test_a_token_made_with_the_secret_names_its_customer() -> None:
    token = make_customer_token(SECRET, 42, NOW + timedelta(minutes=30))
    assert verify_customer_token(SECRET, token, NOW, timedelta(days=1)) == 42


@pytest.mark.parametrize(
    "spoil",
    [
        lambda t: t[:-1] + ("0" if t[-1] != "0" else "1"),  # signature changed
        lambda t: t.replace("v1.42.", "v1.43."),  # another customer, same signature
        lambda t: t.upper(),
        lambda t: t + ".x",
        lambda t: "",
        lambda t: None,
        lambda t: 42,
        lambda t: {"customer": 42},
        lambda t: t * 10,
    ],
)
def test_a_forged_or_malformed_token_names_nobody(spoil: object) -> None:
    token = make_customer_token(SECRET, 42, NOW + timedelta(minutes=30))
    assert callable(spoil)
    assert verify_customer_token(SECRET, spoil(token), NOW, timedelta(days=1)) is None


def test_an_expired_another_secrets_or_far_future_token_names_nobody() -> None:
    lifetime = timedelta(days=1)
    expired = make_customer_token(SECRET, 42, NOW - timedelta(seconds=1))
    other = make_customer_token(secrets.token_hex(32), 42, NOW + timedelta(minutes=5))
    forever = make_customer_token(SECRET, 42, NOW + timedelta(days=400))
    for token in (expired, other, forever):
        assert verify_customer_token(SECRET, token, NOW, lifetime) is None
    fine = make_customer_token(SECRET, 42, NOW + timedelta(minutes=5))
    assert verify_customer_token(None, fine, NOW, lifetime) is None  # no secret: feature off
    with pytest.raises(ValueError):
        make_customer_token(SECRET, 0, NOW)


# --- database: links, signals, the service ---------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    Base.metadata.create_all(database.engine)
    yield database
    database.dispose()


def customer(db: Database, email: str) -> int:
    return add_customer(db, email)


def order(
    db: Database,
    who: int,
    status: str,
    *,
    promised: date | None = None,
    delivered_ago: timedelta | None = None,
    events: tuple[tuple[str, timedelta], ...] = (),
    placed_ago: timedelta = 5 * DAY,
) -> str:
    return add_order(
        db,
        who,
        status,
        now=NOW,
        promised=promised,
        delivered_ago=delivered_ago,
        events=events,
        placed_ago=placed_ago,
    )


def states(db: Database, who: int) -> set[tuple[str, OrderState]]:
    with db.session() as session:
        return {(s.order_number, s.state) for s in order_signals(session, who, NOW)}


def test_order_states_are_read_from_the_database(db: Database) -> None:
    who = customer(db, "ana@example.com")
    broken = order(db, who, "in_transit", events=(("exception", timedelta(hours=3)),))
    late = order(db, who, "delayed", events=(("delayed", timedelta(hours=3)),))
    today = order(db, who, "out_for_delivery", events=(("out_for_delivery", timedelta(hours=1)),))
    moving = order(db, who, "in_transit", events=(("in_transit", DAY),))
    stuck = order(db, who, "packed", promised=NOW.date() - DAY)
    waiting = order(db, who, "paid")
    arrived = order(db, who, "delivered", delivered_ago=3 * DAY)
    long_ago = order(db, who, "delivered", delivered_ago=40 * DAY, placed_ago=45 * DAY)
    returning = order(db, who, "return_requested", delivered_ago=10 * DAY)
    refunding = order(db, who, "returned", delivered_ago=20 * DAY)
    ancient = order(db, who, "delayed", placed_ago=200 * DAY)
    with db.session() as session:
        ids = {row[0]: row[1] for row in session.execute(select(Order.order_number, Order.id))}
        session.add(Return(rma_number="RMA-1", order_id=ids[returning], status="requested"))
        session.add(Return(rma_number="RMA-2", order_id=ids[refunding], status="received"))
        session.add(
            Refund(order_id=ids[refunding], status="pending", amount=Decimal(5), currency="EUR")
        )
    found = states(db, who)
    assert (broken, OrderState.EXCEPTION) in found
    assert (late, OrderState.DELAYED) in found
    assert (today, OrderState.OUT_FOR_DELIVERY_TODAY) in found
    assert (moving, OrderState.IN_TRANSIT) in found
    assert (stuck, OrderState.NOT_DISPATCHED_LATE) in found
    assert (waiting, OrderState.AWAITING_DISPATCH) in found
    assert (arrived, OrderState.DELIVERED_RECENTLY) in found
    assert (returning, OrderState.RETURN_IN_PROGRESS) in found
    assert (refunding, OrderState.REFUND_PENDING) in found
    assert (refunding, OrderState.RETURN_IN_PROGRESS) not in found  # the refund says more
    assert not any(number in {long_ago, ancient} for number, _ in found)
    other = customer(db, "bo@example.com")
    assert states(db, other) == set()


def test_a_link_is_stored_under_a_keyed_hash_and_found_for_messaging_ids_only(
    db: Database,
) -> None:
    who = customer(db, "ana@example.com")
    identities = IdentityService(db, SECRET, clock=lambda: NOW)
    telegram, web = "telegram:424242", "web-" + "a" * 32
    identities.link(telegram, who, ["greet", "order_status"])
    identities.link(web, who, ["return_item"])
    identities.link("rest-sender", who, ["refund_status"])
    with db.session() as session:
        rows = session.scalars(select(ChannelIdentity)).all()
        assert {row.channel for row in rows} == {"telegram", "web", "rest"}
        assert all(len(row.identity_key) == 64 for row in rows)
        assert not any("424242" in row.identity_key for row in rows)
    known = identities.customer_of(telegram)
    assert known is not None and known.customer_id == who and known.source == "channel"
    assert known.previous_intents == ("greet", "order_status")
    assert identities.customer_of(web) is None and identities.customer_of("rest-sender") is None
    assert identities.customer_of("telegram:999") is None
    assert IdentityService(db, secrets.token_hex(32)).customer_of(telegram) is None  # other key
    assert identities.forget(conversations=[telegram]) == 1
    assert identities.customer_of(telegram) is None
    assert identities.forget(customer_id=who) == 2


def test_a_later_verification_moves_the_link_and_renews_the_intents(db: Database) -> None:
    ana, bo = customer(db, "ana@example.com"), customer(db, "bo@example.com")
    identities = IdentityService(db, SECRET)
    identities.link("twilio:whatsapp:+15551234567", ana, ["order_status"])
    identities.link("twilio:whatsapp:+15551234567", bo, [f"i{n}" for n in range(30)])
    known = identities.customer_of("twilio:whatsapp:+15551234567")
    assert known is not None and known.customer_id == bo and len(known.previous_intents) == 12
    assert identities.previous_intents(bo)[-1] == "i29"
    assert identities.previous_intents(ana) == ()


def test_channel_of_names_the_platform() -> None:
    assert channel_of("telegram:1") == "telegram"
    assert channel_of("messenger:1") == "messenger"
    assert channel_of("twilio:whatsapp:+1") == "twilio"
    assert channel_of("web-abc") == "web"
    assert channel_of("e2e-1") == "rest"
    assert channel_of("other:1") == "rest"


def service(db: Database, **values: object) -> OpeningService:
    settings = Settings(
        client_key_secret=SECRET,
        customer_token_secret=SECRET[::-1],
        **values,  # type: ignore[arg-type]
    )
    return OpeningService(db, settings, clock=lambda: NOW)


def test_the_service_ranks_for_a_token_or_a_known_id_and_ignores_the_rest(db: Database) -> None:
    who = customer(db, "ana@example.com")
    late = order(db, who, "delayed", events=(("delayed", timedelta(hours=3)),))
    opening = service(db)
    token = make_customer_token(SECRET[::-1], who, NOW + timedelta(minutes=20))
    by_token = opening.opening("web-" + "b" * 32, {METADATA_KEY: token})
    assert by_token.shopper is not None and by_token.shopper.source == "token"
    assert by_token.offers[0].payload == f'/order_status{{"order_number":"{late}"}}'
    forged = token[:-4] + "0000"
    assert opening.opening("web-" + "b" * 32, {METADATA_KEY: forged}).offers == ()
    assert opening.opening("telegram:77", {}).shopper is None
    opening.identities.link("telegram:77", who, ["search_product"])
    by_id = opening.opening("telegram:77", {"customer_id": who})
    assert by_id.shopper is not None and by_id.shopper.source == "channel"
    assert [o.intent for o in by_id.offers][:2] == ["order_status", "search_product"]
    assert opening.opening("e2e-rest", {"customer_id": who}).shopper is None


def test_erasure_removes_the_links_of_a_conversation_and_of_a_customer(db: Database) -> None:
    import shopbot.cli.main  # noqa: F401 - the command registers every eraser, as in production
    from shop.opening.erase import ChannelIdentityEraser
    from shop.privacy import ErasureSubject, PrivacyService
    from shop.privacy.erasers import _REGISTERED

    assert ChannelIdentityEraser in _REGISTERED
    ana, bo = customer(db, "ana@example.com"), customer(db, "bo@example.com")
    identities = IdentityService(db, SECRET)
    identities.link("telegram:1", ana, ["order_status"])
    identities.link("messenger:2", ana, ["return_item"])
    identities.link("telegram:3", bo, ["order_status"])
    privacy = PrivacyService(Settings(client_key_secret=SECRET), db, [])
    report = privacy.erase(ErasureSubject(conversations=frozenset({"telegram:3"})))
    assert report.removed["channel_identities"] == 1
    report = privacy.erase(ErasureSubject(conversations=frozenset(), customer_id=ana))
    assert report.removed["channel_identities"] == 2
    with db.session() as session:
        assert session.scalars(select(ChannelIdentity)).all() == []
