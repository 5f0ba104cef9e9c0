"""Attacks on order verification, performed against the real servers (see conftest).

Each test is a network client of its own (``X-Forwarded-For``, the stack trusts 127.0.0.1
as a proxy) and a demo customer no other test uses, so its locks hold for nobody else:

1. one client, 200 conversation ids, one known email, order numbers tried in turn (the
   customer's real ones among them): no reply carries order details;
2. the same from 200 clients: past the email limit the clients that failed are refused the
   email, and new clients stop at the ceiling of failures from everyone, which writes one
   alert line to the action server's log;
3. ten wrong emails on an order from one client: its owner, from another, gets the order;
4. an unknown order, a wrong email and someone else's order get the same reply and each
   leaves one failed attempt;
5. a verified order lapses after ``verification_idle_minutes`` without a message: the
   conversation's events are moved back in time and the bot asks for the email again.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

import httpx
import pytest
from sqlalchemy import func, select, text

from core.db.database import Database
from core.db.models import Customer, Order, VerificationAttempt
from core.views import OrderView
from shop.orders import OrderService
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e

FAILED = "couldn't find an order"
REFUSED = "can't check any more order details"
EMAIL_LIMIT = 10  # the default of SHOPBOT_EMAIL_FAILURE_LIMIT
UNKNOWN_ORDER_NUMBERS = 150_000  # well-formed, above the demo's (100001 on)
ATTACKERS_AT_ONCE = 4
_USED_CUSTOMERS: set[str] = set()


@dataclass(frozen=True)
class DemoShopper:
    """A demo customer no other test here uses, with every order of theirs."""

    email: str
    orders: tuple[OrderView, ...]

    @property
    def numbers(self) -> list[str]:
        return [order.order_number for order in self.orders]

    def revealed_in(self, reply: str) -> bool:
        """Whether ``reply`` carries anything of this customer's orders."""
        if "found order" in reply or "should arrive" in reply or "on its way" in reply:
            return True
        first_name = self.orders[0].customer_first_name
        if re.search(rf"\b{re.escape(first_name)}\b", reply):
            return True
        for order in self.orders:
            details = [line.title for line in order.lines]
            if order.shipment and order.shipment.tracking_number:
                details.append(order.shipment.tracking_number)
            if any(detail in reply for detail in details):
                return True
        return False


class Client:
    """One network client: every request names its address in X-Forwarded-For."""

    def __init__(self, stack: Stack, address: str) -> None:
        self.stack = stack
        self.address = address

    def say(self, sender: str, text: str) -> str:
        """Send ``text`` as ``sender``; the bot's texts joined (waits out 429s)."""
        for _ in range(60):
            response = _http(self.stack).post(
                "/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                headers={
                    "Authorization": f"Bearer {self.stack.rasa_token}",
                    "X-Forwarded-For": self.address,
                },
            )
            if response.status_code == 429:
                time.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            response.raise_for_status()
            return "\n".join(str(message.get("text") or "") for message in response.json())
        raise AssertionError("rate-limited for too long")


_local = threading.local()
_OPENED: list[httpx.Client] = []


def _http(stack: Stack) -> httpx.Client:
    """This thread's HTTP client of the Rasa server."""
    client: httpx.Client | None = getattr(_local, "client", None)
    if client is None or str(client.base_url).rstrip("/") != stack.rasa_url.rstrip("/"):
        client = httpx.Client(base_url=stack.rasa_url, timeout=120)
        _local.client = client
        _OPENED.append(client)
    return client


@pytest.fixture(scope="module", autouse=True)
def _close_http() -> Iterator[None]:
    yield
    for client in _OPENED:
        client.close()
    _OPENED.clear()


@pytest.fixture(autouse=True)
def _clients_are_told_apart(stack: Stack) -> None:
    if "127.0.0.1" not in stack.env.get("SHOPBOT_TRUSTED_PROXIES", ""):
        pytest.fail("the stack must trust 127.0.0.1 as a proxy (SHOPBOT_TRUSTED_PROXIES)")


def customer(stack: Stack, *, minimum_orders: int = 1, status: str | None = None) -> DemoShopper:
    """A customer with ``minimum_orders`` (one with ``status``), none of whose orders the
    other tests sample, not used by another test here."""
    sampled = {order["order_number"] for order in stack.orders}
    with stack.database.session() as session:
        rows = session.execute(
            select(Customer.email, Order.order_number, Order.status)
            .join(Order, Order.customer_id == Customer.id)
            .order_by(Customer.email, Order.order_number)
        ).all()
    by_email: dict[str, list[tuple[str, str]]] = {}
    for email, number, order_status in rows:
        by_email.setdefault(email, []).append((number, order_status))
    service = OrderService(stack.database)
    for email, orders in by_email.items():
        numbers = [number for number, _ in orders]
        if email in _USED_CUSTOMERS or len(orders) < minimum_orders or set(numbers) & sampled:
            continue
        if status is not None and status not in {order_status for _, order_status in orders}:
            continue
        _USED_CUSTOMERS.add(email)
        return DemoShopper(email, tuple(service.get(number) for number in numbers))
    raise LookupError("no unused demo customer fits")


def guesses(victim: DemoShopper, count: int, wrong_first: int) -> list[str]:
    """``count`` order numbers as someone enumerating them tries: ``wrong_first`` that are
    nobody's, then the victim's own, then more that are nobody's."""
    unknown = (str(number) for number in itertools.count(UNKNOWN_ORDER_NUMBERS))
    first = [next(unknown) for _ in range(wrong_first)]
    return [*first, *victim.numbers, *islice(unknown, count - wrong_first - len(victim.numbers))]


def failed_attempts(stack: Stack) -> int:
    with stack.database.session() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(VerificationAttempt)
                .where(VerificationAttempt.success.is_(False))
            )
            or 0
        )


def attack(clients: list[Client], tried: list[str], email: str, name: str) -> list[str]:
    """Conversation ``name-N`` of ``clients[N]`` asks for order ``tried[N]`` with ``email``
    in one message, ATTACKERS_AT_ONCE at a time; the replies, in that order."""

    def one(index: int) -> str:
        return clients[index].say(f"{name}-{index}", f"order {tried[index]}, email {email}")

    with ThreadPoolExecutor(ATTACKERS_AT_ONCE) as pool:
        return list(pool.map(one, range(len(tried))))


def age_failures(stack: Stack, by: timedelta) -> None:
    """Move every stored failed check ``by`` into the past, as if that time had passed."""
    with stack.database.session() as session:
        for attempt in session.scalars(
            select(VerificationAttempt).where(VerificationAttempt.success.is_(False))
        ):
            attempt.created_at -= by


def most_failures_within(stack: Stack, seconds: float) -> int:
    """The most failed checks (everyone's) that any ``seconds`` long window holds."""
    with stack.database.session() as session:
        stamps = list(
            session.scalars(
                select(VerificationAttempt.created_at)
                .where(VerificationAttempt.success.is_(False))
                .order_by(VerificationAttempt.created_at)
            )
        )
    span = timedelta(seconds=seconds)
    return max(
        (sum(start <= stamp < start + span for stamp in stamps) for start in stamps), default=0
    )


def test_one_client_with_200_conversations_and_one_email_finds_no_order(stack: Stack) -> None:
    victim = customer(stack, minimum_orders=3)
    attacker = Client(stack, "203.0.113.101")
    # The victim's orders come after the limit's worth of wrong guesses and more than the
    # attempts in flight at once.
    tried = guesses(victim, 200, wrong_first=EMAIL_LIMIT + 3 * ATTACKERS_AT_ONCE)
    replies = attack([attacker] * 200, tried, victim.email, "enum-1")
    assert not [reply for reply in replies if victim.revealed_in(reply)]
    assert sum(FAILED in reply for reply in replies) == EMAIL_LIMIT
    assert sum(REFUSED in reply for reply in replies) == 200 - EMAIL_LIMIT


def test_200_clients_stop_at_the_email_and_global_limits(stack: Stack) -> None:
    victim = customer(stack, minimum_orders=3)
    ceiling = int(stack.env["SHOPBOT_GLOBAL_FAILURE_LIMIT"])
    log = stack.log_dir / "actions.log"
    log_start = log.stat().st_size
    clients = [Client(stack, f"198.18.{index // 250}.{index % 250 + 1}") for index in range(200)]
    # The victim's orders come after more than the ceiling's worth of wrong guesses, and
    # more than the attackers in flight at once.
    tried = guesses(victim, 200, wrong_first=ceiling + 3 * ATTACKERS_AT_ONCE)
    replies = attack(clients, tried, victim.email, "enum-2")
    assert not [reply for reply in replies if victim.revealed_in(reply)]
    failures = sum(FAILED in reply for reply in replies)
    assert failures > EMAIL_LIMIT  # a new client gets its one check on the locked email...
    assert sum(REFUSED in reply for reply in replies) == 200 - failures
    window = 60 * int(stack.env["SHOPBOT_GLOBAL_FAILURE_WINDOW_MINUTES"])
    assert most_failures_within(stack, window) <= ceiling  # ...until the ceiling holds
    with log.open("rb") as handle:
        handle.seek(log_start)
        written = handle.read().decode("utf-8", "replace")
    alerts = [line for line in written.splitlines() if "ALERT verification ceiling" in line]
    assert alerts, "reaching the ceiling writes an alert line"
    assert victim.email not in written
    # Once the ceiling's window has passed, a client that failed on the email is still
    # refused it (the email limit holds for a day); its owner from a new client is not.
    # The window passes by ageing every failed check by a window and two seconds (the
    # limits count stored checks by their time; waiting a minute would do the same).
    age_failures(stack, timedelta(seconds=window + 2))
    number = victim.numbers[0]
    again = clients[0].say("enum-2-again", f"order {number}, email {victim.email}")
    assert REFUSED in again and not victim.revealed_in(again)
    owner = Client(stack, "203.0.113.102").say("owner-2", f"order {number}, email {victim.email}")
    assert f"found order {number}" in owner


def test_wrong_emails_on_an_order_do_not_lock_out_its_owner(stack: Stack) -> None:
    victim = customer(stack)
    number = victim.numbers[0]
    attacker = Client(stack, "203.0.113.103")
    for index in range(10):
        reply = attacker.say(f"lock-3-{index}", f"order {number}, email wrong{index}@example.com")
        assert FAILED in reply
    assert REFUSED in attacker.say("lock-3-last", f"order {number}, email {victim.email}")
    owner = Client(stack, "203.0.113.104").say("owner-3", f"order {number}, email {victim.email}")
    assert f"found order {number}" in owner


def test_every_failure_gets_the_same_reply_and_leaves_one_attempt(stack: Stack) -> None:
    mine, someone_else = customer(stack), customer(stack)
    client = Client(stack, "203.0.113.105")
    replies, attempts = [], []
    for index, (number, email) in enumerate(
        [
            (mine.numbers[0], "nobody@example.com"),  # wrong email
            ("999999", mine.email),  # unknown order
            (someone_else.numbers[0], mine.email),  # someone else's order
        ]
    ):
        before = failed_attempts(stack)
        replies.append(client.say(f"same-4-{index}", f"order {number}, email {email}"))
        attempts.append(failed_attempts(stack) - before)
    assert replies[0] == replies[1] == replies[2]
    assert FAILED in replies[0]
    assert attempts == [1, 1, 1]


def _move_back(stack: Stack, sender: str, minutes: float) -> None:
    """Date the conversation's stored events ``minutes`` earlier, in the tracker store itself.

    (Rasa's ``PUT .../tracker/events`` cannot: its SQL tracker store appends only the events
    it does not have yet, so new timestamps on the same events are never written.) Rasa reads
    the tracker from the store on every message, events from their JSON ``data``."""
    seconds = minutes * 60
    tracker = Database(stack.tracker_store_url)
    try:
        with tracker.begin() as connection:
            moved = connection.execute(
                text(
                    "UPDATE events SET timestamp = timestamp - :s, data = json_set(data, "
                    "'$.timestamp', json_extract(data, '$.timestamp') - :s) WHERE sender_id = :id"
                ),
                {"s": seconds, "id": sender},
            ).rowcount
    finally:
        tracker.dispose()
    assert moved > 0, f"no stored event of {sender}"


def test_a_verified_order_lapses_after_idle_minutes(stack: Stack) -> None:
    # A delivered order (most demo customers have one): its delivery date is order data.
    shopper = customer(stack, status="delivered")
    number = next(o.order_number for o in shopper.orders if o.status.value == "delivered")
    client = Client(stack, "203.0.113.106")
    assert f"found order {number}" in client.say("idle-5", f"order {number}, email {shopper.email}")
    assert "was delivered on" in client.say("idle-5", "when will it arrive?")
    _move_back(stack, "idle-5", minutes=31)
    asked = client.say("idle-5", "when will it arrive?")
    assert f"email address you used for order {number}" in asked
    assert "was delivered on" not in asked
    assert "was delivered on" in client.say("idle-5", shopper.email)
