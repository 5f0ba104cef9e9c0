"""The locust process: ``python -m shopbot.benchmarks.load.locust_process JOB.json``.

Locust monkey-patches the standard library with gevent as soon as it is imported, so it
runs here, in a process of its own, never inside the ``shopbot`` command. It is driven
through its library API, headless: one locust user per planned conversation, each playing
its plan's turns over the REST channel and stopping, the run ending when every conversation
is over (or after the job's ``max_seconds``). Each turn is a request named after its kind,
so locust's own statistics are per kind too; each is also written as a
:class:`~shopbot.benchmarks.load.records.TurnRecord` line. Locust's figures go to the job's
``stats`` file at the end.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import gevent
from locust import HttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser
from requests.adapters import HTTPAdapter

from shopbot.benchmarks.load.job import REST_WEBHOOK, LocustJob
from shopbot.benchmarks.load.records import NO_RESPONSE, TurnRecord, write_record
from shopbot.benchmarks.load.replies import reply_problems, reply_texts
from shopbot.benchmarks.load.scenario import ConversationPlan, choose_text

__all__ = ["main", "run_job"]

_PERCENTILES = (0.5, 0.95, 0.99)


class _SourceAddressAdapter(HTTPAdapter):
    """Connections from one local address (each shopper's own loopback address)."""

    def __init__(self, address: str) -> None:
        self._address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """urllib3's pool, bound to the address."""
        kwargs["source_address"] = (self._address, 0)
        super().init_poolmanager(*args, **kwargs)


class _Run:
    """What the users share: the plans still to start, the records file, the count of
    conversations over."""

    def __init__(self, job: LocustJob, records: IO[str]) -> None:
        self.job = job
        self.records = records
        self.run_orders = job.run_orders
        self.finished = 0
        self._plans: Iterator[ConversationPlan] = iter(job.plans)

    def next_plan(self) -> ConversationPlan | None:
        return next(self._plans, None)


def _shopper_class(run: _Run) -> type[HttpUser]:
    job = run.job

    class Shopper(HttpUser):
        """One conversation of the plan, then the user stops."""

        host = job.host
        wait_time = constant(job.think_seconds)

        @task
        def converse(self) -> None:
            plan = run.next_plan()
            if plan is None:
                raise StopUser()
            if plan.client_address:
                adapter = _SourceAddressAdapter(plan.client_address)
                self.client.mount("http://", adapter)
            try:
                last: list[Any] = []
                for number, turn in enumerate(plan.turns):
                    if number and job.think_seconds:
                        gevent.sleep(job.think_seconds)
                    last = self._turn(plan, *choose_text(turn, last))
            finally:
                run.finished += 1
            raise StopUser()

        def _turn(self, plan: ConversationPlan, kind: str, text: str) -> list[Any]:
            headers = {"Authorization": f"Bearer {job.token}"} if job.token else {}
            started = time.time()
            clock = time.perf_counter()
            status, messages, problems = NO_RESPONSE, None, []
            with self.client.post(
                REST_WEBHOOK,
                json={"sender": plan.sender, "message": text},
                headers=headers,
                name=kind,
                timeout=job.request_timeout,
                catch_response=True,
            ) as response:
                status = int(response.status_code or NO_RESPONSE)
                if status == 200:
                    try:
                        messages = response.json()
                    except ValueError:
                        messages = None
                    problems = reply_problems(
                        kind, plan.sender, messages, plan.orders, run.run_orders
                    )
                elif status == NO_RESPONSE:
                    problems = [f"no answer ({type(response.error).__name__})"]
                else:
                    problems = [f"HTTP {status}"]
                if problems:
                    response.failure("; ".join(problems))
                else:
                    response.success()
            milliseconds = (time.perf_counter() - clock) * 1000
            write_record(
                run.records,
                TurnRecord(
                    conversation=plan.index,
                    sender=plan.sender,
                    kind=kind,
                    text=text,
                    started=started,
                    milliseconds=round(milliseconds, 2),
                    status=status,
                    problems=problems,
                    replies=reply_texts(messages),
                ),
            )
            return messages if isinstance(messages, list) else []

    return Shopper


def _locust_stats(environment: Environment) -> dict[str, Any]:
    """Locust's own figures per request name, and its errors."""
    requests = {}
    for (name, _method), entry in environment.stats.entries.items():
        requests[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "mean_ms": round(entry.avg_response_time, 2),
            **{
                f"p{round(fraction * 100)}_ms": entry.get_response_time_percentile(fraction)
                for fraction in _PERCENTILES
            },
        }
    errors = [
        {"name": error.name, "error": str(error.error), "occurrences": error.occurrences}
        for error in environment.stats.errors.values()
    ]
    return {"requests": requests, "errors": errors}


def run_job(job: LocustJob) -> dict[str, Any]:
    """Run every planned conversation; locust's statistics and how the run ended."""
    with job.records.open("a", encoding="utf-8") as records:
        run = _Run(job, records)
        environment = Environment(user_classes=[_shopper_class(run)])
        runner = environment.create_local_runner()
        started = time.monotonic()
        runner.start(len(job.plans), spawn_rate=job.spawn_rate)
        deadline = started + job.max_seconds
        while run.finished < len(job.plans) and time.monotonic() < deadline:
            gevent.sleep(0.2)
        timed_out = run.finished < len(job.plans)
        runner.quit()
        return {
            **_locust_stats(environment),
            "conversations_finished": run.finished,
            "timed_out": timed_out,
            "seconds": round(time.monotonic() - started, 2),
        }


def main(argv: list[str]) -> int:
    """Run the job file ``argv[0]``; its statistics go to the job's ``stats`` file."""
    if len(argv) != 1:
        print("usage: python -m shopbot.benchmarks.load.locust_process JOB.json", file=sys.stderr)
        return 2
    job = LocustJob.load(Path(argv[0]))
    stats = run_job(job)
    job.stats.write_text(json.dumps(stats, ensure_ascii=False, indent=2), encoding="utf-8")
    return 1 if stats["timed_out"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
