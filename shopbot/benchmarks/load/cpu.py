"""CPU per process while the load runs, to name the saturation point.

Every process of the machine is sampled each second (psutil): the project's servers are
named by their command line (Rasa server with its port, action server, web server, the
summaries' consumer), the services by their program (PostgreSQL, nginx, RabbitMQ and Redis,
several processes each, counted together), the load generator by its process id. 100% is
one core busy the whole time; a Python server's event loop cannot go much beyond it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import psutil

__all__ = ["CpuMonitor", "CpuReport", "ProcessCpu", "process_label", "saturation"]

#: Services that run as several processes, counted as one.
_SERVICES: Final = {
    "postgres": "PostgreSQL",
    "nginx": "nginx",
    "beam.smp": "RabbitMQ",
    "erl_child_setup": "RabbitMQ",
    "epmd": "RabbitMQ",
    "redis-server": "Redis",
}
#: Python modules of the project's servers (``python -m ...``), by what they are.
_MODULES: Final = {
    "bot.server": "Rasa server",
    "actions.server": "action server",
    "shopbot.web": "web server",
}
#: At or above this share of one core a process is saturated.
SATURATED_PERCENT = 90.0


def _option(arguments: Sequence[str], name: str) -> str | None:
    for position, argument in enumerate(arguments[:-1]):
        if argument == name:
            return arguments[position + 1]
    return None


def process_label(name: str, arguments: Sequence[str], pid: int) -> str:
    """What a process is, from its program name and command line; services as one label,
    other processes with their id."""
    if name in _SERVICES:
        return _SERVICES[name]
    module = _option(arguments, "-m")
    if module in _MODULES:
        port = _option(arguments, "--port")
        where = f" :{port}" if port else ""
        return f"{_MODULES[module]}{where} (pid {pid})"
    if "conversations" in arguments and "follow" in arguments:
        return f"summaries consumer (pid {pid})"
    if module:
        return f"python -m {module} (pid {pid})"
    command = _shopbot_command(arguments)
    if command:
        return f"{command} (pid {pid})"
    return f"{name} (pid {pid})"


def _shopbot_command(arguments: Sequence[str]) -> str | None:
    """``shopbot <group> <command>`` for a process of the ``shopbot`` command."""
    for position, argument in enumerate(arguments[:2]):
        if argument.rsplit("/", 1)[-1] == "shopbot":
            words = [word for word in arguments[position + 1 : position + 3] if word[:1] != "-"]
            return " ".join(["shopbot", *words])
    return None


@dataclass(frozen=True)
class ProcessCpu:
    """One process (or service) over the run: mean and peak share of one core."""

    label: str
    mean_percent: float
    peak_percent: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "process": self.label,
            "mean_percent": round(self.mean_percent, 1),
            "peak_percent": round(self.peak_percent, 1),
        }


@dataclass
class CpuReport:
    """The busiest processes first, and the machine as a whole (100% = all cores busy)."""

    processes: list[ProcessCpu] = field(default_factory=list)
    machine_mean_percent: float = 0.0
    machine_peak_percent: float = 0.0
    cores: int = 1
    seconds: float = 0.0

    def to_dict(self, top: int = 12) -> dict[str, Any]:
        """JSON-ready, the ``top`` busiest processes, with the verdict."""
        return {
            "cores": self.cores,
            "seconds": round(self.seconds, 1),
            "machine_mean_percent": round(self.machine_mean_percent, 1),
            "machine_peak_percent": round(self.machine_peak_percent, 1),
            "processes": [process.to_dict() for process in self.processes[:top]],
            "saturation": saturation(self),
        }


def saturation(report: CpuReport) -> str:
    """Which process is at 100% CPU, or that none is (and the machine's share)."""
    if not report.processes:
        return "no CPU figures"
    top = report.processes[0]
    if top.mean_percent >= SATURATED_PERCENT:
        return (
            f"{top.label} at {top.mean_percent:.0f}% of a core "
            f"(peak {top.peak_percent:.0f}%): the saturation point"
        )
    if report.machine_mean_percent >= SATURATED_PERCENT:
        return (
            f"all {report.cores} cores busy ({report.machine_mean_percent:.0f}%): no single "
            f"process at 100%, the largest share is {top.label} ({top.mean_percent:.0f}%)"
        )
    return (
        f"no process at 100% (the busiest: {top.label}, {top.mean_percent:.0f}%; the "
        f"machine at {report.machine_mean_percent:.0f}%): the limit is not CPU"
    )


def _busy_seconds(times: Any) -> float:
    return float(times.user) + float(times.system)


class CpuMonitor:
    """Samples every process each ``interval`` seconds in a thread, between :meth:`start`
    and :meth:`stop`. ``names`` labels known processes by id (the load generator)."""

    def __init__(self, interval: float = 1.0, names: Mapping[int, str] | None = None) -> None:
        self.interval = interval
        self.names = dict(names or {})
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._labels: dict[int, str] = {}
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._peaks: dict[str, float] = {}
        self._machine: list[float] = []
        self._started = 0.0
        self._sampled = 0.0
        self._lock = threading.Lock()

    def _sample(self, elapsed: float) -> None:
        with self._lock:
            self._sample_locked(elapsed)
            self._sampled = time.monotonic()

    def _sample_locked(self, elapsed: float) -> None:
        ticks: dict[str, float] = {}
        for process in psutil.process_iter(["name", "cmdline", "cpu_times"]):
            info = process.info
            times = info.get("cpu_times")
            if times is None:
                continue
            pid = int(process.pid)
            busy = _busy_seconds(times)
            if pid not in self._labels:
                named = self.names.get(pid)
                self._labels[pid] = named or process_label(
                    str(info.get("name") or "?"), list(info.get("cmdline") or []), pid
                )
                self._first[pid] = busy
            previous = self._last.get(pid, busy)
            self._last[pid] = busy
            if elapsed > 0:
                label = self._labels[pid]
                ticks[label] = ticks.get(label, 0.0) + (busy - previous) / elapsed * 100
        for label, percent in ticks.items():
            self._peaks[label] = max(self._peaks.get(label, 0.0), percent)
        if elapsed > 0:
            self._machine.append(float(psutil.cpu_percent(interval=None)))

    def _loop(self) -> None:
        last = time.monotonic()
        while not self._stop.wait(self.interval):
            now = time.monotonic()
            self._sample(now - last)
            last = now

    def start(self) -> CpuMonitor:
        """Take the first sample and start sampling."""
        psutil.cpu_percent(interval=None)
        self._sample(0.0)
        self._started = self._sampled
        self._thread = threading.Thread(target=self._loop, name="cpu-monitor", daemon=True)
        self._thread.start()
        return self

    def busiest(self) -> ProcessCpu | None:
        """The busiest process so far (for a progress line)."""
        processes = self.report().processes
        return processes[0] if processes else None

    def stop(self) -> CpuReport:
        """Stop sampling; the report."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        return self.report()

    def report(self) -> CpuReport:
        """Mean (busy seconds over the time sampled) and peak (busiest sample) per label."""
        with self._lock:
            seconds = max(self._sampled - self._started, 1e-9)
            busy: dict[str, float] = {}
            for pid, label in self._labels.items():
                busy[label] = busy.get(label, 0.0) + self._last[pid] - self._first[pid]
            peaks = dict(self._peaks)
            machine = list(self._machine)
        processes = [
            ProcessCpu(label, total / seconds * 100, peaks.get(label, 0.0))
            for label, total in busy.items()
            if total > 0
        ]
        processes.sort(key=lambda process: process.mean_percent, reverse=True)
        return CpuReport(
            processes=processes,
            machine_mean_percent=sum(machine) / len(machine) if machine else 0.0,
            machine_peak_percent=max(machine, default=0.0),
            cores=psutil.cpu_count() or 1,
            seconds=seconds,
        )
