"""`shopbot bench turns` runs to the end on a fresh clone and prints the issue's keys.

A smoke run, not a measurement (figures are never checked against a time here; the README
and docs/benchmarks.md hold the measured ones): few turns, two clients for five seconds, a
short long conversation. It starts the real stack (action server, Rasa server, the stock
`rasa init` bot, trained once under var/bench/) and fails when a turn gets no reply.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from core.settings import PROJECT_ROOT
from shopbot.benchmarks.turns import SHOPBOT_MODEL

SHOPBOT = PROJECT_ROOT / ".venv" / "bin" / "shopbot"
KEYS = (
    "stock_greeting_p50",
    "greeting_p50",
    "order_status_p50",
    "product_search_p50",
    "growth_ratio",
)


@pytest.mark.skipif(not SHOPBOT_MODEL.exists(), reason="needs the trained model (make test)")
def test_the_turn_benchmark_prints_every_figure() -> None:
    result = subprocess.run(
        [
            str(SHOPBOT),
            "bench",
            "turns",
            "--turns",
            "10",
            "--growth-turns",
            "40",
            "--clients",
            "2",
            "--load-seconds",
            "5",
            "--json",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout)
    for key in KEYS:
        assert figures[key] > 0, key
    assert figures["throughput_2_clients"] > 0 and figures["stock_throughput_2_clients"] > 0
    assert figures["load"]["errors"] == 0 and figures["load"]["stock_errors"] == 0
    assert len(figures["growth"]["window_medians_ms"]) == 2
    assert figures["results"]["shopbot_order_status"]["n"] == 10
