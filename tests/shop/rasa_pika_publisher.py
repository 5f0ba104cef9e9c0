"""Rasa's own pika event broker, run in the Rasa environment for the RabbitMQ consumer's
tests: messages go out exactly as a Rasa server sends them.

The broker is made as Rasa makes it from ``endpoints.production.yml``
(``EventBroker.create`` of an ``event_broker`` endpoint of type ``pika`` with ``url``,
``username``, ``password`` and ``queues``), and each event is published as
``TrackerStore._stream_new_events`` does: ``{"sender_id": ...}`` updated with the event's
dictionary, handed to ``PikaEventBroker.publish``.

Run ``.venv-rasa/bin/python tests/shop/rasa_pika_publisher.py HOST_URL USER PASSWORD QUEUE
[EXCHANGE]``. It prints ``{"ready": ...}`` once connected (or ``{"error": ...}`` and stops),
then reads one JSON command a line on stdin and answers one JSON line on stdout:

- ``{"publish": [[sender_id, event], ...]}``: publish them, wait until Rasa's background
  publishing tasks are done (Rasa itself never waits: a turn does not), answer
  ``{"published": n, "unpublished": k, "ready": bool, "seconds": s}``; ``unpublished`` is
  the length of Rasa's queue of messages kept for its next reconnection;
- ``{"status": true}``: ``{"unpublished": k, "ready": bool}``.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any


async def main(host: str, username: str, password: str, queue: str, exchange: str) -> None:
    import structlog

    # Rasa's broker logs each publish through structlog, which prints to stdout by default.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    # A Rasa server has the events module loaded; pika.py uses it without importing it.
    import rasa.shared.core.events  # noqa: F401
    from rasa.core.brokers.broker import EventBroker
    from rasa.utils.endpoints import EndpointConfig

    config = EndpointConfig(
        url=host,
        type="pika",
        username=username,
        password=password,
        queues=[queue],
        exchange_name=exchange,
        connection_attempts=1,
        retry_delay_in_seconds=1,
    )
    try:
        broker: Any = await EventBroker.create(config)
    except Exception as error:  # what a Rasa server meets at start with RabbitMQ down
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        return
    print(json.dumps({"ready": broker.is_ready()}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        command = json.loads(line)
        started = time.monotonic()
        answer: dict[str, Any] = {}
        if "publish" in command:
            for sender_id, event in command["publish"]:
                body = {"sender_id": sender_id}
                body.update(event)
                broker.publish(body)
            answer["published"] = len(command["publish"])
            pending = list(broker._background_tasks)
            if pending:
                await asyncio.wait(pending, timeout=30)
        answer["unpublished"] = len(broker._unpublished_events)
        answer["ready"] = broker.is_ready()
        answer["seconds"] = round(time.monotonic() - started, 3)
        print(json.dumps(answer), flush=True)
    await broker.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    asyncio.run(main(*arguments[:4], arguments[4] if len(arguments) > 4 else "rasa-exchange"))
