"""Demo orders with lines, parcels, carrier events, returns and refunds.

Each order gets a status that fits its age (fresh orders are unpaid or packing, week-old
ones travel, older ones are delivered, some cancelled or returned) and a timeline whose
timestamps are in order and all before the reference time ``now``. Order lines are
products of the catalog (:class:`~knowledge.catalog.schema.CatalogProduct`, priced, in a
currency with a reference rate), priced in the customer's currency.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.views import OrderStatus
from knowledge.catalog.generate import price_in
from knowledge.catalog.schema import CatalogProduct
from shopbot.demo.customers import locale_names
from shopbot.demo.tracking import Parcel, make_parcel
from shopbot.demo.vocabulary import RETURN_REASONS

__all__ = ["FIRST_ORDER_NUMBER", "OrderRows", "make_orders"]

Row = dict[str, Any]
S = OrderStatus
FIRST_ORDER_NUMBER = 100001

#: (status, youngest and oldest age in days): the first orders cover every status.
FORCED: tuple[tuple[OrderStatus, float, float], ...] = (
    (S.PENDING_PAYMENT, 0.05, 0.9),
    (S.PAID, 0.1, 1.0),
    (S.PACKED, 1.0, 2.0),
    (S.SHIPPED, 1.5, 2.5),
    (S.IN_TRANSIT, 3.0, 5.0),
    (S.OUT_FOR_DELIVERY, 3.0, 6.0),
    (S.DELAYED, 8.0, 12.0),
    (S.DELIVERED, 8.0, 15.0),
    (S.DELIVERED, 60.0, 300.0),
    (S.CANCELLED, 2.0, 200.0),
    (S.RETURN_REQUESTED, 8.0, 20.0),
    (S.RETURNED, 15.0, 30.0),
    (S.REFUNDED, 20.0, 200.0),
)

#: (oldest age in days of the bucket, status weights)
BUCKETS: tuple[tuple[float, dict[OrderStatus, int]], ...] = (
    (1.0, {S.PENDING_PAYMENT: 25, S.PAID: 60, S.PACKED: 10, S.CANCELLED: 5}),
    (2.5, {S.PENDING_PAYMENT: 4, S.PAID: 10, S.PACKED: 35, S.SHIPPED: 45, S.CANCELLED: 6}),
    (
        6.0,
        {S.SHIPPED: 8, S.IN_TRANSIT: 52, S.OUT_FOR_DELIVERY: 15, S.DELIVERED: 20, S.CANCELLED: 5},
    ),
    (
        14.0,
        {S.DELIVERED: 70, S.DELAYED: 10, S.IN_TRANSIT: 4, S.CANCELLED: 4, S.RETURN_REQUESTED: 12},
    ),
    (35.0, {S.DELIVERED: 72, S.CANCELLED: 5, S.RETURN_REQUESTED: 4, S.RETURNED: 9, S.REFUNDED: 10}),
    (math.inf, {S.DELIVERED: 84, S.CANCELLED: 6, S.REFUNDED: 10}),
)

_RETURN_STATUS = {S.RETURN_REQUESTED: "requested", S.RETURNED: "received", S.REFUNDED: "refunded"}


@dataclass
class OrderRows:
    """Rows of every order-side table, ready for bulk inserts."""

    orders: list[Row] = field(default_factory=list)
    order_lines: list[Row] = field(default_factory=list)
    shipments: list[Row] = field(default_factory=list)
    shipment_events: list[Row] = field(default_factory=list)
    returns: list[Row] = field(default_factory=list)
    return_lines: list[Row] = field(default_factory=list)
    refunds: list[Row] = field(default_factory=list)


def _status_for_age(rng: random.Random, age_days: float) -> OrderStatus:
    for oldest, weights in BUCKETS:
        if age_days < oldest:
            statuses = list(weights)
            return rng.choices(statuses, weights=[weights[s] for s in statuses])[0]
    raise AssertionError("unreachable: the last bucket has no upper bound")


def _plan(rng: random.Random, count: int) -> list[tuple[float, OrderStatus]]:
    """(age in days, status) of every order, oldest first."""
    plan: list[tuple[float, OrderStatus]] = []
    for index in range(count):
        if index < len(FORCED):
            status, youngest, oldest = FORCED[index]
            plan.append((rng.uniform(youngest, oldest), status))
        else:  # more orders recently: the shop grows
            age = max(0.02, 365.0 * (1.0 - math.sqrt(rng.random())))
            plan.append((age, _status_for_age(rng, age)))
    plan.sort(key=lambda entry: -entry[0])
    return plan


def _lines(
    rng: random.Random,
    status: OrderStatus,
    currency: str,
    items: list[CatalogProduct],
    returnable: list[CatalogProduct],
    spend: float = 1.0,
) -> list[Row]:
    count = rng.choices((1, 2, 3, 4, 5), weights=(45, 28, 15, 8, 4))[0]
    count = min(5, max(1, round(count * spend)))
    chosen = rng.sample(items, count)
    if status in _RETURN_STATUS and all(item.final_sale for item in chosen):
        chosen[0] = rng.choice(returnable)
    lines = []
    for item in chosen:
        details = [part for part in (_pick(rng, item.colours), _pick(rng, item.sizes)) if part]
        title = f"{item.title} ({', '.join(details)})" if details else item.title
        lines.append(
            {
                "product_sku": item.id,
                "title": title,
                "quantity": rng.choices((1, 2, 3), weights=(80, 15, 5))[0],
                "unit_price": price_in(_price(item), item.currency, currency),
                "final_sale": item.final_sale,
            }
        )
    return lines


def _pick(rng: random.Random, values: tuple[str, ...]) -> str | None:
    return rng.choice(values) if values else None


def _price(item: CatalogProduct) -> Decimal:
    if item.price is None:
        raise ValueError(f"product {item.id} has no price and cannot be ordered")
    return item.price


@dataclass
class _Ids:
    line: int = 0
    shipment: int = 0
    event: int = 0
    return_: int = 0
    return_line: int = 0
    refund: int = 0

    def next(self, name: str) -> int:
        value: int = getattr(self, name) + 1
        setattr(self, name, value)
        return value


class _OrderBuilder:
    """Builds the rows of one order at a time, numbering every table's ids."""

    def __init__(self, rng: random.Random, now: datetime, rows: OrderRows) -> None:
        self.rng, self.now, self.rows, self.ids = rng, now, rows, _Ids()
        self.today: date = now.date()

    def build(self, order: Row, status: OrderStatus, lines: list[Row], locale: str) -> None:
        rng = self.rng
        for line in lines:
            line["id"], line["order_id"] = self.ids.next("line"), order["id"]
        self.rows.order_lines.extend(lines)
        placed: datetime = order["placed_at"]
        order["total"] = sum((line["unit_price"] * line["quantity"] for line in lines), Decimal(0))
        budget = (self.now - placed).total_seconds() / 3600 * rng.uniform(0.8, 0.97)
        if status is S.PENDING_PAYMENT:
            order["updated_at"] = placed
            return
        if status is S.CANCELLED:
            self._cancel(order, budget)
            return
        offsets = self._offsets(status, budget)
        order["updated_at"] = placed + timedelta(hours=offsets["paid"])
        if status is S.PAID:
            return
        city = rng.choice(locale_names(locale).cities) + f", {locale[-2:]}"
        parcel = make_parcel(rng, order["currency"], city, placed, offsets, status, self.today)
        self._add_parcel(order, parcel)
        if status in _RETURN_STATUS:
            self._return(order, status, lines, placed, offsets)

    def _offsets(self, status: OrderStatus, budget_hours: float) -> dict[str, float]:
        """Hours after placement of each step, squeezed to fit before ``now``."""
        rng = self.rng
        steps = {"paid": rng.uniform(0.02, 0.6)}
        steps["packed"] = steps["paid"] + rng.uniform(3, 28)
        steps["shipped"] = steps["packed"] + rng.uniform(2, 18)
        steps["delivered"] = (
            steps["shipped"]
            + rng.uniform(18, 80)
            + (24 * rng.randint(1, 3) if rng.random() < 0.1 else 0)
        )
        steps["requested"] = steps["delivered"] + rng.uniform(10, 24 * 25)
        steps["received"] = steps["requested"] + rng.uniform(3, 9) * 24
        steps["refunded"] = steps["received"] + rng.uniform(1, 4) * 24
        last = {
            S.PAID: "paid",
            S.PACKED: "packed",
            S.SHIPPED: "shipped",
            S.IN_TRANSIT: "shipped",
            S.OUT_FOR_DELIVERY: "shipped",
            S.DELAYED: "shipped",
            S.DELIVERED: "delivered",
            S.RETURN_REQUESTED: "requested",
            S.RETURNED: "received",
            S.REFUNDED: "refunded",
        }[status]
        needed = steps[last] * (
            1.25 if status in (S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELAYED) else 1.0
        )
        if needed > budget_hours:
            scale = budget_hours / needed
            steps = {name: hours * scale for name, hours in steps.items()}
        steps["budget"] = budget_hours
        return steps

    def _cancel(self, order: Row, budget_hours: float) -> None:
        rng, placed = self.rng, order["placed_at"]
        cancelled_at = placed + timedelta(hours=rng.uniform(0.05, min(48.0, budget_hours * 0.5)))
        order["cancelled_at"] = order["updated_at"] = cancelled_at
        if rng.random() < 0.7:  # it had been paid: the money went back
            left = (self.now - cancelled_at).total_seconds() / 3600
            issued = cancelled_at + timedelta(hours=rng.uniform(0.2, min(24.0, left * 0.5)))
            self._refund(
                order, None, "completed", order["total"], issued, issued.date() + timedelta(days=5)
            )

    def _add_parcel(self, order: Row, parcel: Parcel) -> None:
        shipment_id = self.ids.next("shipment")
        self.rows.shipments.append(
            {
                "id": shipment_id,
                "order_id": order["id"],
                "carrier": parcel.carrier,
                "tracking_number": parcel.tracking_number,
                "tracking_url": parcel.tracking_url,
                "promised_date": parcel.promised_date,
                "shipped_at": parcel.shipped_at,
                "delivered_at": parcel.delivered_at,
            }
        )
        for status, description, location, occurred_at in parcel.events:
            self.rows.shipment_events.append(
                {
                    "id": self.ids.next("event"),
                    "shipment_id": shipment_id,
                    "status": status,
                    "description": description,
                    "location": location,
                    "occurred_at": occurred_at,
                }
            )
        order["updated_at"] = max(order["updated_at"], parcel.events[-1][3])

    def _return(
        self,
        order: Row,
        status: OrderStatus,
        lines: list[Row],
        placed: datetime,
        offsets: dict[str, float],
    ) -> None:
        rng = self.rng
        returnable = [line for line in lines if not line["final_sale"]]
        chosen = rng.sample(returnable, rng.choices((1, len(returnable)), weights=(70, 30))[0])
        requested = placed + timedelta(hours=offsets["requested"])
        return_id = self.ids.next("return_")
        self.rows.returns.append(
            {
                "id": return_id,
                "rma_number": f"RMA-{order['order_number']}-1",
                "order_id": order["id"],
                "status": _RETURN_STATUS[status],
                "reason": rng.choice(RETURN_REASONS),
                "conversation_id": None,
                "created_at": requested,
            }
        )
        amount = Decimal(0)
        for line in sorted(chosen, key=lambda line: int(line["id"])):
            quantity = line["quantity"] if rng.random() < 0.85 else rng.randint(1, line["quantity"])
            amount += line["unit_price"] * quantity
            self.rows.return_lines.append(
                {
                    "id": self.ids.next("return_line"),
                    "return_id": return_id,
                    "order_line_id": line["id"],
                    "quantity": quantity,
                }
            )
        order["updated_at"] = max(order["updated_at"], requested)
        received = placed + timedelta(hours=offsets["received"])
        if status is S.RETURNED:
            pending = rng.random() < 0.5
            issued = (
                None
                if pending
                else received
                + timedelta(
                    hours=rng.uniform(0.1, 0.9) * (self.now - received).total_seconds() / 3600
                )
            )
            expected = max(
                received.date() + timedelta(days=10), self.today + timedelta(days=rng.randint(1, 5))
            )
            self._refund(
                order, return_id, "pending" if pending else "processing", amount, issued, expected
            )
            order["updated_at"] = max(order["updated_at"], issued or received)
        elif status is S.REFUNDED:
            issued = placed + timedelta(hours=offsets["refunded"])
            self._refund(
                order, return_id, "completed", amount, issued, issued.date() + timedelta(days=5)
            )
            order["updated_at"] = max(order["updated_at"], issued)

    def _refund(
        self,
        order: Row,
        return_id: int | None,
        status: str,
        amount: Decimal,
        issued_at: datetime | None,
        expected_by: date,
    ) -> None:
        self.rows.refunds.append(
            {
                "id": self.ids.next("refund"),
                "order_id": order["id"],
                "return_id": return_id,
                "status": status,
                "amount": amount,
                "currency": order["currency"],
                "issued_at": issued_at,
                "expected_by": expected_by,
            }
        )


@dataclass(frozen=True)
class _Shopper:
    """A demo customer's buying habit: how often (relative weight), how much (a factor on
    the lines of an order), and when they bought at all (days ago: joined, left)."""

    weight: float
    spend: float
    joined: float
    left: float

    def buys_at(self, age_days: float) -> bool:
        return self.left <= age_days <= self.joined


def _shoppers(rng: random.Random, count: int, span_days: float) -> list[_Shopper]:
    """Heterogeneous habits (gamma rates, log-normal spend, some who stop buying), the
    story the BG/NBD and Gamma-Gamma models tell (docs/customer_value.md)."""
    shoppers = []
    for _ in range(count):
        joined = rng.uniform(0.0, span_days)
        left = max(0.0, joined - rng.expovariate(1 / 420)) if rng.random() < 0.5 else 0.0
        shoppers.append(
            _Shopper(rng.gammavariate(0.8, 1.0), rng.lognormvariate(0.0, 0.5), joined, left)
        )
    return shoppers


def _chooser(
    rng: random.Random, customers: list[Row], shoppers: list[_Shopper] | None
) -> Callable[[float], tuple[Row, float]]:
    """Who places an order of a given age: the original skew without habits; with them,
    a draw by buying rate among the shoppers who buy at that age (rejection sampling)."""
    if shoppers is None:
        return lambda _age: (customers[int(len(customers) * rng.random() ** 1.5)], 1.0)
    cumulative = list(itertools.accumulate(shopper.weight for shopper in shoppers))

    def choose(age: float) -> tuple[Row, float]:
        index = 0
        for _ in range(200):
            index = min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(shoppers) - 1)
            if shoppers[index].buys_at(age):
                break
        return customers[index], shoppers[index].spend

    return choose


def _history_plan(
    rng: random.Random, count: int, history_days: float
) -> list[tuple[float, OrderStatus]]:
    """(age, status) of the orders older than a year: fewer further back (the shop grew)."""
    plan = []
    for _ in range(count):
        age = 365.0 + history_days * (1.0 - math.sqrt(rng.random()))
        plan.append((age, _status_for_age(rng, age)))
    return plan


def make_orders(
    rng: random.Random,
    *,
    count: int,
    customers: list[Row],
    items: list[CatalogProduct],
    now: datetime,
    history_days: int = 0,
) -> OrderRows:
    """``count`` orders of the last 12 months before ``now``, numbered from 100001, their
    lines drawn from ``items`` (priced products whose currency has a reference rate).

    ``history_days`` > 0 adds older orders over that many days before the year (about
    0.6 times ``count`` per year of history), delivered, cancelled or refunded, and gives
    every customer a buying habit (rate, spend, start and end) that decides who places
    every order, so that the customer-value model has repeat purchases to learn from."""
    rows = OrderRows()
    builder = _OrderBuilder(rng, now, rows)
    returnable = [item for item in items if not item.final_sale]
    plan = _plan(rng, count)
    shoppers = None
    if history_days > 0:
        older = _history_plan(rng, round(0.6 * count * history_days / 365), history_days)
        plan = sorted(older + plan, key=lambda entry: -entry[0])
        shoppers = _shoppers(rng, len(customers), 365.0 + history_days)
    choose = _chooser(rng, customers, shoppers)
    for index, (age_days, status) in enumerate(plan):
        customer, spend = choose(age_days)
        currency = locale_names(customer["locale"]).currency
        order: Row = {
            "id": index + 1,
            "order_number": str(FIRST_ORDER_NUMBER + index),
            "customer_id": customer["id"],
            "status": status.value,
            "currency": currency,
            "placed_at": now - timedelta(days=age_days),
            "cancelled_at": None,
            "cancel_conversation_id": None,
        }
        lines = _lines(rng, status, currency, items, returnable, spend)
        builder.build(order, status, lines, customer["locale"])
        rows.orders.append(order)
    return rows
