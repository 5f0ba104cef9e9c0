"""The reconciliation: every shopper message of the run in a store exactly once, and every
reply the bot sent stored once beside it.

Two stores are read through SQLAlchemy URLs (SQLite in the embedded default, PostgreSQL in
production):

- **Rasa's tracker store**: its ``events`` table, rows of ``type_name = 'user'`` of the
  run's senders, in order, leaving out the external events a reminder adds
  (:func:`core.conversation_events.is_shopper_message`), and rows of ``type_name = 'bot'``,
  the bot's messages, against the replies each turn received;
- **the console's conversation summaries**: one ``conversation_turns`` row per shopper
  message, under the ``conversation_summaries`` row of its conversation, in order of
  ``position`` (:mod:`shop.conversations.fold`). A consumer folds them from the event
  broker a little after the turn, so :func:`wait_for_store` reads again until they have
  caught up, within a bound.

A message the server accepted (HTTP 200) must be there exactly once; one that got no
answer, or a server error, may be there once or not at all (it may have been handled); one
refused (4xx) must not be there. Anything else is reported: missing, duplicated, a message
never sent, and conversations whose messages are stored out of order.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import SQLAlchemyError

from core.conversation_events import is_shopper_message
from core.db.database import Database, translate_error
from core.errors import DatabaseError
from shop.conversations.tables import SUMMARIES, TURNS
from shop.feedback.tracker_events import events_table
from shopbot.benchmarks.load.records import TurnRecord

__all__ = [
    "StoreCheck",
    "StoredMessages",
    "compare",
    "message_of",
    "replies_of",
    "summary_messages",
    "tracker_messages",
    "tracker_replies",
    "wait_for_store",
]

#: Messages per conversation, in the order the store keeps them.
StoredMessages = dict[str, list[str]]
#: How many examples of mismatches a check keeps, and how much of each text.
EXAMPLES = 5
EXAMPLE_CHARACTERS = 60


@dataclass
class StoreCheck:
    """One store against what was sent."""

    store: str
    conversations: int = 0
    expected: int = 0
    stored: int = 0
    missing: int = 0
    duplicated: int = 0
    unexpected: int = 0
    #: Messages that got no answer (or a server error) and are there once: allowed.
    in_doubt_stored: int = 0
    out_of_order: int = 0
    #: Seconds spent waiting for the store to catch up.
    waited_seconds: float = 0.0
    error: str | None = None
    examples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every accepted message exactly once, nothing else, in order."""
        return self.error is None and not (
            self.missing or self.duplicated or self.unexpected or self.out_of_order
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with ``ok``."""
        return {
            "store": self.store,
            "ok": self.ok,
            "conversations": self.conversations,
            "expected": self.expected,
            "stored": self.stored,
            "exactly_once": self.expected - self.missing,
            "missing": self.missing,
            "duplicated": self.duplicated,
            "unexpected": self.unexpected,
            "in_doubt_stored": self.in_doubt_stored,
            "out_of_order": self.out_of_order,
            "waited_seconds": round(self.waited_seconds, 1),
            "error": self.error,
            "examples": self.examples,
        }


def _note(check: StoreCheck, what: str, text: str) -> None:
    if len(check.examples) < EXAMPLES:
        shown = text if len(text) <= EXAMPLE_CHARACTERS else text[:EXAMPLE_CHARACTERS] + "…"
        check.examples.append(f"{what}: {shown!r}")


#: What a turn put into a store: its message, or the bot's replies to it.
Items = Callable[[TurnRecord], list[str]]


def message_of(record: TurnRecord) -> list[str]:
    """The shopper's message of a turn."""
    return [record.text]


def replies_of(record: TurnRecord) -> list[str]:
    """The bot's replies to a turn, as received."""
    return list(record.replies)


def compare(
    store: str,
    records: Sequence[TurnRecord],
    stored: Mapping[str, list[str]],
    *,
    items: Items = message_of,
) -> StoreCheck:
    """What ``stored`` (per sender, the run's senders only) holds against what the turns
    ``records`` sent (``items``: their messages, or the replies they received; see the
    module docstring for the rules). What a turn without an answer left in the store is
    known for its message, not for its replies: a conversation with such a turn may hold
    replies nobody received."""
    check = StoreCheck(store=store)
    sent: dict[str, list[TurnRecord]] = {}
    for record in records:
        sent.setdefault(record.sender, []).append(record)
    check.conversations = len(sent)
    for sender in sorted(set(sent) | set(stored)):
        _compare_conversation(
            check, sender, sent.get(sender, []), stored.get(sender, []), items=items
        )
    return check


def _compare_conversation(
    check: StoreCheck, sender: str, sent: list[TurnRecord], stored: list[str], *, items: Items
) -> None:
    accepted = [item for record in sent if record.accepted for item in items(record)]
    doubtful = [record for record in sent if record.in_doubt]
    in_doubt = Counter(item for record in doubtful for item in items(record))
    unknown = bool(doubtful) and items is not message_of
    held = Counter(stored)
    wanted = Counter(accepted)
    check.expected += len(accepted)
    check.stored += len(stored)
    for text in wanted.keys() | held.keys():
        have, want, doubt = held[text], wanted[text], in_doubt[text]
        if have < want:
            check.missing += want - have
            _note(check, f"missing in {sender}", text)
        elif have > want + doubt and not unknown:
            extra = have - want - doubt
            if want or doubt:
                check.duplicated += extra
                _note(check, f"stored {have} times in {sender}", text)
            else:
                check.unexpected += extra
                _note(check, f"never sent, stored in {sender}", text)
        check.in_doubt_stored += max(have - want, 0) if unknown else min(max(have - want, 0), doubt)
    if not doubtful and held == wanted and stored != accepted:
        check.out_of_order += 1
        _note(check, f"out of order in {sender}", " / ".join(stored))


def _read(database: Database, what: str, statement: Select[Any]) -> list[Any]:
    try:
        with database.engine.connect() as connection:
            return list(connection.execute(statement))
    except SQLAlchemyError as error:
        translated = translate_error(error, database.url)
        if translated is not None:
            raise translated from error
        raise DatabaseError(f"cannot read {what}: {type(error).__name__}") from error


def _require_file(database: Database, what: str) -> None:
    url = database.url
    file = url.database if url.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).expanduser().is_file():
        raise DatabaseError(f"{what}: no such file {file}")


def _tracker_texts(
    database: Database, prefix: str, type_name: str, keep: Callable[[dict[str, Any]], bool]
) -> StoredMessages:
    _require_file(database, "the tracker store")
    statement = (
        select(events_table.c.sender_id, events_table.c.data)
        .where(events_table.c.type_name == type_name)
        .where(events_table.c.sender_id.startswith(prefix, autoescape=True))
        .order_by(events_table.c.id)
    )
    texts: StoredMessages = {}
    for sender, data in _read(database, "the tracker store", statement):
        try:
            event = json.loads(data) if data else None
        except ValueError:
            event = None
        if not isinstance(event, dict):
            texts.setdefault(str(sender), []).append("")  # unreadable: counted, never matched
        elif keep(event):
            texts.setdefault(str(sender), []).append(str(event.get("text") or ""))
    return texts


def tracker_messages(database: Database, prefix: str) -> StoredMessages:
    """The shopper messages of every conversation whose id starts with ``prefix``, from
    Rasa's tracker store (``events``, ``type_name = 'user'``), in order."""
    return _tracker_texts(database, prefix, "user", is_shopper_message)


def tracker_replies(database: Database, prefix: str) -> StoredMessages:
    """The bot's messages (their texts) of every conversation whose id starts with
    ``prefix``, from Rasa's tracker store (``type_name = 'bot'``), in order."""
    return _tracker_texts(database, prefix, "bot", lambda _: True)


def summary_messages(database: Database, prefix: str) -> StoredMessages:
    """The shopper messages of every conversation whose id starts with ``prefix``, from the
    console's summaries (a ``conversation_turns`` row each), in order."""
    _require_file(database, "the conversation summaries")
    statement = (
        select(SUMMARIES.c.conversation_id, TURNS.c.text)
        .join_from(TURNS, SUMMARIES, TURNS.c.conversation_pk == SUMMARIES.c.id)
        .where(SUMMARIES.c.conversation_id.startswith(prefix, autoescape=True))
        .order_by(SUMMARIES.c.conversation_id, TURNS.c.position)
    )
    messages: StoredMessages = {}
    for conversation, text in _read(database, "the conversation summaries", statement):
        messages.setdefault(str(conversation), []).append(str(text or ""))
    return messages


def wait_for_store(
    store: str,
    read: Callable[[], StoredMessages],
    records: Sequence[TurnRecord],
    *,
    timeout: float,
    items: Items = message_of,
    interval: float = 1.0,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> StoreCheck:
    """Read the store until nothing is missing (a consumer may still be folding), at most
    ``timeout`` seconds; the last comparison. A database failure ends the wait with the
    error in the check."""
    started = clock()
    while True:
        try:
            check = compare(store, records, read(), items=items)
        except DatabaseError as error:
            check = StoreCheck(store=store, error=str(error))
            check.waited_seconds = clock() - started
            return check
        check.waited_seconds = clock() - started
        if not check.missing or check.waited_seconds >= timeout:
            return check
        sleep(interval)
