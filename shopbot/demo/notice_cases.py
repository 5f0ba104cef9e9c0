"""Demo orders that need a word from the shop, on each of the last few days.

So that a newcomer sees ``shopbot proactive scan`` find something, the seed gives a few
parcels still on their way a carrier exception or a failed delivery attempt, and a few
packed orders a promised date already past, on each of the ``days`` days before ``now``
(delays come from the demo's delayed orders already). A random generator of its own keeps
every other row of the seed as it was.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from shopbot.demo.orders import OrderRows

__all__ = ["EXCEPTIONS", "FAILED_ATTEMPTS", "add_notice_cases"]

EXCEPTIONS: tuple[str, ...] = (
    "Exception: parcel damaged in transit, being repackaged",
    "Exception: address incomplete, the carrier is checking it",
    "Exception: parcel held at the depot for inspection",
)
FAILED_ATTEMPTS: tuple[str, ...] = (
    "Delivery attempt failed: recipient not available",
    "Delivery attempt failed: no safe place to leave the parcel",
)


def add_notice_cases(rows: OrderRows, now: datetime, seed: int, days: int = 3) -> int:
    """Add the cases to ``rows`` (in place); how many orders got one."""
    rng = random.Random(f"notice-cases-{seed}")
    shipments = {shipment["order_id"]: shipment for shipment in rows.shipments}
    last_event: dict[int, datetime] = {}
    for event in rows.shipment_events:
        at = event["occurred_at"]
        last_event[event["shipment_id"]] = max(at, last_event.get(event["shipment_id"], at))
    on_the_way = [o for o in rows.orders if o["status"] == "in_transit" and o["id"] in shipments]
    packed = [o for o in rows.orders if o["status"] == "packed" and o["id"] in shipments]
    rng.shuffle(on_the_way)
    rng.shuffle(packed)
    next_event_id = max((event["id"] for event in rows.shipment_events), default=0) + 1
    changed = 0
    for day in range(days):
        for status, descriptions in (
            ("exception", EXCEPTIONS),
            ("failed_attempt", FAILED_ATTEMPTS),
        ):
            at = now - timedelta(days=day, hours=rng.uniform(1, 20))
            order = next((o for o in on_the_way if last_event[shipments[o["id"]]["id"]] < at), None)
            if order is None:
                continue
            on_the_way.remove(order)
            shipment = shipments[order["id"]]
            rows.shipment_events.append(
                {
                    "id": next_event_id,
                    "shipment_id": shipment["id"],
                    "status": status,
                    "description": rng.choice(descriptions),
                    "location": None,
                    "occurred_at": at,
                }
            )
            next_event_id += 1
            order["updated_at"] = max(order["updated_at"], at)
            changed += 1
        if packed:
            order = packed.pop()
            shipments[order["id"]]["promised_date"] = (now - timedelta(days=day + 1)).date()
            changed += 1
    return changed
