"""Do the opening offers hold what the shopper came for? Measured through the real bot.

Run from the project root with the main environment (needs the trained model)::

    .venv/bin/python -m bench.opening_offers                 # table on stdout
    .venv/bin/python -m bench.opening_offers --json          # one JSON line on stdout
    .venv/bin/python -m bench.opening_offers --customers 300 --seed 7

It seeds a demo database (``shopbot db seed``), starts the action server and a Rasa server
on the trained model (REST channel only), and samples customers with an order placed in
the last 60 days. For each, the shopper's "true" first request is derived from their
orders by :func:`true_request`, a rule written apart from the ranking (it reads the
database rows itself, not :mod:`shop.opening.signals`); then two greetings go through the
REST channel: one carrying the shop page's signed customer token (the personalised
opening) and one without (today's fixed menu). A greeting "holds" the request when one of
its first two quick replies sends the request's intent, about the same order when the
button names one. The share of customers whose request is held, per opening, is the
figure (and per kind of request).

This is a simulation, and it says so: real shoppers' first messages are not known for
the demo data. :func:`true_request` encodes the common intuition that a parcel in trouble
is what one writes about first, so on those customers agreement with the ranking is
largely by construction; the random parts (a delivered order may or may not be returned,
a parcel on its way may or may not be asked about) are where the comparison says more.
Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Order, Shipment
from core.settings import PROJECT_ROOT
from shop.opening.customer_token import METADATA_KEY, make_customer_token
from shop.rasa_api import RasaClient
from shopbot.benchmarks.rest_bot import SHOPBOT_MODEL as MODEL
from shopbot.benchmarks.rest_bot import rest_bot

__all__ = ["Request", "held", "main", "true_request"]

NAME = "opening_offers"
SHOPBOT = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
LOOKBACK = timedelta(days=60)
FIRST_OFFERS = 2
NOTHING_OPEN = "nothing open"


@dataclass(frozen=True)
class Request:
    """What the simulated shopper asks first: an intent, about an order or not."""

    intent: str
    order_number: str | None
    kind: str


def true_request(orders: Sequence[Order], now: datetime, chooser: random.Random) -> Request:
    """The simulated first request of a customer with these (recent) orders.

    In order: a parcel with a carrier problem (exception, failed attempt, delay) -> where is
    it; an order not shipped by its promised date -> where is it (7 in 10) or cancel it;
    money owed (an open refund, a return sent back) -> the refund; a parcel out for
    delivery -> where is it; a parcel on its way -> where is it (6 in 10) or a product
    search; an order not shipped yet -> where is it (5 in 10), cancel (2 in 10) or a search;
    a delivery in the last 14 days -> a return (4 in 10) or a search; else a search."""

    def first(test: Any) -> Order | None:
        return next((order for order in orders if test(order)), None)

    def parcel(order: Order) -> Shipment | None:
        return order.shipment

    def last_event(order: Order) -> str:
        shipment = parcel(order)
        return shipment.events[-1].status if shipment and shipment.events else ""

    def undelivered(order: Order) -> bool:
        shipment = parcel(order)
        return shipment is None or shipment.delivered_at is None

    trouble = first(
        lambda o: (
            undelivered(o)
            and o.status not in {"cancelled", "pending_payment", "paid", "packed"}
            and (
                o.status == "delayed" or last_event(o) in {"exception", "failed_attempt", "delayed"}
            )
        )
    )
    if trouble is not None:
        return Request("order_status", trouble.order_number, "parcel in trouble")
    late = first(
        lambda o: (
            o.status in {"paid", "packed"}
            and o.shipment is not None
            and o.shipment.promised_date < now.date()
        )
    )
    if late is not None:
        intent = "order_status" if chooser.random() < 0.7 else "cancel_order"
        return Request(intent, late.order_number, "late in the warehouse")
    owed = first(
        lambda o: (
            any(r.status in {"pending", "processing"} for r in o.refunds)
            or any(r.status in {"requested", "received"} for r in o.returns)
        )
    )
    if owed is not None:
        return Request("refund_status", owed.order_number, "refund or return open")
    coming = first(lambda o: o.status == "out_for_delivery")
    if coming is not None:
        return Request("order_status", coming.order_number, "out for delivery")
    moving = first(lambda o: o.status in {"shipped", "in_transit"})
    if moving is not None:
        if chooser.random() < 0.6:
            return Request("order_status", moving.order_number, "on its way")
        return Request("search_product", None, "on its way")
    waiting = first(lambda o: o.status in {"pending_payment", "paid", "packed"})
    if waiting is not None:
        roll = chooser.random()
        if roll < 0.5:
            return Request("order_status", waiting.order_number, "not shipped yet")
        if roll < 0.7:
            return Request("cancel_order", waiting.order_number, "not shipped yet")
        return Request("search_product", None, "not shipped yet")
    arrived = first(
        lambda o: (
            o.status == "delivered"
            and o.shipment is not None
            and o.shipment.delivered_at is not None
            and now - o.shipment.delivered_at <= timedelta(days=14)
        )
    )
    if arrived is not None:
        if chooser.random() < 0.4:
            return Request("return_item", arrived.order_number, "delivered lately")
        return Request("search_product", None, "delivered lately")
    return Request("search_product", None, NOTHING_OPEN)


def held(request: Request, payloads: Sequence[str]) -> bool:
    """Whether one of ``payloads`` sends the request (same intent; same order if named)."""
    for payload in payloads:
        intent, _, entities = payload.removeprefix("/").partition("{")
        if intent != request.intent:
            continue
        number = json.loads("{" + entities).get("order_number") if entities else None
        if number is None or number == request.order_number:
            return True
    return False


def _first_payloads(messages: Sequence[dict[str, Any]]) -> list[str]:
    for message in messages:
        buttons = message.get("buttons") or []
        if buttons:
            return [str(button.get("payload")) for button in buttons[:FIRST_OFFERS]]
    return []


def _sample(database: Database, count: int, chooser: random.Random) -> list[list[Order]]:
    now = utc_now()
    with database.session() as session:
        orders = session.scalars(
            select(Order)
            .where(Order.placed_at >= now - LOOKBACK)
            .options(
                selectinload(Order.shipment).selectinload(Shipment.events),
                selectinload(Order.returns),
                selectinload(Order.refunds),
            )
            .order_by(Order.placed_at.desc())
        ).all()
        by_customer: dict[int, list[Order]] = {}
        for order in orders:
            by_customer.setdefault(order.customer_id, []).append(order)
        session.expunge_all()
    customers = sorted(by_customer)
    chooser.shuffle(customers)
    return [by_customer[customer] for customer in customers[:count]]


def _seed(url: str, seed: int) -> None:
    for command in (["db", "init"], ["db", "seed", "--seed", str(seed), "--history-days", "0"]):
        subprocess.run(  # its report goes to standard error: stdout is the JSON line's
            [str(SHOPBOT), *command, "--database-url", url], check=True, stdout=sys.stderr
        )


def run(customers: int, seed: int, err: Console) -> dict[str, Any]:
    """Seed, start the servers, hold the greetings; the figures."""
    if not MODEL.exists():
        raise SystemExit("no trained model: run `make train` first")
    chooser = random.Random(seed)
    token_secret = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="shopbot-opening-") as scratch, ExitStack() as stack:
        work = Path(scratch)
        url = f"sqlite:///{work / 'shop.db'}"
        err.print("seeding a demo database")
        _seed(url, seed)
        err.print("starting the action server and the Rasa server")
        settings = {
            "DATABASE_URL": url,
            "SHOPBOT_ENVIRONMENT": "test",
            "SHOPBOT_CUSTOMER_TOKEN_SECRET": token_secret,
        }
        bot = stack.enter_context(rest_bot(work, settings, model=MODEL))
        rasa, token = bot.rasa, bot.token
        client = stack.enter_context(RasaClient(rasa.url, token=token))
        database = Database(url)
        sample = _sample(database, customers, chooser)
        database.dispose()
        now = utc_now()
        rows: list[tuple[Request, bool, bool]] = []
        with Progress(console=err) as progress:
            task = progress.add_task("greetings", total=len(sample))
            for index, orders in enumerate(sample):
                request = true_request(orders, now, chooser)
                signed = make_customer_token(
                    token_secret, orders[0].customer_id, utc_now() + timedelta(minutes=10)
                )
                known = client.send(f"opening-{index}-k", "/greet", {METADATA_KEY: signed})
                unknown = client.send(f"opening-{index}-u", "/greet")
                rows.append(
                    (
                        request,
                        held(request, _first_payloads(known)),
                        held(request, _first_payloads(unknown)),
                    )
                )
                progress.advance(task)
    return _figures(rows, customers=len(sample), seed=seed)


def _figures(rows: list[tuple[Request, bool, bool]], customers: int, seed: int) -> dict[str, Any]:
    kinds = Counter(request.kind for request, _, _ in rows)
    per_kind = {
        kind: {
            "customers": count,
            "personalised": sum(p for r, p, _ in rows if r.kind == kind) / count,
            "fixed_menu": sum(f for r, _, f in rows if r.kind == kind) / count,
        }
        for kind, count in kinds.most_common()
    }
    total = max(1, len(rows))
    # Customers with something open: without it, both openings start with a product search.
    open_rows = [row for row in rows if row[0].kind != NOTHING_OPEN]
    open_total = max(1, len(open_rows))
    return {
        "benchmark": NAME,
        "customers": customers,
        "seed": seed,
        "first_offers": FIRST_OFFERS,
        "personalised_share": sum(p for _, p, _ in rows) / total,
        "fixed_menu_share": sum(f for _, _, f in rows) / total,
        "per_kind": per_kind,
        "customers_with_something_open": len(open_rows),
        "open_personalised_share": sum(p for _, p, _ in open_rows) / open_total,
        "open_fixed_menu_share": sum(f for _, _, f in open_rows) / open_total,
    }


def _table(figures: dict[str, Any]) -> Table:
    table = Table(
        "first request (simulated)",
        "customers",
        "personalised opening",
        "fixed menu",
        title=f"Request among the first {FIRST_OFFERS} quick replies",
    )
    for kind, row in figures["per_kind"].items():
        table.add_row(
            kind, str(row["customers"]), f"{row['personalised']:.1%}", f"{row['fixed_menu']:.1%}"
        )
    table.add_row(
        "with something open",
        str(figures["customers_with_something_open"]),
        f"{figures['open_personalised_share']:.1%}",
        f"{figures['open_fixed_menu_share']:.1%}",
    )
    table.add_row(
        "all",
        str(figures["customers"]),
        f"{figures['personalised_share']:.1%}",
        f"{figures['fixed_menu_share']:.1%}",
    )
    return table


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; a table, then one JSON line (or only the JSON line)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=200, help="customers to sample")
    parser.add_argument("--seed", type=int, default=7, help="demo data and sampling seed")
    parser.add_argument("--json", action="store_true", help="only the JSON line")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    figures = run(args.customers, args.seed, Console(stderr=True))
    if not args.json:
        Console().print(_table(figures))
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
