"""Sample orders of the demo database, spread over statuses (for tests, demos, evaluation)."""

from __future__ import annotations

import random
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from core.db.database import Database
from core.db.models import Order
from core.views import OrderStatus

__all__ = ["sample_orders"]


def _as_dict(order: Order) -> dict[str, Any]:
    shipment = order.shipment
    return {
        "order_number": order.order_number,
        "email": order.customer.email,
        "status": order.status,
        "currency": order.currency,
        "total": str(order.total),
        "placed_at": order.placed_at.isoformat(),
        "lines": [
            {
                "line_id": line.id,
                "sku": line.product_sku,
                "title": line.title,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "final_sale": line.final_sale,
            }
            for line in order.lines
        ],
        "carrier": shipment.carrier if shipment else None,
        "tracking_number": shipment.tracking_number if shipment else None,
    }


def sample_orders(
    db: Database, n: int, seed: int = 0, status: str | OrderStatus | None = None
) -> list[dict[str, Any]]:
    """Up to ``n`` orders, round robin over the statuses present (or only ``status``).

    Deterministic for a seed and a database. Each order is a JSON-ready dict with its
    number, the customer's email, status, currency, total, placement time, lines, carrier
    and tracking number.
    """
    if n <= 0:
        return []
    wanted = OrderStatus(status).value if status is not None else None
    rng = random.Random(seed)
    with db.session() as session:
        query = select(Order.id, Order.status).order_by(Order.id)
        if wanted is not None:
            query = query.where(Order.status == wanted)
        by_status: dict[str, list[int]] = {value.value: [] for value in OrderStatus}
        for order_id, order_status in session.execute(query).all():
            by_status[order_status].append(order_id)
        pools = [ids for ids in by_status.values() if ids]
        for ids in pools:
            rng.shuffle(ids)
        picked: list[int] = []
        while len(picked) < n and any(pools):
            for ids in pools:
                if ids and len(picked) < n:
                    picked.append(ids.pop())
        orders = {
            order.id: order
            for order in session.scalars(
                select(Order)
                .where(Order.id.in_(picked))
                .options(
                    joinedload(Order.customer),
                    selectinload(Order.lines),
                    selectinload(Order.shipment),
                )
            )
        }
        return [_as_dict(orders[order_id]) for order_id in picked]
