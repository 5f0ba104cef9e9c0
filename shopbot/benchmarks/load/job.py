"""What the parent hands the locust process: one JSON file (the plans, where to send them,
how fast, where to write)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopbot.benchmarks.load.scenario import ConversationPlan

__all__ = ["REST_WEBHOOK", "LocustJob"]

#: The REST channel's webhook under the front's base URL.
REST_WEBHOOK = "/webhooks/rest/webhook"


@dataclass(frozen=True)
class LocustJob:
    """One run of the locust process."""

    host: str
    token: str | None
    plans: tuple[ConversationPlan, ...]
    spawn_rate: float
    think_seconds: float
    request_timeout: float
    #: The locust process stops by itself after this long, finished or not.
    max_seconds: float
    records: Path
    stats: Path

    @property
    def run_orders(self) -> set[str]:
        """Every order number any conversation of the run asks about."""
        return {number for plan in self.plans for number in plan.orders}

    def save(self, path: Path) -> None:
        """Write the job to ``path`` (readable by its owner only: it holds the token)."""
        data: dict[str, Any] = {
            "host": self.host,
            "token": self.token,
            "plans": [plan.to_dict() for plan in self.plans],
            "spawn_rate": self.spawn_rate,
            "think_seconds": self.think_seconds,
            "request_timeout": self.request_timeout,
            "max_seconds": self.max_seconds,
            "records": str(self.records),
            "stats": str(self.stats),
        }
        path.touch(mode=0o600)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> LocustJob:
        """The job :meth:`save` wrote."""
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            host=str(data["host"]),
            token=data.get("token"),
            plans=tuple(ConversationPlan.from_dict(plan) for plan in data["plans"]),
            spawn_rate=float(data["spawn_rate"]),
            think_seconds=float(data["think_seconds"]),
            request_timeout=float(data["request_timeout"]),
            max_seconds=float(data["max_seconds"]),
            records=Path(data["records"]),
            stats=Path(data["stats"]),
        )
