"""One scan: find what needs a word, and say it where the shopper agreed, when the rules allow.

For each candidate (:mod:`~shop.proactive.detection`), newest first: skip it when the ledger
has it already; find the conversation to write to (a granted consent is required:
:mod:`~shop.proactive.recipients`); hold it back in the quiet hours or when the customer
reached the daily limit (:mod:`~shop.proactive.policy`; held back is not recorded, so a
later scan sends it while the event is still recent); otherwise claim it in the ledger and
hand it to the sender. The action that says it marks it ``sent``; a sender error, or a
notice the bot did not say, marks it ``failed`` (tried again by later scans, up to
``ledger.MAX_ATTEMPTS``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.db.base import utc_now
from core.db.database import Database
from core.errors import ShopbotError
from shop.proactive.consent import ConsentStore
from shop.proactive.detection import Candidate, find_candidates
from shop.proactive.ledger import NoticeLedger, NoticeRecord
from shop.proactive.policy import NoticePolicy
from shop.proactive.recipients import Recipient, find_recipient

__all__ = ["NoticeDeliveryError", "NoticeSender", "ProactiveScan", "ScanReport"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class NoticeDeliveryError(ShopbotError):
    """A notice could not be handed to the conversation (the message says why, no data)."""


class NoticeSender(Protocol):
    """Hands a claimed notice to the shopper's conversation."""

    def send(self, recipient: Recipient, notice: NoticeRecord) -> None:
        """Deliver it; :class:`NoticeDeliveryError` when that fails."""


@dataclass
class ScanReport:
    """What one scan found and did."""

    detected: int = 0
    sent: int = 0
    failed: int = 0
    already_noticed: int = 0
    no_consent: int = 0
    quiet_hours: int = 0
    daily_limit: int = 0
    #: The notices sent (or, in a dry run, that would be), with what became of them.
    notices: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)


class ProactiveScan:
    """Finds the orders that need a word and sends what the rules allow."""

    def __init__(
        self,
        database: Database,
        sender: NoticeSender | None,
        policy: NoticePolicy,
        *,
        lookback: timedelta,
    ) -> None:
        self._db = database
        self._sender = sender
        self._policy = policy
        self._lookback = lookback
        self.ledger = NoticeLedger(database)
        self.consents = ConsentStore(database)

    def candidates(self, now: datetime) -> list[Candidate]:
        """Everything recent enough to deserve a notice (whether or not it may go out)."""
        with self._db.session() as session:
            today = self._policy.today(now).date()
            return find_candidates(session, now, self._lookback, today)

    def run(
        self,
        now: datetime | None = None,
        *,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> ScanReport:
        """One pass; ``dry_run`` decides without claiming or sending anything."""
        now = now or utc_now()
        found = self.candidates(now)
        report = ScanReport(detected=len(found))
        recipients: dict[int, Recipient | None] = {}
        quiet = self._policy.is_quiet(now)
        day_start = self._policy.day_start(now)
        planned: dict[int, int] = {}
        for done, candidate in enumerate(found, start=1):
            if progress is not None:
                progress(done, len(found))
            if self.ledger.known(candidate):
                report.already_noticed += 1
                continue
            if candidate.customer_id not in recipients:
                consents = self.consents.granted(candidate.customer_id)
                recipients[candidate.customer_id] = find_recipient(
                    self._db, candidate.customer_id, consents
                )
            recipient = recipients[candidate.customer_id]
            if recipient is None:
                report.no_consent += 1
                if dry_run:  # a dry run names them too: which orders would need consent
                    report.notices.append(_entry(candidate, None, "no_consent"))
                continue
            if quiet:
                report.quiet_hours += 1
                continue
            today = self.ledger.delivered_since(candidate.customer_id, day_start)
            if self._policy.over_limit(today + planned.get(candidate.customer_id, 0)):
                report.daily_limit += 1
                continue
            if dry_run:
                planned[candidate.customer_id] = planned.get(candidate.customer_id, 0) + 1
                report.notices.append(_entry(candidate, recipient, "would_send"))
                continue
            self._send(candidate, recipient, now, report)
        return report

    def _send(
        self, candidate: Candidate, recipient: Recipient, now: datetime, report: ScanReport
    ) -> None:
        notice = self.ledger.claim(
            candidate,
            conversation_id=recipient.conversation_id,
            channel=recipient.channel,
            language=recipient.language,
            now=now,
        )
        if notice is None:
            report.already_noticed += 1
            return
        if self._sender is None:
            raise ValueError("a scan that sends needs a sender")
        try:
            self._sender.send(recipient, notice)
        except NoticeDeliveryError as error:
            self._fail(notice, str(error), candidate, recipient, report)
            return
        after = self.ledger.get(notice.id)
        if after is None or after.status == "pending":
            self._fail(notice, "the bot did not say the notice", candidate, recipient, report)
            return
        report.sent += 1
        report.notices.append(_entry(candidate, recipient, after.status, notice.id))

    def _fail(
        self,
        notice: NoticeRecord,
        reason: str,
        candidate: Candidate,
        recipient: Recipient,
        report: ScanReport,
    ) -> None:
        logger.warning("notice %d (%s) failed: %s", notice.id, notice.kind, reason)
        self.ledger.mark_failed(notice.id, reason)
        report.failed += 1
        report.notices.append(_entry(candidate, recipient, "failed", notice.id))


def _entry(
    candidate: Candidate, recipient: Recipient | None, status: str, notice_id: int | None = None
) -> dict[str, Any]:
    return {
        "notice": notice_id,
        "order_number": candidate.order_number,
        "kind": candidate.kind,
        "event": candidate.event_key,
        "channel": recipient.channel if recipient else None,
        "language": recipient.language if recipient else None,
        "status": status,
    }
