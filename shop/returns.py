"""Returns and refunds: which lines may go back, return authorisations (RMAs), refund status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Order, Refund, Return, ReturnLine
from core.errors import NotReturnable, OrderNotFound
from core.views import (
    LineEligibility,
    OrderStatus,
    OrderView,
    RefundStatus,
    RefundView,
    ReturnView,
)
from shop.orders import Clock, load_order_view, normalise_order_number

__all__ = [
    "RETURNABLE_STATUSES",
    "ReturnService",
    "line_eligibility",
]

#: Statuses of an order whose parcel was delivered (lines may still be returned).
RETURNABLE_STATUSES = frozenset(
    {
        OrderStatus.DELIVERED,
        OrderStatus.RETURN_REQUESTED,
        OrderStatus.RETURNED,
        OrderStatus.REFUNDED,
    }
)
_MAX_REASON_LENGTH = 500


def line_eligibility(order: OrderView, *, today: date, window_days: int) -> list[LineEligibility]:
    """Whether each line of ``order`` may be returned on ``today``.

    Reasons, first match wins: ``not_delivered`` (no delivery yet, or cancelled),
    ``already_returned`` (every unit is on a return), ``final_sale``, ``window_expired``
    (more than ``window_days`` calendar days, UTC, since delivery).
    """
    delivered_at = order.delivered_at
    delivered = order.status in RETURNABLE_STATUSES and delivered_at is not None
    result = []
    for line in order.lines:
        reason: str | None = None
        if not delivered or delivered_at is None:
            reason = "not_delivered"
        elif line.returned_quantity >= line.quantity:
            reason = "already_returned"
        elif line.final_sale:
            reason = "final_sale"
        elif (today - delivered_at.date()).days > window_days:
            reason = "window_expired"
        result.append(LineEligibility(line=line, eligible=reason is None, reason=reason))
    return result


def _return_view(order_number: str, record: Return, *, created: bool) -> ReturnView:
    return ReturnView(
        rma_number=record.rma_number,
        order_number=order_number,
        status=record.status,
        reason=record.reason,
        line_ids=tuple(sorted(line.order_line_id for line in record.lines)),
        created_at=record.created_at,
        created=created,
    )


class ReturnService:
    """Return eligibility, RMAs and refund status of orders."""

    def __init__(self, db: Database, return_window_days: int, clock: Clock = utc_now) -> None:
        if return_window_days < 0:
            raise ValueError("return_window_days must not be negative")
        self._db = db
        self._window = return_window_days
        self._clock = clock

    def _today(self, today: date | None) -> date:
        return today if today is not None else self._clock().date()

    @staticmethod
    def _order_id(session: Session, number: str) -> int:
        order_id = session.scalar(select(Order.id).where(Order.order_number == number))
        if order_id is None:
            raise OrderNotFound("no order has this number")
        return order_id

    @staticmethod
    def _returns(session: Session, order_id: int) -> list[Return]:
        return list(
            session.scalars(
                select(Return)
                .where(Return.order_id == order_id)
                .options(selectinload(Return.lines))
                .order_by(Return.id)
            )
        )

    def eligibility(self, order_number: str, *, today: date | None = None) -> list[LineEligibility]:
        """Eligibility of every line; raises :class:`OrderNotFound` for an unknown order."""
        with self._db.session() as session:
            view = load_order_view(session, order_number)
        if view is None:
            raise OrderNotFound("no order has this number")
        return line_eligibility(view, today=self._today(today), window_days=self._window)

    def create_return(
        self,
        order_number: str,
        line_ids: list[int] | tuple[int, ...],
        reason: str,
        conversation_key: str | None,
    ) -> ReturnView:
        """Open an RMA for ``line_ids`` (all remaining units of each line).

        ``conversation_key`` is the asking conversation's keyed pseudonym
        (:func:`shop.pseudonyms.conversation_key`), kept as the RMA's audit reference:
        never the raw conversation id.

        Idempotent: if the order already has an RMA for exactly these lines it is returned
        with ``created=False``. Raises :class:`NotReturnable` with ``no_lines``,
        ``line_not_in_order`` or the first ineligible line's reason; sets the order to
        ``return_requested``.
        """
        wanted = tuple(sorted(set(line_ids)))
        if not wanted:
            raise NotReturnable("no_lines")
        number = normalise_order_number(order_number)
        try:
            return self._create_return(number, wanted, reason, conversation_key)
        except IntegrityError:  # a concurrent request took the RMA number: it is ours
            return self._create_return(number, wanted, reason, conversation_key)

    def _create_return(
        self, number: str, wanted: tuple[int, ...], reason: str, conversation_key: str | None
    ) -> ReturnView:
        now = self._clock()
        with self._db.session() as session:
            view = load_order_view(session, number)
            if view is None:
                raise OrderNotFound("no order has this number")
            order_id = self._order_id(session, number)
            lines = {line.line_id: line for line in view.lines}
            if any(line_id not in lines for line_id in wanted):
                raise NotReturnable("line_not_in_order")
            existing = self._returns(session, order_id)
            for record in existing:
                if tuple(sorted(line.order_line_id for line in record.lines)) == wanted:
                    return _return_view(number, record, created=False)
            checks = {
                check.line.line_id: check
                for check in line_eligibility(view, today=now.date(), window_days=self._window)
            }
            for line_id in wanted:
                if not checks[line_id].eligible:
                    raise NotReturnable(checks[line_id].reason or "not_eligible")
            record = Return(
                rma_number=f"RMA-{number}-{len(existing) + 1}",
                order_id=order_id,
                status="requested",
                reason=reason.strip()[:_MAX_REASON_LENGTH],
                conversation_id=conversation_key[:128] if conversation_key else None,
                created_at=now,
                lines=[
                    ReturnLine(
                        order_line_id=line_id,
                        quantity=lines[line_id].quantity - lines[line_id].returned_quantity,
                    )
                    for line_id in wanted
                ],
            )
            session.add(record)
            order = session.get_one(Order, order_id)
            order.status = OrderStatus.RETURN_REQUESTED.value
            order.updated_at = now
            session.flush()
            return _return_view(number, record, created=True)

    def returns_for(self, order_number: str) -> list[ReturnView]:
        """Every RMA of the order, oldest first (``created`` is False on each)."""
        number = normalise_order_number(order_number)
        with self._db.session() as session:
            order_id = self._order_id(session, number)
            return [
                _return_view(number, record, created=False)
                for record in self._returns(session, order_id)
            ]

    def refund_status(self, order_number: str) -> RefundView | None:
        """The latest refund of the order, or ``None`` if it has none.

        Raises :class:`OrderNotFound` for an unknown order.
        """
        number = normalise_order_number(order_number)
        with self._db.session() as session:
            order_id = self._order_id(session, number)
            refund = session.scalar(
                select(Refund).where(Refund.order_id == order_id).order_by(Refund.id.desc())
            )
            if refund is None:
                return None
            return RefundView(
                order_number=number,
                status=RefundStatus(refund.status),
                amount=refund.amount,
                currency=refund.currency,
                issued_at=refund.issued_at,
                expected_by=refund.expected_by,
            )
