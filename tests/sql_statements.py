"""Counting the SQL statements a piece of code sends: its database work counted, not timed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

__all__ = ["recorded_statements", "statement_kind"]


def statement_kind(statement: Any) -> str:
    """The first SQL keyword of a statement: ``INSERT``, ``SELECT``, ``UPDATE``, ..."""
    words = str(statement).split(None, 1)
    return words[0].upper() if words else ""


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[str]]:
    """The kind of every statement executed on ``engine`` inside the block, in order.

    One entry per ``Connection.execute`` call, however many rows it carries: a bulk insert
    of 1,000 rows counts once.
    """
    kinds: list[str] = []

    def record(_connection: Any, statement: Any, *_parameters: Any) -> None:
        kinds.append(statement_kind(statement))

    event.listen(engine, "before_execute", record)
    try:
        yield kinds
    finally:
        event.remove(engine, "before_execute", record)
