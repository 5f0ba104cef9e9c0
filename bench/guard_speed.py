"""Speed of the message length guard (``bot.guard.MessageLengthGuard``) on long messages.

Run from the project root with the Rasa environment::

    .venv-rasa/bin/python -m bench.guard_speed            # readable table on stdout
    .venv-rasa/bin/python -m bench.guard_speed --json     # one JSON document on stdout

Each operation cuts a fresh Rasa ``Message`` to the default 1,000 characters: 200 timed
calls after 5 untimed ones (p50, p95, mean and max in ms). Messages of 10,000 and of
1,000,000 characters, with spaces (cut at a word boundary) and without (Chinese, cut at
the limit). ``tests/bot/test_guard.py`` checks the work deterministically: the guard reads
at most 1,001 characters of a message and copies none of it whole. The other operations
of the unit tests: ``.venv/bin/python -m bench.unit_speed``. Progress goes to standard
error.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Sequence

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")  # before Rasa is imported

from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bench.timing import format_table, machine, progress, summarise_ms, time_calls
from bot.guard import DEFAULT_MAX_CHARACTERS, MessageLengthGuard

__all__ = ["MESSAGES", "main"]

NAME = "guard_speed"
REPEATS = 200
#: Operation name -> the message text it cuts.
MESSAGES: dict[str, str] = {
    "cut_10k_chars_words": ("where is my order " * 600)[:10_000],
    "cut_1m_chars_words": ("where is my order " * 60_000)[:1_000_000],
    "cut_10k_chars_no_spaces": ("我的订单在哪里" * 1_500)[:10_000],
    "cut_1m_chars_no_spaces": ("我的订单在哪里" * 150_000)[:1_000_000],
}


def measure(text: str, guard: MessageLengthGuard) -> list[float]:
    """Timings of ``guard.process`` on a fresh message of ``text``, one per call."""
    messages: list[Message] = []
    return time_calls(
        lambda: guard.process([messages[-1]]),
        REPEATS,
        warm_up=5,
        before_each=lambda: messages.append(Message(data={TEXT: text})),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    at_start = machine()
    guard = MessageLengthGuard({"max_characters": DEFAULT_MAX_CHARACTERS})
    results = {}
    for name, text in MESSAGES.items():
        progress(NAME, f"measuring {name} ({len(text):,} characters)")
        results[name] = summarise_ms(measure(text, guard))
    report = {
        "benchmark": NAME,
        "max_characters": DEFAULT_MAX_CHARACTERS,
        "operations_ms": results,
        "seconds": round(time.perf_counter() - started, 2),
        "machine": {**at_start, "load_average_at_end": machine()["load_average"]},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_table("MessageLengthGuard.process (ms)", results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
