"""Messages a Rasa server took and never answered are reported in the log, with their id.

Rasa saves a turn once, at its end (``MessageProcessor.handle_message`` ends with
``save_tracker``). A Rasa server that dies while it handles a message (killed, out of
memory, the machine gone) leaves nothing of that turn in the tracker store, and the caller
gets no answer: nginx answers the REST channel 502 (it never sends a POST that reached a
server to another one), a messaging platform's webhook call fails (Telegram and Messenger
send it again later, Twilio does not), the widget's socket closes. Nothing on the servers'
side would show that the message ever arrived.

Here every Rasa server on PostgreSQL (the production profile's tracker store) notes the
messages it is handling in the tracker store's database, table ``shopbot_accepted_messages``
(one row per message: its id, conversation, channel, the server, a lease):

- **accepted**: the row is written when the message comes in, before the conversation's
  lock is waited for; the log says ``accepted: <message id> sender=<conversation>
  channel=<channel>``;
- **saved**: when Rasa's turn has ended (handled and saved), the row goes and the log says
  ``saved: <message id> ...``; a turn that failed instead (the tracker store unavailable:
  the REST caller got 503; cancelled; an error) says ``not taken: <message id> ...``;
- **lost**: right after it starts and every :data:`ROUND_SECONDS`, each server renews the
  lease of its own rows and looks for rows whose lease ended, held by a server that stopped
  renewing them (it died). Each such row is claimed by one server (a delete only one can
  win) and reported as a warning: ``lost: <message id> sender=... channel=... accepted
  <time>: never stored, never answered`` when the tracker store does not have the message,
  or ``unconfirmed: <message id> ...`` when it has it (the server died after saving, before
  its answer went out: the shopper may not have seen the reply).

The message id is Rasa's (``UserMessage.message_id``, kept in the stored ``user`` event's
``message_id``). A server that stalled for longer than the lease and finds its row taken
says ``answered after all: <message id>``. A graceful stop (SIGTERM: supervisord's stop,
``restart``) lets the turns in flight finish first (Sanic waits up to 15 s), so only a
server that dies, or one whose turn outlasts the graceful wait, leaves rows behind.

Only on PostgreSQL: on SQLite (``make run``: one server, one file) two more synchronous
commits a turn would slow every turn of the embedded default, and no other server is there
to report. A journal that cannot be written (the database restarting) is logged once, and
the message is handled without it; a row that could not be removed after its turn is
removed at the next round.

:func:`install` (run by ``bot/server.py``) wraps ``Agent.handle_message`` and starts the
rounds when the agent is loaded.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from typing import Any, TypeVar

import rasa.core.run
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from sqlalchemy.engine.base import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.inspection import inspect
from sqlalchemy.sql.expression import text

__all__ = [
    "INSTANCE_ID",
    "LEASE_SECONDS",
    "ROUND_SECONDS",
    "TABLE",
    "Accepted",
    "MessageJournal",
    "install",
    "journal_of",
    "report_round",
    "uninstall",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")
#: This process, as the holder of its rows.
INSTANCE_ID = uuid.uuid4().hex
#: The table (named as it is in the statements below).
TABLE = "shopbot_accepted_messages"
#: How long a row outlives the last renewal by its server.
LEASE_SECONDS = 30.0
#: How often a server renews its rows and looks for those of stopped servers.
ROUND_SECONDS = 10.0
_JOURNAL = "_shopbot_message_journal"

_CREATE = (
    "CREATE TABLE IF NOT EXISTS shopbot_accepted_messages ("
    "message_id VARCHAR(255) PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
    "channel VARCHAR(255) NOT NULL, owner VARCHAR(64) NOT NULL, accepted_at FLOAT NOT NULL, "
    "lease_until FLOAT NOT NULL)"
)
_INSERT = text(
    "INSERT INTO shopbot_accepted_messages "
    "(message_id, sender_id, channel, owner, accepted_at, lease_until) "
    "VALUES (:message, :sender, :channel, :owner, :at, :until) "
    "ON CONFLICT (message_id) DO NOTHING"
)
_FINISH = text(
    "DELETE FROM shopbot_accepted_messages WHERE message_id = :message AND owner = :owner"
)
_RENEW = text("UPDATE shopbot_accepted_messages SET lease_until = :until WHERE owner = :owner")
_EXPIRED = text(
    "SELECT message_id, sender_id, channel, owner, accepted_at FROM shopbot_accepted_messages "
    "WHERE lease_until < :now ORDER BY accepted_at"
)
_CLAIM = text(
    "DELETE FROM shopbot_accepted_messages "
    "WHERE message_id = :message AND owner = :owner AND lease_until < :now"
)
#: Whether the tracker store holds the message (Rasa's ``events`` table, its ``sender_id``
#: index; the id is a quoted value of the event's JSON).
_STORED = text(
    "SELECT 1 FROM events WHERE sender_id = :sender AND type_name = 'user' "
    "AND data LIKE :pattern LIMIT 1"
)


@dataclass(frozen=True)
class Accepted:
    """A message a server took: its id, conversation and channel, who took it and when."""

    message_id: str
    sender_id: str
    channel: str
    owner: str = INSTANCE_ID
    accepted_at: float = 0.0

    def describe(self) -> str:
        """``<id> sender=<conversation> channel=<channel>`` for the log."""
        return f"{self.message_id} sender={self.sender_id} channel={self.channel}"


class MessageJournal:
    """The messages in flight of every Rasa server on one database."""

    def __init__(
        self, engine: Engine, owner: str = INSTANCE_ID, lease_seconds: float = LEASE_SECONDS
    ) -> None:
        self.engine = engine
        self.owner = owner
        self.lease_seconds = lease_seconds
        self._created = False
        #: Rows of ended turns whose removal failed (the database away): removed next round.
        self.unfinished: list[Accepted] = []

    def create(self) -> None:
        """The table, once (two servers starting together may both try: one wins)."""
        if self._created:
            return
        try:
            with self.engine.begin() as connection:
                connection.exec_driver_sql(_CREATE)
        except SQLAlchemyError:
            if not inspect(self.engine).has_table(TABLE):
                raise
        self._created = True

    def accept(self, message: UserMessage) -> Accepted | None:
        """Note ``message`` as taken by this server; None when its id is noted already."""
        self.create()
        now = time.time()
        entry = Accepted(
            message_id=str(message.message_id),
            sender_id=str(message.sender_id),
            channel=str(message.input_channel or ""),
            owner=self.owner,
            accepted_at=now,
        )
        with self.engine.begin() as connection:
            inserted = connection.execute(
                _INSERT,
                {
                    "message": entry.message_id,
                    "sender": entry.sender_id,
                    "channel": entry.channel,
                    "owner": self.owner,
                    "at": now,
                    "until": now + self.lease_seconds,
                },
            )
        return entry if inserted.rowcount == 1 else None

    def finish(self, entry: Accepted) -> bool:
        """Remove the row of a turn that ended; False when another server had claimed it."""
        with self.engine.begin() as connection:
            removed = connection.execute(
                _FINISH, {"message": entry.message_id, "owner": self.owner}
            )
        return bool(removed.rowcount == 1)

    def renew(self) -> int:
        """Extend the lease of this server's rows; how many there are."""
        self.create()
        with self.engine.begin() as connection:
            renewed = connection.execute(
                _RENEW, {"until": time.time() + self.lease_seconds, "owner": self.owner}
            )
        return int(renewed.rowcount or 0)

    def claim_expired(self) -> list[Accepted]:
        """The rows whose lease ended, each removed by (and returned to) one server only."""
        self.create()
        now = time.time()
        with self.engine.begin() as connection:
            expired = connection.execute(_EXPIRED, {"now": now}).fetchall()
        claimed: list[Accepted] = []
        for message_id, sender_id, channel, owner, accepted_at in expired:
            with self.engine.begin() as connection:
                won = connection.execute(
                    _CLAIM, {"message": message_id, "owner": owner, "now": now}
                )
            if won.rowcount == 1:
                claimed.append(
                    Accepted(str(message_id), str(sender_id), str(channel), str(owner), accepted_at)
                )
        return claimed

    def stored(self, entry: Accepted) -> bool:
        """Whether the tracker store holds the message (its ``user`` event)."""
        pattern = f'%"message_id": "{_like_literal(entry.message_id)}"%'
        with self.engine.connect() as connection:
            found = connection.execute(_STORED, {"sender": entry.sender_id, "pattern": pattern})
            return found.first() is not None


def _like_literal(value: str) -> str:
    """``value`` inside a LIKE pattern, its wildcards taken as themselves where the
    database's default escape applies (message ids are hex in practice)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def journal_of(store: Any) -> MessageJournal | None:
    """The journal of a tracker store on PostgreSQL (None: another database or store)."""
    store = getattr(store, "_tracker_store", store)  # Rasa's fail-safe wrapper
    engine = getattr(store, "engine", None)
    if not isinstance(engine, Engine) or engine.dialect.name != "postgresql":
        return None
    journal = store.__dict__.get(_JOURNAL)
    if not isinstance(journal, MessageJournal) or journal.engine is not engine:
        journal = store.__dict__[_JOURNAL] = MessageJournal(engine)
    return journal


def _when(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")


def report_round(journal: MessageJournal) -> list[tuple[str, Accepted]]:
    """One round: renew this server's rows, report those of stopped servers in the log.
    What was reported: ("lost" or "unconfirmed", the row)."""
    for entry in list(journal.unfinished):
        journal.finish(entry)
        journal.unfinished.remove(entry)
    journal.renew()
    reported: list[tuple[str, Accepted]] = []
    for entry in journal.claim_expired():
        if journal.stored(entry):
            logger.warning(
                "unconfirmed: %s accepted %s by a Rasa server that stopped: stored in the "
                "tracker store, but the answer may not have reached the shopper",
                entry.describe(),
                _when(entry.accepted_at),
            )
            reported.append(("unconfirmed", entry))
        else:
            logger.warning(
                "lost: %s accepted %s by a Rasa server that stopped: never stored, never answered",
                entry.describe(),
                _when(entry.accepted_at),
            )
            reported.append(("lost", entry))
    return reported


class _Quiet:
    """The journal's database calls, off the event loop; a failure is logged once per
    outage and the message goes on without the journal."""

    failing = False

    @classmethod
    async def call(cls, work: Callable[[], T], what: str) -> T | None:
        try:
            result = await asyncio.to_thread(work)
        except SQLAlchemyError as error:
            if not cls.failing:
                logger.warning(
                    "the journal of accepted messages cannot %s (%s): messages go on "
                    "without it until the database answers",
                    what,
                    type(error).__name__,
                )
            cls.failing = True
            return None
        if cls.failing:
            logger.info("the journal of accepted messages is written again")
        cls.failing = False
        return result


#: Rasa's functions this module wraps.
ORIGINALS: dict[str, Any] = {
    "Agent.handle_message": Agent.handle_message,
    "rasa.core.run.load_agent_on_start": rasa.core.run.load_agent_on_start,
}


async def handle_message(self: Agent, message: UserMessage) -> Any:
    """Rasa's ``Agent.handle_message``, the message noted while its turn runs."""
    handle: Callable[[Agent, UserMessage], Awaitable[Any]] = ORIGINALS["Agent.handle_message"]
    journal = journal_of(self.tracker_store) if self.is_ready() else None
    if journal is None:
        return await handle(self, message)
    entry = await _Quiet.call(lambda: journal.accept(message), "note a message")
    if entry is None:
        return await handle(self, message)
    logger.info("accepted: %s", entry.describe())
    started = time.monotonic()
    try:
        result = await handle(self, message)
    except BaseException as error:
        if await _Quiet.call(lambda: journal.finish(entry), "remove a message") is None:
            journal.unfinished.append(entry)
        logger.warning("not taken: %s (%s)", entry.describe(), type(error).__name__)
        raise
    mine = await _Quiet.call(lambda: journal.finish(entry), "remove a message")
    if mine is None:
        journal.unfinished.append(entry)
    if mine is False:
        logger.warning(
            "answered after all: %s (reported by another server while this one did not "
            "renew its lease)",
            entry.describe(),
        )
    else:
        logger.info("saved: %s (%.0f ms)", entry.describe(), (time.monotonic() - started) * 1000)
    return result


#: The rounds' tasks (kept referenced while they run).
_ROUNDS: set[asyncio.Task[None]] = set()


async def _rounds(app: Any) -> None:
    """:func:`report_round` every :data:`ROUND_SECONDS`, for as long as the server runs."""
    while True:
        agent = getattr(app.ctx, "agent", None)
        journal = journal_of(agent.tracker_store) if agent is not None else None
        if journal is not None:
            await _Quiet.call(partial(report_round, journal), "look for lost messages")
        await asyncio.sleep(ROUND_SECONDS)


async def load_agent_on_start(*args: Any, **kwargs: Any) -> Agent:
    """Rasa's agent loading at start, then the journal's rounds (the first at once)."""
    agent: Agent = await ORIGINALS["rasa.core.run.load_agent_on_start"](*args, **kwargs)
    app = args[3] if len(args) > 3 else kwargs["app"]
    if journal_of(agent.tracker_store) is not None:
        logger.info(
            "messages in flight are noted in %s (lease %.0f s): a server's that stops is "
            "reported as lost",
            TABLE,
            LEASE_SECONDS,
        )
        task = asyncio.ensure_future(_rounds(app))
        _ROUNDS.add(task)
        task.add_done_callback(_ROUNDS.discard)
    return agent


def install() -> None:
    """Wrap Rasa's ``Agent.handle_message`` and its agent loading at start (idempotent)."""
    Agent.handle_message = handle_message  # type: ignore[method-assign]
    rasa.core.run.load_agent_on_start = load_agent_on_start


def uninstall() -> None:
    """Put Rasa's functions back (for the tests)."""
    Agent.handle_message = ORIGINALS["Agent.handle_message"]  # type: ignore[method-assign]
    rasa.core.run.load_agent_on_start = ORIGINALS["rasa.core.run.load_agent_on_start"]
