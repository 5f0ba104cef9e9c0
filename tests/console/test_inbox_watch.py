"""The inbox stream's shared snapshot: one read per poll for every stream, but a new
stream starts from a read of its own (else it could miss a ticket taken before its first
poll and never hear of it leaving)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from shopbot.console.inbox_stream import ActivityWatch


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run ``coroutine`` on a loop of its own (the suite's browser keeps one running here)."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, coroutine).result()


def _watch(clock: _Clock, reads: list[float]) -> ActivityWatch:
    def read(database: Any) -> tuple[Any, ...]:
        reads.append(clock.now)
        return ()

    return ActivityWatch(database=None, seconds=1.5, clock=clock, read=read)  # type: ignore[arg-type]


def test_streams_share_a_snapshot_younger_than_a_poll() -> None:
    clock, reads = _Clock(), []
    watch = _watch(clock, reads)

    async def polls() -> None:
        await watch.snapshot()
        clock.now += 0.5
        await watch.snapshot()
        clock.now += 1.0  # 1.5 s after the read: older than most of a poll
        await watch.snapshot()

    _run(polls())
    assert reads == [100.0, 101.5]


def test_a_new_stream_reads_afresh_though_the_shared_snapshot_is_young() -> None:
    clock, reads = _Clock(), []
    watch = _watch(clock, reads)

    async def polls() -> None:
        await watch.snapshot()
        clock.now += 0.5
        await watch.snapshot(read_since=clock())
        await watch.snapshot(read_since=100.2)  # that read began after 100.2: shared

    _run(polls())
    assert reads == [100.0, 100.5]
