"""Demo conversations driven through the real bot (``shopbot demo conversations``).

A few hundred shoppers talk to the running assistant over its REST channel, with the Rasa
token, in the eight reply languages (more English): order status with the right email, a
mistyped email and then the right one, cancellations, returns, refunds, policy questions,
product searches that find things and ones that find nothing, questions about listed
products, frustrated shoppers, requests for a person (some tickets then answered by a demo
agent through the hand-over desk, some left open), ratings and comments, and messages the
bot does not understand. Every answer, slot, ticket and sentiment is the real bot's; nothing
is written to the tracker store by hand.

- **Deterministic from a seed**: who says what to which real demo order is planned from the
  seed and the order database (:mod:`shopbot.demo.plans`); conversation ids are
  ``demo-<seed>-<index>``, and one that is already in the tracker store is left alone, so a
  second run with the same seed adds nothing and an interrupted run carries on.
- **Dates**: Rasa stamps each event with the time it handles it and takes no timestamp from
  a REST message; its HTTP API could append events with older timestamps, but only as
  written events, not as turns the bot answers. So the demo's conversations carry the time
  the demo ran (docs/console.md, "Demo data").
- **One network address per shopper**: the channels limit messages, tickets and failed
  order checks per network client. Real shoppers come from many addresses; on a loopback
  server each demo shopper connects from its own loopback address (``127.42.x.y``; Linux
  routes all of 127.0.0.0/8 to the loopback interface), and from the ordinary address where
  that does not work. The limits still hold for each of them.
"""

from __future__ import annotations

import ipaddress
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import httpx
from sqlalchemy import distinct, func, select
from sqlalchemy.exc import SQLAlchemyError

from core.db.database import Database
from core.errors import ShopbotError
from knowledge.responses import ResponseCatalog
from shop.feedback.tracker_events import events_table
from shop.handover import HandoverService
from shop.rasa_api import RasaClient
from shop.support import HandoverDesk
from shopbot.demo.demo_agent import DemoAgent
from shopbot.demo.order_pools import load_order_pools
from shopbot.demo.plans import ConversationPlan, plan_conversations
from shopbot.demo.scripts import SCRIPTS
from shopbot.demo.shopper import Outcome, Shopper

__all__ = [
    "DemoSummary",
    "DemoTarget",
    "count_conversations",
    "drive_conversations",
    "existing_conversations",
    "own_addresses_work",
    "seed_demo_conversations",
    "shopper_address",
]

Progress = Callable[[int, int], None]
#: Orders sampled per status for the plans (enough for cancellations and returns of a run).
MIN_ORDERS_PER_STATUS = 40
#: How many conversations' errors the summary lists.
ERRORS_LISTED = 5


@dataclass(frozen=True)
class DemoTarget:
    """The running assistant and the databases behind it."""

    rasa_url: str
    rasa_token: str
    #: The order database (orders to ask about, hand-over tickets).
    database: Database
    #: Rasa's SQL tracker store (which conversations exist already).
    tracker_store: Database
    #: The named responses, for the desk's sentences to the shopper.
    responses: ResponseCatalog
    return_window_days: int


@dataclass
class DemoSummary:
    """What a run did."""

    requested: int
    skipped: str | None = None
    already_there: int = 0
    created: int = 0
    failed: int = 0
    seconds: float = 0.0
    messages: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    scenarios: dict[str, int] = field(default_factory=dict)
    tickets: int = 0
    answered_by_agent: int = 0
    offers_of_a_person: int = 0
    ratings: dict[str, int] = field(default_factory=dict)
    ratings_skipped: int = 0
    comments: int = 0
    searches: int = 0
    failed_searches: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def count_conversations(tracker_store: Database) -> int:
    """Conversations in the tracker store (0 when Rasa has not created its table yet)."""
    statement = select(func.count(distinct(events_table.c.sender_id)))
    try:
        with tracker_store.engine.connect() as connection:
            return int(connection.execute(statement).scalar_one())
    except SQLAlchemyError:
        return 0


def existing_conversations(tracker_store: Database, senders: Iterable[str]) -> set[str]:
    """Which of ``senders`` the tracker store holds already."""
    wanted = list(senders)
    found: set[str] = set()
    try:
        with tracker_store.engine.connect() as connection:
            for start in range(0, len(wanted), 500):
                statement = (
                    select(events_table.c.sender_id)
                    .where(events_table.c.sender_id.in_(wanted[start : start + 500]))
                    .distinct()
                )
                found.update(str(sender) for (sender,) in connection.execute(statement))
    except SQLAlchemyError:
        return set()
    return found


def shopper_address(rasa_url: str, index: int) -> str | None:
    """The loopback address demo shopper ``index`` connects from; None (the ordinary
    address) unless the server is on an IPv4 loopback address."""
    host = urlsplit(rasa_url).hostname or ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.version != 4 or not address.is_loopback:
        return None
    return f"127.42.{index // 250 % 256}.{index % 250 + 1}"


def own_addresses_work(rasa_url: str) -> bool:
    """Whether this machine lets a client connect from a loopback address of its own."""
    address = shopper_address(rasa_url, 0)
    if address is None:
        return False
    transport = httpx.HTTPTransport(local_address=address)
    try:
        with httpx.Client(transport=transport, timeout=5) as http:
            http.get(rasa_url.rstrip("/") + "/")
    except (httpx.HTTPError, OSError):
        return False
    return True


def _play(
    plan: ConversationPlan,
    connect: Callable[[ConversationPlan], RasaClient],
    agent: DemoAgent | None,
) -> Outcome:
    with connect(plan) as client:
        shopper = Shopper(client, plan)
        try:
            SCRIPTS[plan.scenario](shopper)
            if agent is not None:
                agent.attend(shopper)
        except (httpx.HTTPError, ShopbotError) as error:
            shopper.outcome.error = f"{plan.sender}: {type(error).__name__}: {error}"[:300]
        return shopper.outcome


def drive_conversations(
    plans: Sequence[ConversationPlan],
    *,
    connect: Callable[[ConversationPlan], RasaClient],
    agent: DemoAgent | None,
    concurrency: int,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Play ``plans`` against the bot, ``concurrency`` at a time; their outcomes in order."""
    outcomes: dict[int, Outcome] = {}
    with ThreadPoolExecutor(max_workers=max(concurrency, 1)) as pool:
        futures = {pool.submit(_play, plan, connect, agent): plan.index for plan in plans}
        for done, future in enumerate(as_completed(futures), start=1):
            outcomes[futures[future]] = future.result()
            if progress is not None:
                progress(done, len(plans))
    return [outcomes[plan.index] for plan in plans]


def _summarise(summary: DemoSummary, outcomes: Sequence[Outcome]) -> DemoSummary:
    good = [outcome for outcome in outcomes if outcome.error is None]
    summary.created = len(good)
    summary.failed = len(outcomes) - len(good)
    summary.errors = [str(o.error) for o in outcomes if o.error][:ERRORS_LISTED]
    summary.messages = sum(outcome.messages for outcome in outcomes)
    summary.languages = dict(Counter(o.language for o in outcomes).most_common())
    summary.scenarios = dict(Counter(o.scenario for o in outcomes).most_common())
    summary.tickets = sum(1 for o in outcomes if o.ticket)
    summary.answered_by_agent = sum(1 for o in outcomes if o.agent)
    summary.offers_of_a_person = sum(1 for o in outcomes if o.offered_person)
    ratings = Counter(str(o.rating) for o in outcomes if o.rating is not None)
    summary.ratings = {value: ratings[value] for value in sorted(ratings)}
    summary.ratings_skipped = sum(1 for o in outcomes if o.rating_skipped)
    summary.comments = sum(1 for o in outcomes if o.comment)
    summary.searches = sum(o.searches for o in outcomes)
    summary.failed_searches = sum(o.failed_searches for o in outcomes)
    return summary


def seed_demo_conversations(
    target: DemoTarget,
    *,
    n: int,
    seed: int,
    concurrency: int,
    if_empty: bool = False,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create up to ``n`` demo conversations with the running bot (see the module docstring).

    ``if_empty``: do nothing when the tracker store holds ``n`` conversations or more.
    """
    started = time.monotonic()
    summary = DemoSummary(requested=n)
    if if_empty:
        present = count_conversations(target.tracker_store)
        if present >= n:
            summary.skipped = f"the tracker store holds {present} conversations already"
            return summary
    pools = load_order_pools(
        target.database,
        seed=seed,
        per_status=max(MIN_ORDERS_PER_STATUS, n // 4),
        return_window_days=target.return_window_days,
    )
    plans = plan_conversations(n, seed, pools)
    there = existing_conversations(target.tracker_store, (plan.sender for plan in plans))
    summary.already_there = len(there)
    todo = [plan for plan in plans if plan.sender not in there]
    own_addresses = own_addresses_work(target.rasa_url)

    def connect(plan: ConversationPlan) -> RasaClient:
        address = shopper_address(target.rasa_url, plan.index) if own_addresses else None
        return RasaClient(target.rasa_url, target.rasa_token, 60, local_address=address)

    desk = HandoverDesk(
        HandoverService(target.database),
        partial(RasaClient, target.rasa_url, target.rasa_token, 30),
        target.responses,
    )
    outcomes = drive_conversations(
        todo, connect=connect, agent=DemoAgent(desk), concurrency=concurrency, progress=progress
    )
    _summarise(summary, outcomes)
    summary.seconds = round(time.monotonic() - started, 1)
    return summary
