"""The real demo orders the demo shoppers ask about, by status, from the order database.

Conversations that change an order (a cancellation, a return) each get an order of their
own; the others may share one. Returns get delivered orders with a line that can still be
returned under the store's policy, so the bot has something to take back.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from core.db.database import Database
from shop.returns import ReturnService
from shop.sampling import sample_orders

__all__ = [
    "CHANGES_ORDER",
    "ORDER_STATUSES",
    "RETURNABLE",
    "DemoOrder",
    "OrderPools",
    "load_order_pools",
]


@dataclass(frozen=True)
class DemoOrder:
    """A real demo order the shopper asks about."""

    number: str
    email: str
    status: str


#: The order statuses each kind of conversation asks about (absent: no order).
ORDER_STATUSES: Mapping[str, tuple[str, ...]] = {
    "order_status": (
        "shipped",
        "in_transit",
        "delayed",
        "out_for_delivery",
        "delivered",
        "packed",
        "paid",
    ),
    "order_followups": ("shipped", "in_transit", "out_for_delivery", "delayed"),
    "wrong_email": ("shipped", "in_transit", "delivered", "delayed"),
    "frustrated": ("delayed", "in_transit", "shipped"),
    "cancel": ("paid", "packed"),
    "cancel_shipped": ("shipped", "in_transit", "out_for_delivery"),
    "refund": ("refunded", "returned", "return_requested"),
}
#: Kinds that change the order: each order is used once.
CHANGES_ORDER = frozenset({"cancel", "return"})
RETURNABLE = "returnable"
"""The pool of delivered orders with a line that may still be returned."""


class OrderPools:
    """Demo orders by status (and the returnable ones), handed out without repeats where
    the conversation changes the order."""

    def __init__(
        self, by_status: Mapping[str, Sequence[DemoOrder]], returnable: Iterable[DemoOrder] = ()
    ) -> None:
        """``by_status``: orders per status; ``returnable``: delivered orders with a line
        that can still be returned."""
        self._pools = {status: list(orders) for status, orders in by_status.items()}
        self._pools[RETURNABLE] = list(returnable)
        self._turn = dict.fromkeys(self._pools, 0)

    def take(self, scenario: str, rng: random.Random) -> DemoOrder | None:
        """An order for ``scenario``; None when it needs none or none is left."""
        statuses = (RETURNABLE,) if scenario == "return" else ORDER_STATUSES.get(scenario)
        if not statuses:
            return None
        candidates = [status for status in statuses if self._pools.get(status)]
        if not candidates:
            return None
        status = rng.choice(candidates)
        pool = self._pools[status]
        if scenario in CHANGES_ORDER:
            return pool.pop()
        order = pool[self._turn[status] % len(pool)]
        self._turn[status] += 1
        return order


def load_order_pools(
    database: Database, *, seed: int, per_status: int, return_window_days: int
) -> OrderPools:
    """Up to ``per_status`` orders of every status (``shop.sampling``, deterministic for a
    seed and a database), and the delivered ones that can still be returned."""
    by_status: dict[str, list[DemoOrder]] = {}
    statuses = sorted({status for group in ORDER_STATUSES.values() for status in group})
    for status in (*statuses, "delivered"):
        if status in by_status:
            continue
        by_status[status] = [
            DemoOrder(str(order["order_number"]), str(order["email"]), str(order["status"]))
            for order in sample_orders(database, per_status, seed=seed, status=status)
        ]
    returns = ReturnService(database, return_window_days=return_window_days)
    returnable = [
        order
        for order in by_status["delivered"]
        if any(line.eligible for line in returns.eligibility(order.number))
    ]
    return OrderPools(by_status, returnable)
