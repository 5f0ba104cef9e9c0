"""Actions run off the server's event loop, on a bounded pool of threads (actions/threads.py).

The executor is rasa-sdk's, driven as its webhook drives it (``await executor.run(call)``);
the end-to-end proof with a real database stall is tests/e2e/test_action_concurrency.py.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError
from rasa_sdk.executor import CollectingDispatcher
from sanic import Sanic
from sqlalchemy import event

from actions.order_form import ValidateOrderForm
from actions.server import build_app
from actions.services import Services
from actions.threads import ActionThreads, ThreadedActionExecutor
from core.settings import Settings
from tests.actions.conftest import first_order
from tests.actions.support import domain, make_tracker, slot, user

#: Long enough for a slow machine, short enough that a blocked test fails quickly.
WAIT = 10.0


@pytest.fixture
def threads() -> Iterator[ActionThreads]:
    pool = ActionThreads(2)
    yield pool
    pool.shutdown()


def call(name: str, events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The body rasa-sdk's webhook hands to the executor."""
    tracker = make_tracker(events or [user("hi", "greet")])
    return {"next_action": name, "tracker": tracker.current_state(), "domain": {"slots": {}}}


def test_a_blocked_action_does_not_hold_another(threads: ActionThreads) -> None:
    executor = ThreadedActionExecutor(threads)
    release = threading.Event()

    def stalled(dispatcher: CollectingDispatcher, tracker: Any, domain: Any) -> list[Any]:
        assert release.wait(WAIT), "never released"
        dispatcher.utter_message(response="utter_stalled")
        return []

    async def quick(dispatcher: CollectingDispatcher, tracker: Any, domain: Any) -> list[Any]:
        dispatcher.utter_message(response="utter_greet")
        return []

    executor.register_function("stalled", stalled)
    executor.register_function("quick", quick)

    async def scenario() -> None:
        slow = asyncio.ensure_future(executor.run(call("stalled")))
        await asyncio.sleep(0.05)
        answer = await asyncio.wait_for(executor.run(call("quick")), WAIT)
        assert answer is not None and answer.responses[0]["response"] == "utter_greet"
        assert not slow.done()
        release.set()
        stalled_answer = await asyncio.wait_for(slow, WAIT)
        assert stalled_answer is not None
        assert stalled_answer.responses[0]["response"] == "utter_stalled"

    asyncio.run(scenario())


def test_calls_beyond_the_pool_wait_for_a_free_thread() -> None:
    pool = ActionThreads(1)
    executor = ThreadedActionExecutor(pool)
    release = threading.Event()
    started: list[str] = []

    def stalled(dispatcher: Any, tracker: Any, domain: Any) -> list[Any]:
        started.append("stalled")
        assert release.wait(WAIT), "never released"
        return []

    def second(dispatcher: Any, tracker: Any, domain: Any) -> list[Any]:
        started.append("second")
        return []

    executor.register_function("stalled", stalled)
    executor.register_function("second", second)

    async def scenario() -> None:
        first = asyncio.ensure_future(executor.run(call("stalled")))
        await asyncio.sleep(0.05)
        queued = asyncio.ensure_future(executor.run(call("second")))
        await asyncio.sleep(0.2)
        assert started == ["stalled"]  # one thread: the second call waits its turn
        release.set()
        await asyncio.wait_for(asyncio.gather(first, queued), WAIT)
        assert started == ["stalled", "second"]

    try:
        asyncio.run(scenario())
    finally:
        pool.shutdown()


def test_an_order_check_runs_on_one_action_thread(
    threads: ActionThreads,
    services: Services,
    orders: list[dict[str, object]],
) -> None:
    """The order form's verification (a form validator inside rasa-sdk's own ``run``) sends
    its SQL from one action thread, never from the thread of the server's loop."""
    executor = ThreadedActionExecutor(threads)
    executor.register_action(ValidateOrderForm)
    order = first_order(orders, "in_transit")
    events = [user("…", "inform"), slot("email", order["email"])]
    tracker = make_tracker(
        events,
        slots={"requested_slot": "email", "order_number": order["order_number"]},
        active_loop="order_form",
    )
    body = {
        "next_action": "validate_order_form",
        "tracker": tracker.current_state(),
        "domain": domain(),
    }
    senders: list[int] = []

    def record(*_args: Any) -> None:
        senders.append(threading.get_ident())

    event.listen(services.database.engine, "before_cursor_execute", record)
    try:
        answer = asyncio.run(executor.run(body))
    finally:
        event.remove(services.database.engine, "before_cursor_execute", record)
    assert answer is not None
    assert {"event": "slot", "name": "order_verified", "value": True, "timestamp": None} in (
        answer.events
    )
    assert senders, "the verification sent no SQL"
    assert len(set(senders)) == 1 and threading.get_ident() not in senders


def test_an_actions_error_reaches_the_server(threads: ActionThreads) -> None:
    executor = ThreadedActionExecutor(threads)

    async def failing(dispatcher: Any, tracker: Any, domain: Any) -> list[Any]:
        await asyncio.sleep(0)  # a real suspension, on the action thread's own loop
        raise LookupError("the action's own error")

    executor.register_function("action_failing", failing)
    with pytest.raises(LookupError, match="the action's own error"):
        asyncio.run(executor.run(call("action_failing")))


def test_the_server_serves_every_action_on_the_configured_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(Sanic, "test_mode", True)  # rasa-sdk names every app "rasa_sdk"
    monkeypatch.setenv("SHOPBOT_ACTION_THREADS", "3")
    settings = Settings()
    app = build_app(settings)
    pool = app.ctx.action_threads
    try:
        assert settings.action_threads == 3 and pool.size == 3
        served = app.ctx.action_executor.actions
        assert "action_read_message" in served
        assert all(action.__wrapped__ for action in served.values())  # wrapped: on the pool
    finally:
        pool.shutdown()


def test_the_thread_count_is_checked() -> None:
    with pytest.raises(ValidationError):
        Settings(action_threads=0)
    with pytest.raises(ValueError, match="at least one thread"):
        ActionThreads(0)
