"""Every action runs off the action server's event loop, on a bounded pool of threads.

The actions' ``run`` methods are ``async`` (rasa-sdk's interface), but their work blocks:
SQLAlchemy queries on the order database, the e5 encoder and FAISS for product search, the
policy files. rasa-sdk awaits an action right on Sanic's event loop, and the action server
is one process with one loop (``actions/server.py``), so one order lookup waiting on a
locked table used to hold every other conversation's action, a greeting's
``action_read_message`` included. :class:`ThreadedActionExecutor` registers every action
wrapped so that its whole call (a form's validators and ``required_slots`` inside it) runs
on a thread of :class:`ActionThreads`, on that thread's own event loop; the server's loop
only reads requests and awaits results.

- One call, one thread from start to end: the SQLAlchemy sessions an action opens stay on
  the thread that opened them (a session is not thread-safe; the engine and its pool are).
- Bounded (``SHOPBOT_ACTION_THREADS``, default 8): further calls wait for a free thread.
  The order database's connection pool holds at least one connection per thread
  (``Database(connections=...)`` in ``actions/services.py``).
- What must not interleave between calls serialises itself: the verification limits count
  and record an attempt under one lock (``shop/verification.py``).
- The product search is shared: the FAISS index and the e5 encoder are read-only while the
  server runs, and the encoder uses one CPU thread per call (``ProductSearch.open``), so
  concurrent searches take at most one core each instead of oversubscribing the machine.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rasa_sdk.executor import ActionExecutor

__all__ = ["ActionThreads", "ThreadedActionExecutor"]


class ActionThreads:
    """A bounded pool of threads, each with its own event loop, that action calls run on."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"an action thread pool needs at least one thread, not {size}")
        self.size = size
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(
            max_workers=size, thread_name_prefix="action", initializer=self._start_thread
        )

    def _start_thread(self) -> None:
        loop = asyncio.new_event_loop()
        self._local.loop = loop
        with self._lock:
            self._loops.append(loop)

    def _call(self, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        result = function(*args)
        if asyncio.iscoroutine(result):
            return self._local.loop.run_until_complete(result)
        return result

    async def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """``function(*args)`` on a pool thread (and, when it returns a coroutine, awaited on
        that thread's loop), with the caller's context variables; its result or its error."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        work = functools.partial(context.run, self._call, function, args)
        return await loop.run_in_executor(self._pool, work)

    def shutdown(self) -> None:
        """Let the running calls finish, drop the queued ones, stop the threads."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            loops, self._loops = self._loops, []
        for loop in loops:
            loop.close()


class ThreadedActionExecutor(ActionExecutor):
    """rasa-sdk's executor with every registered action called on ``threads``."""

    def __init__(self, threads: ActionThreads) -> None:
        self.threads = threads
        super().__init__()

    def register_function(self, action_name: str, f: Callable[..., Any]) -> None:
        """Register ``f`` (an action's ``run``) to be called on the action threads."""
        threads = self.threads

        @functools.wraps(f)
        async def on_action_thread(dispatcher: Any, tracker: Any, domain: Any) -> Any:
            return await threads.call(f, dispatcher, tracker, domain)

        super().register_function(action_name, on_action_thread)
