"""Output helpers of the command line.

Data goes to stdout as ONE JSON document (``--json``) or a readable table; progress, logs
and errors go to stderr, so ``shopbot ... --json | jq`` always sees clean JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from core.errors import DatabaseUnavailable, ShopbotError

__all__ = [
    "EXIT_DATABASE_UNAVAILABLE",
    "fail",
    "json_default",
    "print_json",
    "shopbot_errors",
    "stage_progress",
    "stderr",
    "stdout",
]

EXIT_DATABASE_UNAVAILABLE = 3

#: Progress, logs and errors.
stderr = Console(stderr=True)
#: Human-readable data (tables); JSON goes through :func:`print_json` instead.
stdout = Console()


@contextmanager
def stage_progress() -> Iterator[Any]:
    """A ``report(stage, done, total)`` callback drawing one bar per stage on stderr."""
    with Progress(
        TextColumn("[bold]{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=max(total, 1))
            progress.update(tasks[stage], completed=done if total else 1)

        yield report


def json_default(value: Any) -> Any:
    """JSON encoding of the types our data holds: decimals as strings, times as ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    """Write ``data`` to stdout as one JSON document followed by a newline."""
    sys.stdout.write(json.dumps(data, default=json_default, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")
    sys.stdout.flush()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error on stderr and leave with ``code``."""
    stderr.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def shopbot_errors() -> Iterator[None]:
    """Turn shopbot errors into a one-line message on stderr and a non-zero exit.

    Exit code 3 means the database is unavailable, 1 any other shopbot error (2 stays
    the usage-error code of the command line itself).
    """
    try:
        yield
    except DatabaseUnavailable as error:
        fail(str(error), code=EXIT_DATABASE_UNAVAILABLE)
    except ShopbotError as error:
        fail(str(error), code=1)


def counting_progress(label: str, *, enabled: bool = True) -> Progress:
    """A transient progress bar on stderr: ``label``, bar, done/total, elapsed time."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not enabled,
    )
