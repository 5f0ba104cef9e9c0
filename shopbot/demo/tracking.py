"""Demo parcels: carriers, tracking numbers in each carrier's style, and scan events."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.views import OrderStatus
from shopbot.demo.vocabulary import (
    CARRIERS,
    CARRIERS_BY_CURRENCY,
    DELAY_REASONS,
    DELIVERED_DESCRIPTIONS,
    HUBS,
    WAREHOUSES,
)

__all__ = ["Event", "Parcel", "make_parcel", "royal_mail_check_digit", "tracking_number"]

S = OrderStatus
#: (status, description, location, occurred_at)
Event = tuple[str, str, str | None, datetime]

_SCANS = (
    "Arrived at the sorting centre",
    "Departed the sorting centre",
    "Processed at the hub",
    "In transit to the delivery depot",
    "Arrived at the delivery depot",
)
_DELIVERED_FAMILY = {S.DELIVERED, S.RETURN_REQUESTED, S.RETURNED, S.REFUNDED}


@dataclass(frozen=True)
class Parcel:
    """One shipment and its carrier events, oldest first."""

    carrier: str
    tracking_number: str
    tracking_url: str
    promised_date: date
    shipped_at: datetime | None
    delivered_at: datetime | None
    events: tuple[Event, ...]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def royal_mail_check_digit(serial: str) -> int:
    """The UPU S10 check digit of an 8-digit serial (Royal Mail, most postal services)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True)
    )
    check = 11 - total % 11
    return {10: 0, 11: 5}.get(check, check)


def tracking_number(rng: random.Random, carrier: str) -> str:
    """A tracking number shaped like the carrier's own."""
    if carrier == "UPS":  # 1Z + shipper (6) + service (2) + package (8)
        shipper = "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6))
        return f"1Z{shipper}{rng.choice(('01', '02', '03', '12'))}{_digits(rng, 8)}"
    if carrier == "Royal Mail":  # UPU S10: two letters, 8 digits, check digit, GB
        serial = _digits(rng, 8)
        prefix = rng.choice(("AB", "CD", "JX", "RL", "TT"))
        return f"{prefix}{serial}{royal_mail_check_digit(serial)}GB"
    if carrier == "PostNL":
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        return f"3S{letters}{_digits(rng, 9)}"
    if carrier == "USPS":
        return f"9400{_digits(rng, 18)}"
    length = {"DHL": 10, "FedEx": 12, "DPD": 14, "GLS": 11}[carrier]
    return _digits(rng, length)


def _between(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    span = max((end - start).total_seconds(), 1.0)
    return sorted(start + timedelta(seconds=span * rng.uniform(0.05, 0.95)) for _ in range(count))


def _scans(rng: random.Random, hubs: tuple[str, ...], times: list[datetime]) -> list[Event]:
    return [("in_transit", rng.choice(_SCANS), rng.choice(hubs), at) for at in times]


def make_parcel(
    rng: random.Random,
    currency: str,
    city: str,
    placed: datetime,
    offsets: dict[str, float],
    status: OrderStatus,
    today: date,
) -> Parcel:
    """The parcel of an order that reached ``status``; ``offsets`` are hours after ``placed``."""
    carrier = rng.choice(CARRIERS_BY_CURRENCY[currency])
    url_template, (_fastest, slowest) = CARRIERS[carrier]
    number = tracking_number(rng, carrier)
    hubs, warehouse = HUBS[currency], WAREHOUSES[currency]

    def at(step: str) -> datetime:
        return placed + timedelta(hours=offsets[step])

    promised = (placed + timedelta(days=1 + slowest)).date()
    events: list[Event] = [
        (
            "label_created",
            "Shipping label created; the parcel awaits pickup",
            warehouse,
            at("packed"),
        )
    ]
    shipped: datetime | None = None
    delivered: datetime | None = None
    if status is not S.PACKED:
        shipped = at("shipped")
        events.append(("picked_up", f"Picked up by {carrier}", warehouse, shipped))
    latest = at("budget")
    if status in _DELIVERED_FAMILY and shipped is not None:
        delivered = at("delivered")
        out = delivered - min(timedelta(hours=rng.uniform(0.5, 7)), (delivered - shipped) * 0.2)
        events += _scans(rng, hubs, _between(rng, shipped, out, rng.randint(1, 3)))
        events.append(("out_for_delivery", "Out for delivery", city, out))
        events.append(("delivered", rng.choice(DELIVERED_DESCRIPTIONS), city, delivered))
    elif status in (S.IN_TRANSIT, S.DELAYED, S.OUT_FOR_DELIVERY) and shipped is not None:
        cut = shipped + (latest - shipped) * 0.7
        events += _scans(rng, hubs, _between(rng, shipped, cut, rng.randint(1, 3)))
        last = cut + (latest - cut) * rng.uniform(0.3, 0.95)
        if status is S.DELAYED:
            events.append(("delayed", rng.choice(DELAY_REASONS), rng.choice(hubs), last))
            if promised >= today:
                promised = today - timedelta(days=rng.randint(1, 3))
        elif status is S.OUT_FOR_DELIVERY:
            events.append(("out_for_delivery", "Out for delivery", city, last))
    if status in (S.PACKED, S.SHIPPED, S.IN_TRANSIT, S.OUT_FOR_DELIVERY):
        promised = max(promised, today)
    return Parcel(
        carrier=carrier,
        tracking_number=number,
        tracking_url=url_template.format(n=number),
        promised_date=promised,
        shipped_at=shipped,
        delivered_at=delivered,
        events=tuple(events),
    )
