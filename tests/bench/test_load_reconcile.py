"""The load test's reconciliation on real stores: a SQLite tracker store with Rasa's
``events`` table, and the console's summaries folded from it by the project's own rebuild
(the fold the consumer uses) in a migrated order database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.db.database import Database
from core.db.migrate import upgrade
from shop.conversations import rebuild_summaries
from shop.feedback.tracker_events import events_table
from shopbot.benchmarks.load.reconcile import (
    compare,
    replies_of,
    summary_messages,
    tracker_messages,
    tracker_replies,
    wait_for_store,
)
from shopbot.benchmarks.load.records import NO_RESPONSE, TurnRecord

PREFIX = "load-feed0001-"


class Stores:
    """A tracker store and an order database with the summaries, both SQLite files."""

    def __init__(self, folder: Path) -> None:
        self.tracker = Database(f"sqlite:///{folder / 'tracker.db'}")
        events_table.create(self.tracker.engine)
        self.orders = Database(f"sqlite:///{folder / 'shop.db'}")
        upgrade(self.orders)
        self.moment = 1_790_000_000.0

    def event(self, sender: str, event: dict[str, object]) -> None:
        self.moment += 1
        event = {"timestamp": self.moment, **event}
        with self.tracker.begin() as connection:
            connection.execute(
                events_table.insert().values(
                    sender_id=sender,
                    type_name=str(event["event"]),
                    timestamp=self.moment,
                    data=json.dumps(event),
                )
            )

    def turn(self, sender: str, text: str) -> None:
        """A shopper message and the bot's answer, as Rasa stores them."""
        self.event(sender, {"event": "user", "text": text, "parse_data": {}})
        self.event(sender, {"event": "bot", "text": f"re: {text}", "metadata": {}})
        self.event(sender, {"event": "action", "name": "action_listen"})

    def fold(self) -> None:
        """The summaries made from the tracker store by the project's rebuild."""
        rebuild_summaries(self.orders, self.tracker)

    def tracker_messages(self) -> dict[str, list[str]]:
        return tracker_messages(self.tracker, PREFIX)

    def summary_messages(self) -> dict[str, list[str]]:
        return summary_messages(self.orders, PREFIX)


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Stores]:
    made = Stores(tmp_path)
    yield made
    made.tracker.dispose()
    made.orders.dispose()


def sent(sender: str, text: str, status: int = 200) -> TurnRecord:
    replies = [f"re: {text}"] if status == 200 else []
    return TurnRecord(0, sender, "policy", text, 0.0, 10.0, status, [], replies)


A, B = f"{PREFIX}00000", f"{PREFIX}00001"
RECORDS = [
    sent(A, "where is my order 104980?"),
    sent(A, "ada@example.com"),
    sent(B, "is delivery free?"),
    sent(A, "thanks!"),
    sent(B, "thanks!"),
]


def store_all(stores: Stores) -> None:
    for record in RECORDS:
        stores.turn(record.sender, record.text)


def test_every_message_once_in_both_stores_is_ok(stores: Stores) -> None:
    store_all(stores)
    # Another run's conversation and a reminder's external event are not the run's messages.
    stores.turn("load-other000-00000", "hello")
    stores.event(
        A,
        {
            "event": "user",
            "text": "EXTERNAL: conversation_paused",
            "metadata": {"is_external": True},
        },
    )
    stores.fold()
    assert stores.tracker_messages() == {
        A: ["where is my order 104980?", "ada@example.com", "thanks!"],
        B: ["is delivery free?", "thanks!"],
    }
    assert stores.summary_messages() == stores.tracker_messages()
    for store, read in (
        ("tracker", stores.tracker_messages),
        ("summaries", stores.summary_messages),
    ):
        check = compare(store, RECORDS, read())
        assert check.ok, check.to_dict()
        assert (check.conversations, check.expected, check.stored) == (2, 5, 5)
        assert check.to_dict()["exactly_once"] == 5


def test_a_missing_message_a_doubled_one_and_one_never_sent_are_found(stores: Stores) -> None:
    for record in RECORDS[1:]:
        stores.turn(record.sender, record.text)
    stores.turn(B, "is delivery free?")  # stored twice
    stores.turn(B, "a message nobody sent")
    stores.fold()
    for read in (stores.tracker_messages, stores.summary_messages):
        check = compare("store", RECORDS, read())
        assert not check.ok
        assert (check.missing, check.duplicated, check.unexpected) == (1, 1, 1)
        assert check.to_dict()["exactly_once"] == 4
        assert any("where is my order 104980?" in example for example in check.examples)


def test_messages_in_the_wrong_order_are_found(stores: Stores) -> None:
    for record in [RECORDS[1], RECORDS[0], *RECORDS[2:]]:
        stores.turn(record.sender, record.text)
    check = compare("tracker", RECORDS, stores.tracker_messages())
    assert (check.missing, check.duplicated, check.out_of_order) == (0, 0, 1)
    assert not check.ok


def test_unanswered_messages_may_be_there_once_and_refused_ones_not_at_all(stores: Stores) -> None:
    records = [*RECORDS, sent(A, "hello?", NO_RESPONSE), sent(B, "anyone?", 502), sent(B, "x", 429)]
    store_all(stores)
    stores.turn(A, "hello?")  # handled although its answer never came
    check = compare("tracker", records, stores.tracker_messages())
    assert check.ok and check.in_doubt_stored == 1 and check.expected == 5
    stores.turn(A, "hello?")  # but not twice
    stores.turn(B, "x")  # and a refused message never
    check = compare("tracker", records, stores.tracker_messages())
    assert (check.duplicated, check.unexpected) == (1, 1)


def test_the_wait_reads_again_until_the_summaries_caught_up(stores: Stores) -> None:
    store_all(stores)
    now = [0.0]
    reads: list[int] = []

    def read() -> dict[str, list[str]]:
        reads.append(1)
        if len(reads) == 3:  # the consumer folds while the test waits
            stores.fold()
        return stores.summary_messages()

    def sleep(seconds: float) -> None:
        now[0] += seconds

    check = wait_for_store(
        "summaries", read, RECORDS, timeout=30, clock=lambda: now[0], sleep=sleep
    )
    assert check.ok and len(reads) == 3 and check.waited_seconds == 2.0
    reads.clear()
    late = [*RECORDS, sent(B, "one more")]
    check = wait_for_store("summaries", read, late, timeout=5, clock=lambda: now[0], sleep=sleep)
    assert check.missing == 1 and check.waited_seconds >= 5


def test_a_store_that_cannot_be_read_is_reported_not_raised(tmp_path: Path) -> None:
    missing = Database(f"sqlite:///{tmp_path / 'nothing.db'}")
    check = wait_for_store(
        "tracker store", lambda: tracker_messages(missing, PREFIX), RECORDS, timeout=1
    )
    assert check.error and "no such file" in check.error and not check.ok
    assert not (tmp_path / "nothing.db").exists()
    unmigrated = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    with unmigrated.begin():
        pass
    check = wait_for_store(
        "summaries", lambda: summary_messages(unmigrated, PREFIX), RECORDS, timeout=1
    )
    assert check.error and not check.ok


def test_every_reply_received_is_stored_once_and_a_doubled_one_is_found(stores: Stores) -> None:
    store_all(stores)
    check = compare("replies", RECORDS, tracker_replies(stores.tracker, PREFIX), items=replies_of)
    assert check.ok and (check.expected, check.stored) == (5, 5), check.to_dict()
    # The bot's message of a turn written twice (as a store that re-saves a turn's last
    # events would): the messages still reconcile, the replies do not.
    stores.event(A, {"event": "bot", "text": "re: thanks!", "metadata": {}})
    assert compare("messages", RECORDS, stores.tracker_messages()).ok
    check = compare("replies", RECORDS, tracker_replies(stores.tracker, PREFIX), items=replies_of)
    assert (check.duplicated, check.missing) == (1, 0) and not check.ok
    assert check.examples == [f"stored 2 times in {A}: 're: thanks!'"]


def test_a_turn_without_an_answer_may_have_left_replies_nobody_received(stores: Stores) -> None:
    store_all(stores)
    stores.turn(B, "hello?")  # handled, but its answer never reached the shopper
    records = [*RECORDS, sent(B, "hello?", NO_RESPONSE)]
    check = compare("replies", records, tracker_replies(stores.tracker, PREFIX), items=replies_of)
    assert check.ok and check.in_doubt_stored == 1
    # A reply received but not stored is missing all the same.
    records.append(TurnRecord(0, A, "policy", "x", 0.0, 1.0, 200, [], ["never stored"]))
    check = compare("replies", records, tracker_replies(stores.tracker, PREFIX), items=replies_of)
    assert check.missing == 1 and not check.ok
