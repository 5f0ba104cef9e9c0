"""The inbox stream's shared snapshot: one read per poll for every stream, but a new
stream starts from a read of its own (else it could miss a ticket taken before its first
poll and never hear of it leaving)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from shopbot.console.inbox_stream import ActivityWatch

#: A poll: seconds after the previous one, and its ``read_since`` (None: a poll of the
#: shared snapshot; "now": a new stream's first read).
Poll = tuple[float, float | str | None]


def _reads(polls: list[Poll]) -> list[float]:
    """When the watch read the database, over ``polls`` (the clock starts at 100 s)."""
    now, reads = [100.0], []

    def read(database: Any) -> tuple[Any, ...]:
        reads.append(now[0])
        return ()

    watch = ActivityWatch(database=None, seconds=1.5, clock=lambda: now[0], read=read)  # type: ignore[arg-type]

    async def run() -> None:
        for after, since in polls:
            now[0] += after
            await watch.snapshot(read_since=now[0] if since == "now" else since)  # type: ignore[arg-type]

    # A loop of its own: the suite's browser keeps one running in this thread.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, run()).result()
    return reads


def test_streams_share_a_snapshot_younger_than_a_poll() -> None:
    # The third poll comes 1.5 s after the read: older than most of a poll.
    assert _reads([(0, None), (0.5, None), (1.0, None)]) == [100.0, 101.5]


def test_a_new_stream_reads_afresh_though_the_shared_snapshot_is_young() -> None:
    # The last read began after 100.2 s: a stream started then shares it.
    assert _reads([(0, None), (0.5, "now"), (0, 100.2)]) == [100.0, 100.5]
