"""Helpers of the production profile's tests: nginx (or a clear skip), and a reader of
nginx's access log that says which server answered each request."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from core.errors import ConfigurationError
from shopbot.production.launcher import find_nginx

__all__ = ["AccessLog", "nginx_or_skip", "upstream_of"]

_UPSTREAM = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+)" (?P<status>\d{3}) .*upstream=(?P<upstream>\S+)'
)


def upstream_of(line: str) -> str:
    """The server nginx passed a logged request to."""
    match = _UPSTREAM.search(line)
    assert match, line
    return match.group("upstream")


def nginx_or_skip() -> str:
    """nginx's binary, or a skip saying how to install it (scripts/test.sh does)."""
    try:
        return find_nginx()
    except ConfigurationError as error:
        pytest.skip(f"nginx is not installed ({error})")


class AccessLog:
    """nginx's access log of the profile, read line by line as requests are made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def lines(self, count: int, timeout: float = 10) -> list[str]:
        """The next ``count`` lines (nginx writes a line when a request ends)."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.path.read_text(errors="replace") if self.path.exists() else ""
            new = text.encode()[self.offset :].decode(errors="replace")
            complete = new.splitlines(keepends=True)
            complete = [line for line in complete if line.endswith("\n")]
            if len(complete) >= count or time.monotonic() > deadline:
                taken = complete[:count]
                self.offset += len("".join(taken).encode())
                if len(taken) < count:
                    raise AssertionError(f"nginx logged {len(taken)} of {count} requests")
                return [line.rstrip("\n") for line in taken]
            time.sleep(0.05)

    def rest(self, settle: float = 1.0) -> list[str]:
        """Every line logged so far (after ``settle`` seconds for the last ones)."""
        time.sleep(settle)
        text = self.path.read_bytes()[self.offset :]
        complete = text[: text.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode(errors="replace").splitlines()

    def upstream_of_next(self) -> str:
        """The server that answered the next logged request (``$upstream_addr``)."""
        return upstream_of(self.lines(1)[0])
