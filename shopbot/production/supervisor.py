"""Talking to the profile's supervisord: start it, read its programs, shut it down.

supervisord daemonizes itself; it is reached over its unix socket with supervisor's own
XML-RPC transport (the interface ``supervisorctl`` uses).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from supervisor.xmlrpc import SupervisorTransport

from core.errors import DeploymentError
from shopbot.production.profile import Profile

__all__ = ["ProgramInfo", "Supervisor", "pid_alive"]

SUPERVISORD = Path(sys.executable).with_name("supervisord")


@dataclass(frozen=True)
class ProgramInfo:
    """One program as supervisord sees it."""

    name: str
    state: str  # RUNNING, STARTING, BACKOFF, FATAL, EXITED, STOPPED, ...
    pid: int
    description: str


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists (and is not a zombie we could reap)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a child of ours that exited but was not reaped yet is gone for our purpose
        reaped, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return reaped == 0


class Supervisor:
    """The supervisord of one profile."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def _proxy(self) -> Any:
        transport = SupervisorTransport(serverurl=f"unix://{self.profile.supervisor_socket}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def pid(self) -> int | None:
        """supervisord's pid, when its pid file names a live process."""
        try:
            pid = int(self.profile.supervisor_pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) else None

    def running(self) -> bool:
        """Whether supervisord runs and answers on its socket."""
        if self.pid() is None:
            return False
        try:
            return bool(self._proxy().supervisor.getState()["statename"] == "RUNNING")
        except (OSError, xmlrpc.client.Error):
            return False

    def start(self, environment: Mapping[str, str], timeout: float = 30) -> None:
        """Start supervisord (it daemonizes) with ``environment``; waits for its socket."""
        log = self.profile.log_dir / "supervisord.out"
        with log.open("ab") as out:
            result = subprocess.run(
                [str(SUPERVISORD), "-c", str(self.profile.supervisor_conf)],
                env=dict(environment),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        if result.returncode != 0:
            raise DeploymentError(
                f"supervisord did not start (exit {result.returncode}); see {log}"
            )
        deadline = time.monotonic() + timeout
        while not self.running():
            if time.monotonic() > deadline:
                raise DeploymentError(
                    f"supervisord does not answer on {self.profile.supervisor_socket}"
                )
            time.sleep(0.2)

    def start_programs(self, names: list[str]) -> None:
        """Start the programs ``names`` (not waiting for them: see :mod:`.health`)."""
        proxy = self._proxy()
        for name in names:
            try:
                proxy.supervisor.startProcess(name, False)
            except xmlrpc.client.Fault as fault:
                if "ALREADY_STARTED" not in fault.faultString:
                    raise DeploymentError(
                        f"supervisord cannot start {name}: {fault.faultString}"
                    ) from None

    def programs(self) -> list[ProgramInfo]:
        """Every program and its state."""
        infos = cast(list[dict[str, Any]], self._proxy().supervisor.getAllProcessInfo())
        return [
            ProgramInfo(
                name=str(info["name"]),
                state=str(info["statename"]),
                pid=int(info["pid"]),
                description=str(info["description"]),
            )
            for info in infos
        ]

    def shutdown(self, timeout: float = 60) -> list[int]:
        """Stop every program and supervisord; waits until all are gone. The pids that
        were still running at the deadline (killed then), normally none."""
        pid = self.pid()
        if pid is None:
            return []
        try:
            children = [info.pid for info in self.programs() if info.pid]
            self._proxy().supervisor.shutdown()
        except (OSError, xmlrpc.client.Error):
            children = []
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        pids = [pid, *children]
        while any(pid_alive(p) for p in pids) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [p for p in pids if pid_alive(p)]
        for p in left:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(p, signal.SIGKILL)
        return left
