"""The health of the profile's processes: supervisor's state, and each health URL.

A service with a health URL is healthy when supervisor runs it and the URL answers 200; one
without (the summary consumer) when supervisor has it RUNNING (up past its start seconds).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from shopbot.production.profile import Profile, Service
from shopbot.production.supervisor import ProgramInfo, Supervisor

__all__ = ["ServiceHealth", "check", "wait_until_settled"]

#: supervisor states from which a program does not come back by itself.
FINAL_STATES = frozenset({"FATAL", "STOPPED", "EXITED", "UNKNOWN"})


@dataclass(frozen=True)
class ServiceHealth:
    """One service: supervisor's state and pid, and whether it is healthy (with why not)."""

    service: Service
    state: str
    pid: int
    healthy: bool
    detail: str

    @property
    def settled(self) -> bool:
        """Healthy, or in a state it will not leave by itself."""
        return self.healthy or self.state in FINAL_STATES


def _probe(url: str) -> str | None:
    """``None`` when ``url`` answers 200, else why not."""
    try:
        status = httpx.get(url, timeout=3).status_code
    except httpx.HTTPError as error:
        return type(error).__name__
    return None if status == 200 else f"HTTP {status}"


def check(profile: Profile, supervisor: Supervisor) -> list[ServiceHealth]:
    """Every service of the profile, in order."""
    try:
        programs = (
            {info.name: info for info in supervisor.programs()} if supervisor.running() else {}
        )
    except OSError:
        programs = {}
    results: list[ServiceHealth] = []
    for service in profile.services:
        info = programs.get(service.name) or ProgramInfo(service.name, "NOT RUNNING", 0, "")
        if info.state != "RUNNING":
            detail = info.description or info.state.lower()
            results.append(ServiceHealth(service, info.state, info.pid, False, detail))
            continue
        problem = _probe(service.health_url) if service.health_url else None
        if problem is None:
            detail = service.health_url or "running"
        else:
            detail = f"{service.health_url}: {problem}"
        results.append(ServiceHealth(service, info.state, info.pid, problem is None, detail))
    return results


def wait_until_settled(
    profile: Profile,
    supervisor: Supervisor,
    timeout: float,
    on_change: Callable[[ServiceHealth], None] | None = None,
) -> list[ServiceHealth]:
    """Poll until every service is healthy or failed for good, or ``timeout`` passes; the
    last reading. ``on_change`` hears of each service that became healthy or failed."""
    deadline = time.monotonic() + timeout
    reported: set[str] = set()
    while True:
        health = check(profile, supervisor)
        for item in health:
            if item.settled and item.service.name not in reported:
                reported.add(item.service.name)
                if on_change:
                    on_change(item)
        if all(item.settled for item in health) or time.monotonic() > deadline:
            return health
        time.sleep(1)
