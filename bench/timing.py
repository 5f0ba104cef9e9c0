"""Timing helpers of the speed benchmarks: repeat a call, report p50 / p95 in milliseconds.

Plain standard library, so that scripts of both environments (``.venv`` and
``.venv-rasa``) can use it.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

__all__ = ["format_table", "machine", "progress", "summarise_ms", "time_calls"]


def progress(benchmark: str, message: str) -> None:
    """One progress line on standard error."""
    print(f"[{benchmark} {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def time_calls(
    call: Callable[[], object],
    repeats: int,
    *,
    warm_up: int = 1,
    before_each: Callable[[], object] | None = None,
) -> list[float]:
    """Seconds taken by each of ``repeats`` calls, after ``warm_up`` untimed calls.

    ``before_each`` runs before every call (timed or not) outside the measured time, e.g.
    to give each call a fresh database.
    """
    timings: list[float] = []
    for number in range(warm_up + repeats):
        if before_each is not None:
            before_each()
        started = time.perf_counter()
        call()
        elapsed = time.perf_counter() - started
        if number >= warm_up:
            timings.append(elapsed)
    return timings


def summarise_ms(timings: Sequence[float]) -> dict[str, float | int]:
    """``n``, ``p50``, ``p95``, ``mean`` and ``max`` in milliseconds (p95 interpolated
    between the measured values, never beyond the slowest)."""
    if not timings:
        return {"n": 0}
    ms = sorted(value * 1000 for value in timings)
    p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
    return {
        "n": len(ms),
        "p50": round(statistics.median(ms), 3),
        "p95": round(p95, 3),
        "mean": round(statistics.fmean(ms), 3),
        "max": round(ms[-1], 3),
    }


def format_table(title: str, rows: Mapping[str, Mapping[str, Any]]) -> str:
    """A plain-text table: one row per operation with its n, p50, p95 and max in ms."""
    width = max([len("operation"), *(len(name) for name in rows)])
    header = f"{'operation':<{width}}  {'n':>5}  {'p50 ms':>10}  {'p95 ms':>10}  {'max ms':>10}"
    lines = [title, header, "-" * len(header)]
    for name, row in rows.items():
        cells: Iterable[str] = (
            f"{row.get(key, 0):>10.2f}" if key in row else f"{'-':>10}"
            for key in ("p50", "p95", "max")
        )
        lines.append(f"{name:<{width}}  {row.get('n', 0):>5}  " + "  ".join(cells))
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    """Python version, CPU count and load average of the machine that measured."""
    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
