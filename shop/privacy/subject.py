"""Whom an erasure is about: one conversation, or a shopper known by their email.

A shopper's conversations are those that verified one of their orders (the
``verified_order`` slot) or mention their email or phone number anywhere in their events,
and those whose id holds the phone number (a Twilio or WhatsApp conversation), in any of
the event stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select

from core.db.database import Database
from core.db.models import Customer, Order
from shop.privacy.event_stores import EventStore
from shop.verification import normalise_email

__all__ = ["ErasureSubject", "phone_forms", "subject_of_conversation", "subject_of_email"]

_NOT_DIGIT = re.compile(r"\D")
#: A phone number shorter than this (digits) is too short to look for in conversation ids.
_MIN_PHONE_DIGITS = 7


@dataclass(frozen=True)
class ErasureSubject:
    """The conversations to erase and, when the shopper is known by email, who they are."""

    conversations: frozenset[str]
    email: str | None = None
    customer_id: int | None = None
    order_numbers: frozenset[str] = field(default_factory=frozenset)
    phones: frozenset[str] = field(default_factory=frozenset)

    @property
    def by_email(self) -> bool:
        """Whether the erasure names a shopper (else one conversation)."""
        return self.email is not None


def phone_forms(phone: str | None) -> set[str]:
    """The ways a phone number is written in messages and ids: as stored, without spaces
    and separators (``+447700900059``), and its digits alone."""
    if not phone or not phone.strip():
        return set()
    digits = _NOT_DIGIT.sub("", phone)
    forms = {phone.strip()}
    if len(digits) >= _MIN_PHONE_DIGITS:
        forms |= {digits, "+" + digits if phone.strip().startswith("+") else digits}
    return forms


def subject_of_conversation(conversation_id: str) -> ErasureSubject:
    """One conversation, nothing else."""
    return ErasureSubject(conversations=frozenset({conversation_id}))


def subject_of_email(
    email: str, database: Database, stores: Iterable[EventStore]
) -> ErasureSubject:
    """The shopper with ``email``: their customer record and orders (when they have an
    account) and every conversation of theirs that the stores hold."""
    wanted = normalise_email(email)
    with database.session() as session:
        customer = session.execute(
            select(Customer.id, Customer.phone).where(Customer.email == wanted)
        ).first()
        numbers: set[str] = set()
        if customer is not None:
            numbers = set(
                session.scalars(select(Order.order_number).where(Order.customer_id == customer.id))
            )
    phones = phone_forms(customer.phone if customer is not None else None)
    conversations: set[str] = set()
    for store in stores:
        if not store.exists():
            continue
        conversations |= store.senders_mentioning({wanted, *phones})
        conversations |= store.senders_with_slot("verified_order", numbers)
        conversations |= store.senders_named_like(
            form for form in phones if len(_NOT_DIGIT.sub("", form)) >= _MIN_PHONE_DIGITS
        )
    return ErasureSubject(
        conversations=frozenset(conversations),
        email=wanted,
        customer_id=customer.id if customer is not None else None,
        order_numbers=frozenset(numbers),
        phones=frozenset(phones),
    )
