"""Shopper verification: order number plus the email on the order (docs/requirements.md,
requirement 4).

Unknown order, wrong email and someone else's order all give the same ``None`` through the
same code path and the same SQL statements. Every attempt is recorded under keyed hashes
(:mod:`shop.pseudonyms`) of the network client, the conversation and the email, never the
values themselves. Failed checks are limited (:class:`VerificationLimits`):

- per conversation and per network client: past the limit that conversation or client is
  refused everything;
- per email and per order number, counting everyone's failures: past the limit, the clients
  that failed on that email or order are refused it; a client that has not (the real owner,
  who knows both) still gets through, so nobody can lock an owner out;
- overall: past the ceiling every check is refused until failures fall below it again, and
  reaching it writes one alert line to the log (no personal data).
"""

from __future__ import annotations

import hmac
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, or_, select, text
from sqlalchemy.orm import Session

from core.db.base import utc_now
from core.db.database import Database
from core.db.models import Customer, Order, VerificationAttempt
from core.errors import VerificationLocked
from core.settings import Settings, get_settings
from core.views import OrderView
from shop.orders import Clock, load_order_view, normalise_order_number
from shop.pseudonyms import pseudonym

__all__ = [
    "AttemptKeys",
    "Limit",
    "VerificationLimits",
    "VerificationService",
    "normalise_email",
]

logger = logging.getLogger(__name__)

# Compared against when the order does not exist, so that path does the same work.
_NO_EMAIL = "\x00" * 32
#: Checks run one at a time: counting the failures and recording the attempt must not
#: interleave, or concurrent checks all pass a limit that allows one more (the action
#: server runs actions on several threads, and a deployment runs several action servers).
#: In a process, a lock; across processes on PostgreSQL, a transaction-scoped advisory lock.
_ONE_AT_A_TIME = threading.Lock()
_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(7460696323)")


def normalise_email(email: str) -> str:
    """Email as compared: trimmed and lower-cased."""
    return email.strip().lower()


@dataclass(frozen=True)
class Limit:
    """At most ``failures`` failed checks within the last ``minutes``."""

    failures: int
    minutes: int


@dataclass(frozen=True)
class VerificationLimits:
    """The limits on failed checks, each with its own window."""

    conversation: Limit
    client: Limit
    email: Limit
    order: Limit
    overall: Limit

    @classmethod
    def from_settings(cls, settings: Settings) -> VerificationLimits:
        """The limits the settings name (``SHOPBOT_*_FAILURE_LIMIT`` and windows)."""
        return cls(
            conversation=Limit(
                settings.max_verification_failures, settings.conversation_failure_window_minutes
            ),
            client=Limit(settings.client_failure_limit, settings.client_failure_window_minutes),
            email=Limit(settings.email_failure_limit, settings.email_failure_window_minutes),
            order=Limit(settings.order_failure_limit, settings.order_failure_window_minutes),
            overall=Limit(settings.global_failure_limit, settings.global_failure_window_minutes),
        )


@dataclass(frozen=True)
class AttemptKeys:
    """The keyed hashes an attempt is stored and counted under."""

    client: str
    conversation: str
    email: str

    @classmethod
    def of(cls, secret: str, *, client: str, conversation: str, email: str) -> AttemptKeys:
        """Keys of a network client id, a conversation id and an email (normalised)."""
        return cls(
            client=pseudonym(secret, "client", client),
            conversation=pseudonym(secret, "conversation", conversation),
            email=pseudonym(secret, "email", normalise_email(email)),
        )


class VerificationService:
    """Verifies that a shopper owns an order, within the limits on failed checks."""

    def __init__(
        self, db: Database, settings: Settings | None = None, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._settings = settings or get_settings()
        self._clock = clock
        self.limits = VerificationLimits.from_settings(self._settings)

    def keys(self, *, client: str, conversation: str, email: str) -> AttemptKeys:
        """The keys of an attempt (needs ``SHOPBOT_CLIENT_KEY_SECRET``)."""
        secret = self._settings.require_secret("client_key_secret")
        return AttemptKeys.of(secret, client=client, conversation=conversation, email=email)

    def verify(
        self, order_number: str, email: str, *, client: str, conversation: str
    ) -> OrderView | None:
        """The order if ``email`` is the email on it, else ``None``.

        ``client`` is the network client's pseudonymous id (the channel's
        ``shopbot_client``), ``conversation`` the conversation id. Raises
        :class:`VerificationLocked` before looking anything up when a limit holds for this
        attempt; otherwise the attempt is recorded, success or not.
        """
        keys = self.keys(client=client, conversation=conversation, email=email)
        number = normalise_order_number(order_number)
        with _ONE_AT_A_TIME, self._db.session() as session:
            if session.get_bind().dialect.name == "postgresql":
                session.execute(_ADVISORY_LOCK)
            overall = self._failures(session, self.limits.overall)
            if overall >= self.limits.overall.failures:
                raise VerificationLocked("verification is suspended: too many failures overall")
            self._refuse_when_locked(session, keys, number)
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
                    client_key=keys.client,
                    conversation_key=keys.conversation,
                    email_key=keys.email,
                    order_number=number,
                    success=success,
                    created_at=self._clock(),
                )
            )
            if not success and overall + 1 == self.limits.overall.failures:
                self._alert()
            return load_order_view(session, number) if success else None

    def forget(self, *, conversation: str | None = None, email: str | None = None) -> int:
        """Delete the attempts of a conversation id or naming an email; how many."""
        secret = self._settings.require_secret("client_key_secret")
        wanted: list[ColumnElement[bool]] = []
        if conversation is not None:
            key = pseudonym(secret, "conversation", conversation)
            wanted.append(VerificationAttempt.conversation_key == key)
        if email is not None:
            key = pseudonym(secret, "email", normalise_email(email))
            wanted.append(VerificationAttempt.email_key == key)
        if not wanted:
            return 0
        with self._db.session() as session:
            result = session.execute(delete(VerificationAttempt).where(or_(*wanted)))
            return int(getattr(result, "rowcount", 0) or 0)

    def _refuse_when_locked(self, session: Session, keys: AttemptKeys, number: str) -> None:
        limits = self.limits
        in_conversation = VerificationAttempt.conversation_key == keys.conversation
        if self._failures(session, limits.conversation, in_conversation) >= (
            limits.conversation.failures
        ):
            raise VerificationLocked("too many failed attempts in this conversation")
        from_client = VerificationAttempt.client_key == keys.client
        if self._failures(session, limits.client, from_client) >= limits.client.failures:
            raise VerificationLocked("too many failed attempts from this client")
        if self._shared_lock_holds(
            session, limits.email, VerificationAttempt.email_key == keys.email, keys.client
        ):
            raise VerificationLocked("too many failed attempts for this email")
        if self._shared_lock_holds(
            session, limits.order, VerificationAttempt.order_number == number, keys.client
        ):
            raise VerificationLocked("too many failed attempts for this order")

    def _since(self, limit: Limit) -> datetime:
        return self._clock() - timedelta(minutes=limit.minutes)

    def _failures(self, session: Session, limit: Limit, *conditions: ColumnElement[bool]) -> int:
        """Failures within the limit's window (of everyone, or matching ``conditions``)."""
        return int(
            session.scalar(
                select(func.count())
                .select_from(VerificationAttempt)
                .where(
                    VerificationAttempt.success.is_(False),
                    VerificationAttempt.created_at >= self._since(limit),
                    *conditions,
                )
            )
            or 0
        )

    def _shared_lock_holds(
        self, session: Session, limit: Limit, subject: ColumnElement[bool], client_key: str
    ) -> bool:
        """Whether everyone's failures on ``subject`` reached the limit and this client is
        one of those who failed on it."""
        everyone, mine = session.execute(
            select(
                func.count(),
                func.count().filter(VerificationAttempt.client_key == client_key),
            )
            .select_from(VerificationAttempt)
            .where(
                subject,
                VerificationAttempt.success.is_(False),
                VerificationAttempt.created_at >= self._since(limit),
            )
        ).one()
        return int(everyone) >= limit.failures and int(mine) > 0

    def _alert(self) -> None:
        overall = self.limits.overall
        logger.critical(
            "ALERT verification ceiling reached: %d failed order checks within %d minutes "
            "across all clients; every check is refused until they fall below it",
            overall.failures,
            overall.minutes,
        )
