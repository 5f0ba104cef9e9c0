"""The profile's secrets: the environment's when set, else generated once into a file.

``var/prod/secrets.env`` (mode 0600, ``NAME=value`` lines, like ``var/secrets.env`` of
``make run``) holds a random 64-hex-character value for every name the environment does not
give: the application's secrets and the backing services' passwords. A name missing from the
file is added; values already there are never changed, so the databases' and brokers'
passwords stay what they were set to.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

from core.errors import ConfigurationError
from core.secret_rules import secret_problem

__all__ = ["read_secret_file", "resolve_secrets"]

_LINE = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")


def read_secret_file(path: Path) -> dict[str, str]:
    """The ``NAME=value`` lines of ``path`` (empty when it does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line.strip())
        if match:
            values[match.group(1)] = match.group(2)
    return values


def resolve_secrets(
    path: Path, names: Iterable[str], environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Each of ``names``: from ``environ`` when set there, else from ``path``, where a
    missing one is generated and appended (the file is created with mode 0600). A value
    that is not a real secret (core.secret_rules) is refused, naming the variable only."""
    environ = os.environ if environ is None else environ
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.fchmod(fd, 0o600)
        stored = read_secret_file(path)
        resolved: dict[str, str] = {}
        for name in names:
            value = environ.get(name) or stored.get(name)
            if not value:
                value = secrets.token_hex(32)
                os.write(fd, f"{name}={value}\n".encode())
                stored[name] = value
            problem = secret_problem(value)
            if problem:
                where = name if environ.get(name) else f"{name} in {path}"
                raise ConfigurationError(f"{where} {problem}")
            resolved[name] = value
    finally:
        os.close(fd)
    return resolved
