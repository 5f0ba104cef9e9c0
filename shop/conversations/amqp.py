"""RabbitMQ as Rasa's pika event broker fills it: the queue of events, taken in batches.

What Rasa 3.6 publishes (``rasa/core/brokers/pika.py``, ``PikaEventBroker``, on aio-pika
8): once connected it declares a fanout exchange ``rasa-exchange`` (``exchange_name``; not
durable, not auto-deleted), each queue named in ``queues`` durable (no arguments), and
binds each to the exchange with the routing key ``""``. Every event is one message to that
exchange: the body is ``json.dumps`` of the event's ``as_dict()`` with ``sender_id`` added
(``TrackerStore._stream_new_events``), UTF-8; ``delivery_mode`` 2 (persistent); ``app_id``
the ``RASA_ENVIRONMENT`` variable (usually none); no headers; sent with publisher confirms.
A publish that fails (no connection) is kept in the Rasa server's memory and sent again
when its connection comes back; one published before the first connection is dropped.

:class:`EventQueue` declares the same things (identical declarations are no-ops, so
whichever of Rasa and the consumer starts first, events wait in the durable queue),
consumes the queue **exclusively** (one consumer at a time: a conversation's events arrive
in the order they were published, redeliveries included, since RabbitMQ puts a message
that was delivered and not acknowledged back in its place), with a prefetch of one batch,
and acknowledges a batch (``multiple``) only after its fold has committed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import pika
from pika.adapters.blocking_connection import BlockingChannel, BlockingConnection
from pika.exceptions import AMQPError

from core.errors import EventBrokerUnavailable
from shop.conversations.broker import BrokerEvent, parse_event

__all__ = [
    "BROKER_ERRORS",
    "EXCHANGE_TYPE",
    "IDLE_SECONDS",
    "MAX_BATCH_SECONDS",
    "Delivery",
    "EventQueue",
    "describe_broker_error",
]

EXCHANGE_TYPE = "fanout"
#: A batch is folded once the queue has had nothing new for this long ...
IDLE_SECONDS = 0.05
#: ... or once its first message has waited this long.
MAX_BATCH_SECONDS = 0.5
#: How long connecting may take before RabbitMQ counts as down.
CONNECT_TIMEOUT_SECONDS = 5.0
#: Failures of RabbitMQ or of the way there.
BROKER_ERRORS: tuple[type[BaseException], ...] = (AMQPError, OSError, EventBrokerUnavailable)
#: pika logs every failed connection attempt as an error, with a traceback; the consumer
#: logs an outage once itself (``shop.conversations.amqp_follow``), so pika's own log is
#: kept to what it cannot handle.
PIKA_LOG_LEVEL = logging.CRITICAL


def describe_broker_error(error: BaseException) -> str:
    """A short, loggable description (pika's messages name the host, never the password)."""
    text = str(error).strip()
    return f"{type(error).__name__}: {text}"[:300] if text else type(error).__name__


@dataclass(frozen=True)
class Delivery:
    """One message taken from the queue: its delivery tag, whether RabbitMQ delivered it
    before (to a consumer that did not acknowledge it), and the event it carries."""

    tag: int
    redelivered: bool
    event: BrokerEvent


def _event(tag: int, body: bytes) -> BrokerEvent:
    parsed = parse_event(tag, None, body)
    return parsed if parsed is not None else BrokerEvent(tag, "", {})


class EventQueue:
    """The consumer's connection to the queue (pika's blocking connection: one thread)."""

    def __init__(self, url: str, queue: str, exchange: str, prefetch: int) -> None:
        """Connects lazily (:meth:`connect`) to ``url`` (amqp://user:password@host/vhost)."""
        logging.getLogger("pika").setLevel(PIKA_LOG_LEVEL)
        self.url = url
        self.queue = queue
        self.exchange = exchange
        self.prefetch = prefetch
        self._connection: BlockingConnection | None = None
        self._channel: BlockingChannel | None = None

    @property
    def connected(self) -> bool:
        """Whether a connection is open."""
        return self._connection is not None and bool(self._connection.is_open)

    def connect(self) -> None:
        """Open a connection and channel and declare exchange, queue and binding as Rasa
        does (raises one of :data:`BROKER_ERRORS`)."""
        self.close()
        parameters = pika.URLParameters(self.url)
        parameters.connection_attempts = 1
        parameters.socket_timeout = CONNECT_TIMEOUT_SECONDS
        parameters.blocked_connection_timeout = 60
        connection = BlockingConnection(parameters)
        try:
            channel = connection.channel()
            channel.exchange_declare(self.exchange, EXCHANGE_TYPE, durable=False)
            channel.queue_declare(self.queue, durable=True)
            channel.queue_bind(self.queue, self.exchange, routing_key="")
            channel.basic_qos(prefetch_count=self.prefetch)
        except BaseException:
            _close(connection)
            raise
        self._connection, self._channel = connection, channel

    def _open_channel(self) -> BlockingChannel:
        if self._channel is None or not self.connected:
            raise EventBrokerUnavailable("not connected to RabbitMQ")
        return self._channel

    def depth(self) -> int:
        """Messages ready in the queue (not counting those delivered and unacknowledged)."""
        result = self._open_channel().queue_declare(self.queue, durable=True, passive=True)
        return int(result.method.message_count)

    def take(self, size: int, idle: float = IDLE_SECONDS) -> list[Delivery]:
        """Up to ``size`` messages: as many as arrive until the queue is quiet for ``idle``
        seconds or the first has waited :data:`MAX_BATCH_SECONDS` (empty: nothing came)."""
        channel = self._open_channel()
        # The first call starts the (exclusive) consumer; later ones resume it.
        stream = channel.consume(self.queue, exclusive=True, inactivity_timeout=idle)
        batch: list[Delivery] = []
        deadline = time.monotonic() + MAX_BATCH_SECONDS
        for method, _properties, body in stream:
            if method is None:
                return batch
            tag = int(method.delivery_tag)
            batch.append(Delivery(tag, bool(method.redelivered), _event(tag, body)))
            if len(batch) >= size or time.monotonic() >= deadline:
                return batch
        # The generator ends when RabbitMQ cancels the consumer (the queue was deleted).
        raise EventBrokerUnavailable("RabbitMQ cancelled the consumer")

    def ack_through(self, tag: int) -> None:
        """Acknowledge every message delivered up to ``tag``."""
        self._open_channel().basic_ack(delivery_tag=tag, multiple=True)

    def sleep(self, seconds: float) -> None:
        """Wait, keeping the connection alive (heartbeats)."""
        if self._connection is not None and self.connected:
            self._connection.sleep(seconds)
        else:
            time.sleep(seconds)

    def close(self) -> None:
        """Close the connection: RabbitMQ puts unacknowledged messages back in the queue."""
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None:
            _close(connection)


def _close(connection: BlockingConnection) -> None:
    try:
        if connection.is_open:
            connection.close()
    except BROKER_ERRORS:
        pass
