"""The console benchmark: list and search latency over many conversation summaries.

``shopbot bench console --conversations 100000 [--database sqlite|postgresql]``:

1. a fresh database (a SQLite file in a temporary folder, or a database of its own on the
   PostgreSQL server, created and dropped by the run), migrated as ``shopbot db init`` does;
2. seeded by replaying the recorded conversations (:mod:`shopbot.benchmarks.console_seed`)
   through the consumer's fold, in bulk;
3. on PostgreSQL, ``VACUUM ANALYZE`` (what autovacuum does after such a load); SQLite runs
   as it is, without statistics (nothing in the project runs ``ANALYZE`` on it);
4. every query of :func:`queries` run ``repeats`` times after a warm-up, through the
   console's own :func:`shop.conversations.list_conversations` (the page of 50 rows, its
   previews and the capped count), plus opening a transcript; p50 and p95 in milliseconds.

The goal (issue 14): p95 under 300 ms for a filtered page, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import os
import platform
import secrets
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from core.db.database import Database, normalise_url
from core.db.migrate import upgrade
from shop.conversations import (
    ConversationFilters,
    PageRequest,
    Sort,
    SortKey,
    list_conversations,
    transcript,
)
from shop.conversations.tables import SUMMARIES
from shopbot.benchmarks.console_seed import RECORDINGS, load_recordings, replays, seed
from shopbot.benchmarks.stats import summarise

__all__ = [
    "DEFAULT_POSTGRES_URL",
    "GOAL_P95_MS",
    "ConsoleBenchmark",
    "Query",
    "queries",
    "run_console_benchmark",
]

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
GOAL_P95_MS = 300.0
Progress = Callable[[str, int, int], None]
Log = Callable[[str], None]


@dataclass(frozen=True)
class Query:
    """One list request of the console."""

    name: str
    filters: ConversationFilters
    sort: Sort = field(default_factory=Sort)
    page: PageRequest = field(default_factory=lambda: PageRequest(1, 50))


def queries(now: datetime) -> tuple[Query, ...]:
    """The measured list requests (dates relative to ``now``)."""
    return (
        Query("no filter", ConversationFilters()),
        Query("language es", ConversationFilters(languages=("es",))),
        Query("lowest sentiment <= -0.5", ConversationFilters(sentiment_min_at_most=-0.5)),
        Query("handed over", ConversationFilters(handed_over=True)),
        Query(
            "30 days + channel telegram",
            ConversationFilters(
                started_from=now - timedelta(days=60),
                started_until=now - timedelta(days=30),
                channels=("telegram",),
            ),
        ),
        Query("intent seen: order_status", ConversationFilters(intents=("order_status",))),
        Query("rated 1-2", ConversationFilters(ratings=(1, 2))),
        Query("search found nothing", ConversationFilters(failed_search=True)),
        Query("full text: refund", ConversationFilters(text="refund")),
        Query("full text: order", ConversationFilters(text="order")),
        Query(
            "full text + language en + handed over",
            ConversationFilters(text="order", languages=("en",), handed_over=True),
        ),
        Query(
            "sorted by lowest sentiment",
            ConversationFilters(),
            Sort(SortKey.LOWEST_SENTIMENT, descending=False),
        ),
        Query(
            "sorted by lowest sentiment + language de",
            ConversationFilters(languages=("de",)),
            Sort(SortKey.LOWEST_SENTIMENT, descending=False),
        ),
        Query("page 50", ConversationFilters(), page=PageRequest(50, 50)),
        Query(
            "page 20, handed over",
            ConversationFilters(handed_over=True),
            page=PageRequest(20, 50),
        ),
    )


@dataclass(frozen=True)
class ConsoleBenchmark:
    """Options of one run."""

    conversations: int = 100_000
    database: str = "sqlite"
    repeats: int = 30
    warmup: int = 3
    seed: int = 7
    postgres_url: str = DEFAULT_POSTGRES_URL
    recordings: Path = RECORDINGS


@contextmanager
def _sqlite_database() -> Iterator[tuple[Database, Callable[[], int]]]:
    with tempfile.TemporaryDirectory(prefix="shopbot-bench-console-") as folder:
        path = Path(folder) / "console.db"
        database = Database(f"sqlite:///{path}")
        try:
            yield (
                database,
                lambda: sum(p.stat().st_size for p in Path(folder).iterdir() if p.is_file()),
            )
        finally:
            database.dispose()


@contextmanager
def _postgres_database(admin_url: str) -> Iterator[tuple[Database, Callable[[], int]]]:
    admin = Database(admin_url)
    name = f"shopbot_bench_console_{secrets.token_hex(4)}"
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(normalise_url(admin_url).set(database=name))

    def size() -> int:
        with database.begin() as connection:
            return int(
                connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            )

    try:
        yield database, size
    finally:
        database.dispose()
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _statistics(database: Database) -> None:
    """PostgreSQL: the planner's statistics and visibility map, as autovacuum would make them."""
    if database.backend == "postgresql":
        with database.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        ) as connection:
            connection.execute(text("VACUUM ANALYZE"))


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return (time.perf_counter() - started) * 1000, result


def _measure(
    database: Database, options: ConsoleBenchmark, now: datetime, progress: Progress | None
) -> dict[str, Any]:
    measured: dict[str, Any] = {}
    listed = queries(now)
    for done, query in enumerate(listed):

        def run(query: Query = query) -> Any:
            return list_conversations(database, query.filters, query.sort, query.page)

        for _ in range(options.warmup):
            run()
        timings, page = [], None
        for _ in range(options.repeats):
            elapsed, page = _timed(run)
            timings.append(elapsed)
        measured[query.name] = {
            **summarise(timings),
            "matches": page.total if page else 0,
            "matches_exact": page.total_exact if page else True,
            "rows": len(page.items) if page else 0,
        }
        if progress is not None:
            progress("queries", done + 1, len(listed) + 1)
    with database.begin() as connection:
        ids = (
            connection.execute(
                select(SUMMARIES.c.conversation_id).order_by(SUMMARIES.c.id).limit(options.repeats)
            )
            .scalars()
            .all()
        )
    timings = [_timed(partial(transcript, database, conversation))[0] for conversation in ids]
    measured["open a transcript"] = {
        **summarise(timings),
        "matches": 1,
        "matches_exact": True,
        "rows": 1,
    }
    if progress is not None:
        progress("queries", len(listed) + 1, len(listed) + 1)
    return measured


def run_console_benchmark(
    options: ConsoleBenchmark, log: Log | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Seed, measure, clean up; the figures as a JSON-ready dict."""
    say = log or (lambda _message: None)
    recordings = load_recordings(options.recordings)
    opened = (
        _postgres_database(options.postgres_url)
        if options.database == "postgresql"
        else _sqlite_database()
    )
    now = datetime.now(UTC)
    with opened as (database, size):
        say(f"migrating a fresh {database.backend} database")
        upgrade(database)
        say(f"seeding {options.conversations:,} conversations from {len(recordings)} recordings")
        started = time.monotonic()
        seeded = seed(
            database,
            replays(recordings, options.conversations, now.timestamp(), options.seed),
            options.conversations,
            progress=(lambda done, total: progress("seeding", done, total)) if progress else None,
        )
        seed_seconds = time.monotonic() - started
        _statistics(database)
        say("measuring")
        measured = _measure(database, options, now, progress)
        size_bytes = size()
    filtered = {name: row for name, row in measured.items() if name != "no filter"}
    worst = max(row["p95_ms"] for row in filtered.values())
    return {
        "database": options.database,
        "conversations": seeded["conversations"],
        "turns": seeded["turns"],
        "events": seeded["events"],
        "recordings": len(recordings),
        "seed_seconds": round(seed_seconds, 1),
        "size_mb": round(size_bytes / 1e6, 1),
        "repeats": options.repeats,
        "page_size": 50,
        "queries": measured,
        "goal_p95_ms": GOAL_P95_MS,
        "worst_filtered_p95_ms": worst,
        "goal_met": worst < GOAL_P95_MS,
        "date": now.date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
    }
