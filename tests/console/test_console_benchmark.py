"""The console benchmark's recordings and seeding, and a small run of the whole benchmark
(the 100,000-conversation figures come from ``shopbot bench console``, not from tests)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from shopbot.benchmarks.console import ConsoleBenchmark, queries, run_console_benchmark
from shopbot.benchmarks.console_seed import (
    CHANNELS,
    RECORDINGS,
    YEAR_SECONDS,
    load_recordings,
    replays,
)

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def test_the_recordings_are_varied_and_their_people_invented() -> None:
    recordings = load_recordings()
    assert len(recordings) >= 30
    assert {r.language for r in recordings} == {"en", "es", "fr", "de", "it", "pt", "nl", "zh"}
    kinds = {e["event"] for r in recordings for e in r.events}
    assert {"user", "bot", "action", "slot", "pause", "resume"} <= kinds
    text = RECORDINGS.read_text(encoding="utf-8")
    assert {domain.split(".")[0] for domain in EMAIL.findall(text)} == {"example"}


def test_replays_move_the_recordings_into_the_past_year_on_a_channel() -> None:
    recordings = load_recordings()
    now = time.time()
    first = list(replays(recordings, 40, now, seed=3))
    assert first == list(replays(recordings, 40, now, seed=3))
    assert len({sender for sender, _ in first}) == 40
    channels = {name for name, _weight in CHANNELS}
    for sender, events in first:
        assert now - YEAR_SECONDS <= events[0]["timestamp"] <= now
        users = [e for e in events if e["event"] == "user"]
        assert {e["input_channel"] for e in users} <= channels
        assert sender.startswith(users[0]["input_channel"])


def test_a_small_run_measures_every_query() -> None:
    figures = run_console_benchmark(ConsoleBenchmark(conversations=300, repeats=5, warmup=1))
    assert figures["conversations"] == 300 and figures["turns"] > 300
    names = [query.name for query in queries(datetime.now(UTC))] + ["open a transcript"]
    assert list(figures["queries"]) == names
    assert all(
        row["n"] == 5 and row["p95_ms"] >= row["p50_ms"] for row in figures["queries"].values()
    )
    assert figures["queries"]["no filter"]["matches"] == 300
    assert isinstance(figures["goal_met"], bool)
