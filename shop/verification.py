"""Shopper verification: order number plus the email on the order (docs/requirements.md,
requirement 4).

Unknown order, wrong email and someone else's order all give the same ``None`` through the
same code path. Every attempt is recorded under a SHA-256 of the client key (never the raw
conversation or sender id); too many failures per client or per order lock verification.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Customer, Order, VerificationAttempt
from core.errors import VerificationLocked
from core.settings import Settings, get_settings
from core.views import OrderView
from shop.orders import Clock, load_order_view, normalise_order_number

__all__ = ["VerificationService", "client_key", "normalise_email"]

# Compared against when the order does not exist, so that path does the same work.
_NO_EMAIL = "\x00" * 32


def client_key(source: str) -> str:
    """The SHA-256 hex digest under which a client's attempts are stored."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def normalise_email(email: str) -> str:
    """Email as compared: trimmed and lower-cased."""
    return email.strip().lower()


class VerificationService:
    """Verifies that a shopper owns an order, with per-client and per-order limits."""

    def __init__(
        self, db: Database, settings: Settings | None = None, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._settings = settings or get_settings()
        self._clock = clock

    def _failures(
        self, session: Session, column: InstrumentedAttribute[str], value: str, minutes: int
    ) -> int:
        since = self._clock() - timedelta(minutes=minutes)
        count = session.scalar(
            select(func.count())
            .select_from(VerificationAttempt)
            .where(
                column == value,
                VerificationAttempt.success.is_(False),
                VerificationAttempt.created_at >= since,
            )
        )
        return int(count or 0)

    def failures_for_client(self, client_key_source: str) -> int:
        """Failed attempts of this client within the client window."""
        with self._db.session() as session:
            return self._failures(
                session,
                VerificationAttempt.client_key,
                client_key(client_key_source),
                self._settings.client_failure_window_minutes,
            )

    def verify(self, order_number: str, email: str, client_key_source: str) -> OrderView | None:
        """The order if ``email`` is the email on it, else ``None``.

        Raises :class:`VerificationLocked` before looking anything up when this client or
        this order number has too many recent failures. The attempt is recorded either way.
        """
        settings = self._settings
        key = client_key(client_key_source)
        number = normalise_order_number(order_number)
        with self._db.session() as session:
            if (
                self._failures(
                    session,
                    VerificationAttempt.client_key,
                    key,
                    settings.client_failure_window_minutes,
                )
                >= settings.client_failure_limit
            ):
                raise VerificationLocked("too many failed attempts from this client")
            if (
                self._failures(
                    session,
                    VerificationAttempt.order_number,
                    number,
                    settings.order_failure_window_minutes,
                )
                >= settings.order_failure_limit
            ):
                raise VerificationLocked("too many failed attempts for this order")
            stored = session.scalar(
                select(Customer.email)
                .join(Order, Order.customer_id == Customer.id)
                .where(Order.order_number == number)
            )
            matches = hmac.compare_digest(
                normalise_email(stored if stored is not None else _NO_EMAIL).encode("utf-8"),
                normalise_email(email).encode("utf-8"),
            )
            success = matches and stored is not None
            session.add(
                VerificationAttempt(
                    client_key=key, order_number=number, success=success, created_at=self._clock()
                )
            )
            return load_order_view(session, number) if success else None
