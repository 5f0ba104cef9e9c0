"""One load test from start to end: plans, the locust process, CPU, figures, reconciliation.

The front is whatever answers the REST channel at ``host``: the embedded default's Rasa
server (``make run``) or the production profile's nginx. The stores are read through their
SQLAlchemy URLs, so the same run works on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from core.db.database import Database
from core.errors import RasaUnavailable, ShopbotError
from core.settings import PROJECT_ROOT
from shop.returns import ReturnService
from shop.sampling import sample_orders
from shopbot.benchmarks.load.cpu import CpuMonitor, CpuReport
from shopbot.benchmarks.load.figures import load_figures
from shopbot.benchmarks.load.job import REST_WEBHOOK, LocustJob
from shopbot.benchmarks.load.reconcile import (
    StoreCheck,
    replies_of,
    summary_messages,
    tracker_messages,
    tracker_replies,
    wait_for_store,
)
from shopbot.benchmarks.load.records import TurnRecord, count_records, read_records
from shopbot.benchmarks.load.replies import ANOTHER_CONVERSATION, ANOTHER_ORDER
from shopbot.benchmarks.load.scenario import (
    LANGUAGES,
    ConversationPlan,
    LoadOrders,
    plan_conversations,
    sender_prefix,
)
from shopbot.demo.conversations import own_addresses_work, shopper_address
from shopbot.demo.order_pools import ORDER_STATUSES, DemoOrder

__all__ = ["LoadTest", "load_orders", "run_load_test"]

#: ``progress(turns done, turns planned, note)``.
Progress = Callable[[int, int, str], None]
#: Distinct loopback addresses :func:`shopper_address` gives (250 x 256).
_ADDRESSES = 64_000
#: The tracker store is written before the reply goes out: a short wait is plenty.
TRACKER_WAIT_SECONDS = 15.0


@dataclass(frozen=True)
class LoadTest:
    """Options of one run."""

    host: str
    token: str | None
    database_url: str
    tracker_store_url: str
    summaries_url: str
    conversations: int = 100
    turns: int = 6
    spawn_rate: float = 20.0
    think_seconds: float = 0.0
    request_timeout: float = 120.0
    #: The locust process stops after this long, whatever is left.
    max_seconds: float = 1800.0
    summaries_wait: float = 120.0
    languages: Sequence[str] = field(default=LANGUAGES)
    seed: int = 1
    #: Each conversation from a loopback address of its own (where the host is on loopback).
    own_addresses: bool = True
    return_window_days: int = 30
    #: Where to keep the turn records (one JSON line per turn), if anywhere.
    keep_records: Path | None = None


def load_orders(
    database: Database, *, seed: int, per_status: int, return_window_days: int
) -> LoadOrders:
    """Real demo orders of the statuses a status question is about, and delivered orders
    with a line that can still be returned."""
    status: list[DemoOrder] = []
    for wanted in ORDER_STATUSES["order_status"]:
        status += [
            DemoOrder(str(order["order_number"]), str(order["email"]), str(order["status"]))
            for order in sample_orders(database, per_status, seed=seed, status=wanted)
        ]
    returns = ReturnService(database, return_window_days=return_window_days)
    returnable = [
        order
        for order in status
        if order.status == "delivered"
        and any(line.eligible for line in returns.eligibility(order.number))
    ]
    random.Random(seed).shuffle(status)
    return LoadOrders(status=status, returnable=returnable)


def _check_front(host: str, token: str | None) -> None:
    """The REST channel answers at ``host`` (its health route), else RasaUnavailable."""
    url = host.rstrip("/") + REST_WEBHOOK.rsplit("/", 1)[0] + "/"
    try:
        response = httpx.get(url, timeout=10)
    except httpx.HTTPError as error:
        raise RasaUnavailable(
            f"nothing answers at {host} ({type(error).__name__}): is the stack running?"
        ) from error
    if response.status_code != 200:
        raise RasaUnavailable(
            f"the REST channel does not answer at {url} (HTTP {response.status_code}); it is "
            "on in development and test, elsewhere with SHOPBOT_REST_CHANNEL=on"
        )
    if not token:
        raise RasaUnavailable("no Rasa token: set SHOPBOT_RASA_TOKEN or pass --token")


def _addresses(options: LoadTest) -> list[str | None]:
    if not options.own_addresses or not own_addresses_work(options.host):
        return []
    offset = random.Random(secrets.randbits(32)).randrange(_ADDRESSES - options.conversations)
    return [shopper_address(options.host, offset + index) for index in range(options.conversations)]


def _plans(options: LoadTest, run_id: str) -> list[ConversationPlan]:
    database = Database(options.database_url)
    try:
        orders = load_orders(
            database,
            seed=options.seed,
            per_status=max(10, options.conversations // 4),
            return_window_days=options.return_window_days,
        )
    finally:
        database.dispose()
    return plan_conversations(
        options.conversations,
        turns=options.turns,
        run_id=run_id,
        languages=options.languages,
        orders=orders,
        seed=options.seed,
        addresses=_addresses(options),
    )


def _drive(
    job: LocustJob, work: Path, total: int, progress: Progress | None
) -> tuple[list[TurnRecord], dict[str, Any], CpuReport]:
    """Run the locust process to its end, drawing progress and sampling CPU."""
    job_file = work / "job.json"
    job.save(job_file)
    log_path = work / "locust.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "shopbot.benchmarks.load.locust_process", str(job_file)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    monitor = CpuMonitor(
        names={process.pid: "load generator, locust", os.getpid(): "shopbot bench load"}
    ).start()
    deadline = time.monotonic() + job.max_seconds + 60
    try:
        while process.poll() is None:
            if time.monotonic() > deadline:
                process.kill()
                break
            if progress is not None:
                busiest = monitor.busiest()
                note = f"{busiest.label} {busiest.mean_percent:.0f}%" if busiest else ""
                progress(count_records(job.records), total, note)
            time.sleep(0.5)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        cpu = monitor.stop()
    if progress is not None:
        progress(count_records(job.records), total, "")
    if process.returncode not in (0, 1) or not job.stats.exists():
        tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
        raise ShopbotError(f"the locust process failed (exit {process.returncode}):\n{tail}")
    stats = json.loads(job.stats.read_text(encoding="utf-8"))
    return read_records(job.records), stats, cpu


def _replies(records: Sequence[TurnRecord]) -> dict[str, Any]:
    answered = [record for record in records if record.accepted]
    crossed = sum(ANOTHER_CONVERSATION in record.problems for record in answered)
    foreign = sum(ANOTHER_ORDER in record.problems for record in answered)
    return {
        "ok": not crossed and not foreign,
        "replies": len(answered),
        "addressed_to_another_conversation": crossed,
        "naming_another_conversations_order": foreign,
    }


def _reconcile(
    options: LoadTest, prefix: str, records: list[TurnRecord], progress: Progress | None
) -> dict[str, StoreCheck]:
    tracker = Database(options.tracker_store_url)
    summaries = Database(options.summaries_url)
    try:
        if progress is not None:
            progress(len(records), len(records), "reading the tracker store")
        tracker_check = wait_for_store(
            "tracker store",
            lambda: tracker_messages(tracker, prefix),
            records,
            timeout=TRACKER_WAIT_SECONDS,
        )
        replies_check = wait_for_store(
            "tracker store, bot replies",
            lambda: tracker_replies(tracker, prefix),
            records,
            items=replies_of,
            timeout=TRACKER_WAIT_SECONDS,
        )
        if progress is not None:
            progress(len(records), len(records), "waiting for the summaries")
        summaries_check = wait_for_store(
            "conversation summaries",
            lambda: summary_messages(summaries, prefix),
            records,
            timeout=options.summaries_wait,
        )
    finally:
        tracker.dispose()
        summaries.dispose()
    return {
        "tracker_store": tracker_check,
        "summaries": summaries_check,
        "tracker_store_replies": replies_check,
    }


def run_load_test(
    options: LoadTest, *, log: Callable[[str], None], progress: Progress | None = None
) -> dict[str, Any]:
    """Run the load test of ``options``; every figure and check as one dict."""
    _check_front(options.host, options.token)
    run_id = secrets.token_hex(4)
    plans = _plans(options, run_id)
    total = sum(len(plan.turns) for plan in plans)
    languages = sorted({plan.language for plan in plans})
    own = sum(plan.client_address is not None for plan in plans)
    log(
        f"run {run_id}: {len(plans)} conversations, {total} turns, languages "
        f"{', '.join(languages)}; {own} conversations from their own loopback address"
    )
    with tempfile.TemporaryDirectory(prefix="shopbot-load-") as scratch:
        work = Path(scratch)
        job = LocustJob(
            host=options.host.rstrip("/"),
            token=options.token,
            plans=tuple(plans),
            spawn_rate=options.spawn_rate,
            think_seconds=options.think_seconds,
            request_timeout=options.request_timeout,
            max_seconds=options.max_seconds,
            records=work / "records.jsonl",
            stats=work / "stats.json",
        )
        records, locust_stats, cpu = _drive(job, work, total, progress)
        if options.keep_records is not None:
            shutil.copyfile(job.records, options.keep_records)
    if not records:
        raise ShopbotError("the locust process sent no turn (see its errors above)")
    checks = _reconcile(options, sender_prefix(run_id), records, progress)
    replies = _replies(records)
    reconciliation = {name: check.to_dict() for name, check in checks.items()}
    return {
        "run": run_id,
        "host": options.host,
        "conversations": len(plans),
        "turns_per_conversation": options.turns,
        "languages": languages,
        "own_addresses": own,
        "conversations_finished": locust_stats.get("conversations_finished"),
        "timed_out": bool(locust_stats.get("timed_out")),
        **load_figures(records),
        "cpu": cpu.to_dict(),
        "locust": {"requests": locust_stats["requests"], "errors": locust_stats["errors"]},
        "reconciliation": {**reconciliation, "replies": replies},
        "ok": all(check.ok for check in checks.values()) and replies["ok"],
    }
