"""The run's figures from its turn records: turns per second, latency per turn kind, errors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from shopbot.benchmarks.load.records import TurnRecord
from shopbot.benchmarks.load.scenario import TURN_KINDS
from shopbot.benchmarks.stats import percentile

__all__ = ["kind_figures", "load_figures"]


def _latency(milliseconds: Sequence[float]) -> dict[str, float]:
    if not milliseconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    return {
        "p50_ms": round(percentile(milliseconds, 0.50), 1),
        "p95_ms": round(percentile(milliseconds, 0.95), 1),
        "p99_ms": round(percentile(milliseconds, 0.99), 1),
        "max_ms": round(max(milliseconds), 1),
    }


def kind_figures(records: Iterable[TurnRecord]) -> dict[str, dict[str, Any]]:
    """Per turn kind (in :data:`TURN_KINDS` order, others after): turns, errors, latency of
    every turn answered (a failed check does not make a turn faster or slower)."""
    by_kind: dict[str, list[TurnRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)
    order: list[str] = [kind for kind in TURN_KINDS if kind in by_kind]
    order += sorted(kind for kind in by_kind if kind not in TURN_KINDS)
    figures: dict[str, dict[str, Any]] = {}
    for kind in order:
        turns = by_kind[kind]
        answered = [record.milliseconds for record in turns if record.status]
        figures[kind] = {
            "turns": len(turns),
            "errors": sum(not record.ok for record in turns),
            **_latency(answered),
        }
    return figures


def load_figures(records: Sequence[TurnRecord]) -> dict[str, Any]:
    """The whole run: turns, errors by problem, turns per second (from the first request
    leaving to the last answer; all turns, and those answered with 200), overall latency and
    the per-kind figures."""
    if not records:
        return {
            "turns": 0,
            "errors": 0,
            "seconds": 0.0,
            "turns_per_second": 0.0,
            "answered_per_second": 0.0,
            "errors_by_problem": {},
            "latency": _latency([]),
            "kinds": {},
        }
    first = min(record.started for record in records)
    last = max(record.started + record.milliseconds / 1000 for record in records)
    seconds = max(last - first, 1e-9)
    problems = Counter(problem for record in records for problem in record.problems)
    return {
        "turns": len(records),
        "errors": sum(not record.ok for record in records),
        "seconds": round(seconds, 2),
        "turns_per_second": round(len(records) / seconds, 2),
        "answered_per_second": round(sum(r.accepted for r in records) / seconds, 2),
        "errors_by_problem": dict(problems.most_common()),
        "latency": _latency([record.milliseconds for record in records if record.status]),
        "kinds": kind_figures(records),
    }
