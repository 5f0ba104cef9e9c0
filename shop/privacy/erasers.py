"""Erasers: each removes or anonymises one kind of record of an :class:`ErasureSubject`.

The built-in ones cover verification attempts, orders' audit references, hand-over tickets,
the customer's account and the event stores (tracker store, event broker). A part of the
project that adds tables about conversations registers its own eraser with
:func:`register_eraser` (a factory called with the :class:`PrivacyContext`); and every
other table of the shop database with a ``conversation_id`` column that no eraser claims is
swept (its rows of the erased conversations deleted), so a new table is never forgotten.

Each eraser returns ``{"<table or store.table>": rows removed or anonymised}``. The event
stores go last: the shopper's conversations are found through them, so an erasure that
fails half-way can be run again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Table, delete, inspect, select, update
from sqlalchemy.sql.schema import MetaData

from core.db.database import Database
from core.db.models import Customer, HandoverTicket, Order, Return
from core.settings import Settings
from shop.privacy.event_stores import EventStore
from shop.privacy.subject import ErasureSubject
from shop.pseudonyms import conversation_key
from shop.verification import VerificationService

__all__ = [
    "ConversationRowsSweep",
    "CustomerEraser",
    "Eraser",
    "EraserFactory",
    "EventStoreEraser",
    "OrderReferenceEraser",
    "PrivacyContext",
    "TicketEraser",
    "VerificationEraser",
    "erasers_for",
    "register_eraser",
]

#: The column that marks a table of conversation data for the sweep.
CONVERSATION_COLUMN = "conversation_id"
_CHUNK = 500


@dataclass(frozen=True)
class PrivacyContext:
    """What erasers work on: the settings, the shop database and the event stores."""

    settings: Settings
    database: Database
    stores: tuple[EventStore, ...]


class Eraser(Protocol):
    """Removes or anonymises one kind of record of a subject."""

    #: Tables of the shop database it takes care of (the sweep leaves them alone).
    tables: tuple[str, ...]

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Rows removed or anonymised, per table."""
        ...


EraserFactory = Callable[[PrivacyContext], Eraser]
_REGISTERED: list[EraserFactory] = []


def register_eraser(factory: EraserFactory) -> EraserFactory:
    """Add an eraser for tables of another part (use as a decorator); idempotent."""
    if factory not in _REGISTERED:
        _REGISTERED.append(factory)
    return factory


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


class VerificationEraser:
    """Verification attempts of the conversations, and those that named the email."""

    tables: tuple[str, ...] = ("verification_attempts",)

    def __init__(self, context: PrivacyContext) -> None:
        self._service = VerificationService(context.database, context.settings)

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Delete the attempts (keyed by conversation and email: needs the key secret)."""
        removed = sum(self._service.forget(conversation=c) for c in subject.conversations)
        if subject.email is not None:
            removed += self._service.forget(email=subject.email)
        return {"verification_attempts": removed}


class OrderReferenceEraser:
    """Orders' and returns' audit references to the conversations (keyed pseudonyms), and
    with an email, those on every order of the shopper: set to NULL, the rows stay."""

    tables: tuple[str, ...] = ("returns",)

    def __init__(self, context: PrivacyContext) -> None:
        self._database = context.database
        self._settings = context.settings

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Null the references; how many per column."""
        secret = self._settings.require_secret("client_key_secret")
        keys = [conversation_key(secret, conversation) for conversation in subject.conversations]
        counts = {"orders.cancel_conversation_id": 0, "returns.conversation_id": 0}
        with self._database.session() as session:
            for chunk in _chunks(keys):
                counts["orders.cancel_conversation_id"] += _rows(
                    session.execute(
                        update(Order)
                        .where(Order.cancel_conversation_id.in_(chunk))
                        .values(cancel_conversation_id=None)
                    )
                )
                counts["returns.conversation_id"] += _rows(
                    session.execute(
                        update(Return)
                        .where(Return.conversation_id.in_(chunk))
                        .values(conversation_id=None)
                    )
                )
            if subject.customer_id is not None:
                theirs = select(Order.id).where(Order.customer_id == subject.customer_id)
                counts["orders.cancel_conversation_id"] += _rows(
                    session.execute(
                        update(Order)
                        .where(
                            Order.customer_id == subject.customer_id,
                            Order.cancel_conversation_id.is_not(None),
                        )
                        .values(cancel_conversation_id=None)
                    )
                )
                counts["returns.conversation_id"] += _rows(
                    session.execute(
                        update(Return)
                        .where(Return.order_id.in_(theirs), Return.conversation_id.is_not(None))
                        .values(conversation_id=None)
                    )
                )
        return counts


class TicketEraser:
    """Hand-over tickets of the conversations (summaries and all)."""

    tables: tuple[str, ...] = ("handover_tickets",)

    def __init__(self, context: PrivacyContext) -> None:
        self._database = context.database

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Delete the tickets."""
        removed = 0
        with self._database.session() as session:
            for chunk in _chunks(subject.conversations):
                removed += _rows(
                    session.execute(
                        delete(HandoverTicket).where(HandoverTicket.conversation_id.in_(chunk))
                    )
                )
        return {"handover_tickets": removed}


class CustomerEraser:
    """The shopper's account, anonymised: no email, name or phone is left (their orders
    stay, for the books, belonging to an anonymous customer)."""

    tables: tuple[str, ...] = ("customers",)

    def __init__(self, context: PrivacyContext) -> None:
        self._database = context.database

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Anonymise the account, when the subject has one."""
        if subject.customer_id is None:
            return {"customers": 0}
        with self._database.session() as session:
            customer = session.get(Customer, subject.customer_id)
            if customer is None:
                return {"customers": 0}
            customer.email = f"erased-{customer.id}@erased.invalid"
            customer.first_name = ""
            customer.last_name = ""
            customer.phone = None
        return {"customers": 1}


class ConversationRowsSweep:
    """Every other table of the shop database with a ``conversation_id`` column: its rows
    of the conversations are deleted (dependent rows go with them by their foreign keys'
    ``ON DELETE CASCADE``)."""

    tables: tuple[str, ...] = ()

    def __init__(self, context: PrivacyContext, claimed: Iterable[str]) -> None:
        self._database = context.database
        self._claimed = frozenset(claimed)

    def _tables(self) -> list[Table]:
        with self._database.begin() as connection:
            inspector = inspect(connection)
            names = [
                name
                for name in inspector.get_table_names()
                if name not in self._claimed
                and any(c["name"] == CONVERSATION_COLUMN for c in inspector.get_columns(name))
            ]
            metadata = MetaData()
            metadata.reflect(connection, only=names)
        return [metadata.tables[name] for name in names]

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Delete the conversations' rows, per table."""
        counts: dict[str, int] = {}
        if not subject.conversations:
            return counts
        for table in self._tables():
            column = table.c[CONVERSATION_COLUMN]
            removed = 0
            with self._database.begin() as connection:
                for chunk in _chunks(subject.conversations):
                    removed += _rows(connection.execute(delete(table).where(column.in_(chunk))))
            counts[table.name] = removed
        return counts


class EventStoreEraser:
    """Every event of the conversations in one event store."""

    tables: tuple[str, ...] = ()

    def __init__(self, store: EventStore) -> None:
        self._store = store

    def erase(self, subject: ErasureSubject) -> dict[str, int]:
        """Delete the events (nothing when the store does not exist yet)."""
        if not subject.conversations or not self._store.exists():
            return {f"{self._store.name}.events": 0}
        return {f"{self._store.name}.events": self._store.delete(subject.conversations)}


def erasers_for(context: PrivacyContext) -> list[Eraser]:
    """Every eraser, in the order they run: the shop database's built-in ones, the
    registered ones, the sweep, then the event stores."""
    built_in: list[Eraser] = [
        VerificationEraser(context),
        OrderReferenceEraser(context),
        TicketEraser(context),
        CustomerEraser(context),
    ]
    registered = [factory(context) for factory in _REGISTERED]
    claimed = {table for eraser in [*built_in, *registered] for table in eraser.tables}
    stores: list[Eraser] = [EventStoreEraser(store) for store in context.stores]
    return [*built_in, *registered, ConversationRowsSweep(context, claimed), *stores]


def _rows(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)
