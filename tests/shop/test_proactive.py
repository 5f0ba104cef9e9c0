"""Proactive order notices on SQLite: detection of each kind, the ledger's once per order and
event, consent, the conversation written to, quiet hours, the daily limit, failures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from core.db.base import Base
from core.db.conversation_models import ConversationSummary
from core.db.database import Database
from core.db.models import Order, Refund, Return
from core.errors import ConfigurationError
from shop.proactive.consent import ConsentStore
from shop.proactive.detection import Candidate, find_candidates
from shop.proactive.ledger import MAX_ATTEMPTS, NoticeLedger, NoticeRecord
from shop.proactive.policy import NoticePolicy, QuietHours
from shop.proactive.recipients import Recipient, find_recipient
from shop.proactive.scan import NoticeDeliveryError, ProactiveScan
from tests.shop.order_builders import add_customer, add_order

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # 14:00 in Berlin
LOOKBACK = timedelta(hours=72)
_numbers = itertools.count(200001)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'shop.db'}")
    Base.metadata.create_all(database.engine)
    yield database
    database.dispose()


def customer(db: Database, email: str = "ana@example.com") -> int:
    return add_customer(db, email)


def order(
    db: Database,
    customer_id: int,
    status: str = "in_transit",
    *,
    promised: date | None = None,
    shipped: bool = True,
    delivered: bool = False,
    events: tuple[tuple[str, timedelta], ...] = (),
) -> str:
    """An order with a parcel whose carrier events happened ``timedelta`` before NOW."""
    return add_order(
        db,
        customer_id,
        status,
        now=NOW,
        promised=promised,
        shipped_ago=timedelta(days=3) if shipped else None,
        delivered_ago=timedelta(hours=1) if delivered else None,
        events=events,
    )


def kinds(db: Database) -> set[tuple[str, str]]:
    with db.session() as session:
        return {(c.order_number, c.kind) for c in find_candidates(session, NOW, LOOKBACK)}


# --- detection -------------------------------------------------------------------------------


def test_each_carrier_problem_is_detected_with_its_event(db: Database) -> None:
    who = customer(db)
    delayed = order(db, who, "delayed", events=(("delayed", timedelta(hours=5)),))
    broken = order(db, who, events=(("exception", timedelta(hours=2)),))
    missed = order(db, who, events=(("failed_attempt", timedelta(hours=1)),))
    fine = order(db, who, events=(("in_transit", timedelta(hours=1)),))
    found = kinds(db)
    assert {(delayed, "delayed"), (broken, "exception"), (missed, "failed_attempt")} <= found
    assert not any(number == fine for number, _ in found)
    with db.session() as session:
        first = find_candidates(session, NOW, LOOKBACK)[0]
    assert first.order_number == missed and first.event_key.startswith("event:")  # newest first


def test_old_future_delivered_and_cancelled_problems_are_not_news(db: Database) -> None:
    who = customer(db)
    old = order(db, who, "delayed", events=(("delayed", timedelta(days=5)),))
    ahead = order(db, who, events=(("delayed", -timedelta(hours=3)),))
    arrived = order(db, who, "delivered", delivered=True, events=(("delayed", timedelta(hours=5)),))
    cancelled = order(db, who, "cancelled", events=(("exception", timedelta(hours=5)),))
    numbers = {number for number, _ in kinds(db)}
    assert numbers.isdisjoint({old, ahead, arrived, cancelled})


def test_an_order_not_dispatched_by_its_promised_date(db: Database) -> None:
    who = customer(db)
    late = order(db, who, "packed", shipped=False, promised=NOW.date() - timedelta(days=1))
    due_today = order(db, who, "packed", shipped=False, promised=NOW.date())
    assert (late, "not_dispatched") in kinds(db)
    assert not any(number == due_today for number, _ in kinds(db))


def test_a_refund_issued_and_a_return_received(db: Database) -> None:
    who = customer(db)
    refunded = order(db, who, "refunded", delivered=True)
    returned = order(db, who, "returned", delivered=True)
    with db.session() as session:
        ids = dict(session.query(Order.order_number, Order.id).all())
        session.add(
            Refund(
                order_id=ids[refunded],
                status="completed",
                amount=Decimal("20.00"),
                currency="EUR",
                issued_at=NOW - timedelta(hours=3),
            )
        )
        session.add(Return(rma_number="RMA-1", order_id=ids[returned], status="received"))
        received = session.get(Order, ids[returned])
        assert received is not None
        received.updated_at = NOW - timedelta(hours=1)  # the warehouse received it just now
        session.add(
            Refund(order_id=ids[refunded], status="pending", amount=Decimal(1), currency="EUR")
        )
    found = kinds(db)
    assert (refunded, "refund_issued") in found and (returned, "return_received") in found
    assert sum(1 for number, _ in found if number == refunded) == 1  # the pending one is not


# --- ledger ----------------------------------------------------------------------------------


def candidate(db: Database, who: int | None = None) -> Candidate:
    who = who or customer(db, f"c{next(_numbers)}@example.com")
    number = order(db, who, "delayed", events=(("delayed", timedelta(hours=2)),))
    with db.session() as session:
        return next(c for c in find_candidates(session, NOW, LOOKBACK) if c.order_number == number)


def claim(ledger: NoticeLedger, found: Candidate) -> NoticeRecord | None:
    return ledger.claim(found, conversation_id="conv-1", channel="rest", language="de", now=NOW)


def test_a_notice_is_claimed_once_per_order_and_event(db: Database) -> None:
    ledger, found = NoticeLedger(db), candidate(db)
    first = claim(ledger, found)
    assert first is not None and first.status == "pending" and first.attempts == 1
    assert claim(ledger, found) is None and ledger.known(found)
    assert ledger.mark_sent(first.id, NOW)
    assert claim(ledger, found) is None
    assert not ledger.mark_sent(first.id)  # only a pending notice becomes sent


def test_a_failed_notice_is_tried_again_a_few_times_then_given_up(db: Database) -> None:
    ledger, found = NoticeLedger(db), candidate(db)
    ids = set()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert not ledger.known(found)
        notice = claim(ledger, found)
        assert notice is not None and notice.attempts == attempt
        ids.add(notice.id)
        ledger.mark_failed(notice.id, "the Rasa server answered 500")
    assert claim(ledger, found) is None and ledger.known(found)
    [notice_id] = ids  # one row, tried again
    record = ledger.get(notice_id)
    assert record is not None and record.status == "failed" and "500" in str(record.error)


def test_answered_only_after_sent(db: Database) -> None:
    ledger = NoticeLedger(db)
    notice = claim(ledger, candidate(db))
    assert notice is not None
    assert not ledger.mark_answered(notice.id, "human_handoff")
    ledger.mark_sent(notice.id, NOW)
    assert ledger.mark_answered(notice.id, "human_handoff", NOW)
    record = ledger.get(notice.id)
    assert record is not None and (record.status, record.answer) == ("answered", "human_handoff")
    assert [r.id for r in ledger.for_conversation("conv-1")] == [notice.id]


# --- consent and recipients ------------------------------------------------------------------


def test_consent_is_per_customer_and_channel_and_can_change(db: Database) -> None:
    store, who = ConsentStore(db), customer(db)
    store.record(who, "rest", granted=True, conversation_id="a", language="fr", now=NOW)
    store.record(who, "telegram", granted=False, conversation_id="telegram:1", now=NOW)
    assert [c.channel for c in store.granted(who)] == ["rest"]
    store.record(who, "rest", granted=False, conversation_id="b", now=NOW)
    assert store.granted(who) == []
    consent = store.get(who, "rest")
    assert consent is not None and not consent.granted and consent.conversation_id == "b"
    with pytest.raises(ValueError):
        store.record(who, "", granted=True, conversation_id="c")


def test_the_latest_conversation_on_a_consented_channel_is_written_to(db: Database) -> None:
    store, who = ConsentStore(db), customer(db)
    number = order(db, who)
    store.record(
        who, "rest", granted=True, conversation_id="old", language="fr", now=NOW - timedelta(days=2)
    )
    assert find_recipient(db, who, store.granted(who)) == Recipient(
        "old", "rest", "fr", NOW - timedelta(days=2)
    )
    with db.session() as session:
        for conversation, channel in (("newer", "rest"), ("elsewhere", "telegram")):
            session.add(
                ConversationSummary(
                    conversation_id=conversation,
                    channel=channel,
                    started_at=NOW - timedelta(hours=2),
                    last_activity_at=NOW - timedelta(hours=1),
                    language="es",
                    verified_order=number,
                )
            )
    found = find_recipient(db, who, store.granted(who))
    assert found is not None and (found.conversation_id, found.language) == ("newer", "es")
    assert find_recipient(db, who, []) is None


# --- policy ----------------------------------------------------------------------------------


def test_quiet_hours_span_midnight_and_empty_means_none() -> None:
    quiet = QuietHours.parse("21:00-08:00")
    assert quiet.contains(time(23, 30)) and quiet.contains(time(7, 59))
    assert not quiet.contains(time(8, 0)) and not quiet.contains(time(20, 59))
    assert QuietHours.parse("12:00-13:00").contains(time(12, 30))
    assert not QuietHours.parse("").contains(time(3, 0))
    with pytest.raises(ConfigurationError):
        QuietHours.parse("late")
    policy = NoticePolicy(quiet, 2, "Europe/Berlin")
    assert policy.is_quiet(datetime(2026, 6, 15, 20, 0, tzinfo=UTC))  # 22:00 in Berlin
    assert not policy.is_quiet(NOW)
    assert policy.day_start(NOW) == datetime(2026, 6, 14, 22, 0, tzinfo=UTC)
    with pytest.raises(ConfigurationError):
        NoticePolicy(quiet, 0)


# --- the scan --------------------------------------------------------------------------------


class FakeSender:
    """Stands in for the Rasa server and the action that says the notice."""

    def __init__(self, ledger: NoticeLedger, *, fail: bool = False, say: bool = True) -> None:
        self.ledger, self.fail, self.say = ledger, fail, say
        self.sent: list[tuple[str, str, str]] = []

    def send(self, recipient: Recipient, notice: NoticeRecord) -> None:
        if self.fail:
            raise NoticeDeliveryError("the Rasa server answered 503")
        self.sent.append((recipient.conversation_id, notice.order_number, notice.kind))
        if self.say:
            self.ledger.mark_sent(notice.id, NOW)


def scan_of(db: Database, policy: NoticePolicy | None = None, **sender: bool) -> ProactiveScan:
    scan = ProactiveScan(
        db, None, policy or NoticePolicy(QuietHours(), 2, "Europe/Berlin"), lookback=LOOKBACK
    )
    scan._sender = FakeSender(scan.ledger, **sender)
    return scan


def agreed(db: Database, email: str = "bo@example.com") -> int:
    who = customer(db, email)
    ConsentStore(db).record(
        who, "rest", granted=True, conversation_id=f"conv-{who}", language="de", now=NOW
    )
    return who


def test_only_customers_who_agreed_get_a_notice_and_only_once(db: Database) -> None:
    yes, no = agreed(db), customer(db, "no@example.com")
    wanted = order(db, yes, "delayed", events=(("delayed", timedelta(hours=2)),))
    order(db, no, "delayed", events=(("delayed", timedelta(hours=2)),))
    scan = scan_of(db)
    dry = scan.run(NOW, dry_run=True)
    assert sorted(n["status"] for n in dry.notices) == ["no_consent", "would_send"]
    report = scan.run(NOW)
    assert (report.detected, report.sent, report.no_consent) == (2, 1, 1)
    assert scan._sender.sent == [(f"conv-{yes}", wanted, "delayed")]  # type: ignore[union-attr]
    assert report.notices[0]["language"] == "de" and report.notices[0]["status"] == "sent"
    again = scan.run(NOW + timedelta(minutes=15))
    assert (again.sent, again.already_noticed) == (0, 1)


def test_nothing_goes_out_in_the_quiet_hours_and_it_waits_for_morning(db: Database) -> None:
    who = agreed(db)
    order(db, who, "delayed", events=(("delayed", timedelta(hours=2)),))
    scan = scan_of(db, NoticePolicy(QuietHours.parse("13:00-15:00"), 2, "Europe/Berlin"))
    report = scan.run(NOW)  # 14:00 in Berlin
    assert (report.sent, report.quiet_hours) == (0, 1)
    assert scan.ledger.recent() == []
    assert scan.run(NOW + timedelta(hours=1, minutes=5)).sent == 1


def test_the_daily_limit_holds_the_rest_until_the_next_day(db: Database) -> None:
    who = agreed(db)
    for hours in (1, 2, 3):
        order(db, who, "delayed", events=(("delayed", timedelta(hours=hours)),))
    scan = scan_of(db)
    report = scan.run(NOW)
    assert (report.sent, report.daily_limit) == (2, 1)
    assert scan.run(NOW + timedelta(hours=1)).sent == 0
    assert scan.run(NOW + timedelta(hours=12)).sent == 1  # 02:00 in Berlin: a new day


def test_a_failed_delivery_is_recorded_and_a_dry_run_records_nothing(db: Database) -> None:
    who = agreed(db)
    number = order(db, who, "delayed", events=(("delayed", timedelta(hours=2)),))
    customer(db, "nobody@example.com")
    dry = scan_of(db).run(NOW, dry_run=True)
    assert [n["status"] for n in dry.notices] == ["would_send"] and dry.sent == 0
    failing = scan_of(db, fail=True)
    report = failing.run(NOW)
    assert (report.sent, report.failed) == (0, 1)
    [record] = failing.ledger.recent()
    assert (record.order_number, record.status, record.attempts) == (number, "failed", 1)
    assert "503" in str(record.error)
    silent = scan_of(db, say=False)
    assert silent.run(NOW).failed == 1
    [record] = silent.ledger.recent()
    assert record.attempts == 2 and "did not say" in str(record.error)
    assert scan_of(db).run(NOW).sent == 1  # the third attempt goes through


def test_the_demo_data_has_a_few_cases_on_each_of_the_last_days(
    seeded_database: Database, seed_today: date
) -> None:
    noon = datetime.combine(seed_today, time(12), UTC)
    with seeded_database.session() as session:
        found = find_candidates(session, noon, LOOKBACK, seed_today)
    by_kind: dict[str, set[date]] = {}
    for case in found:
        by_kind.setdefault(case.kind, set()).add(case.occurred_at.date())
    assert {"exception", "failed_attempt", "not_dispatched"} <= set(by_kind)
    assert len(by_kind["exception"] | by_kind["failed_attempt"]) == 3  # each of the last 3 days
