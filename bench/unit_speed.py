"""Speed of the operations whose unit tests count work instead of timing it.

Run from the project root with the action-server environment::

    .venv/bin/python -m bench.unit_speed                  # readable table on stdout
    .venv/bin/python -m bench.unit_speed --json           # one JSON document on stdout
    .venv/bin/python -m bench.unit_speed --only query_parse,database_down

The message length guard needs Rasa: ``.venv-rasa/bin/python -m bench.guard_speed``.

Each operation runs once untimed, then ``n`` timed times (p50, p95, mean and max in ms).
Databases are SQLite files in a temporary folder, created and migrated outside the timed
part. The operations, and the unit test that checks their work deterministically:

- ``query_parse``: ``QueryParser(generate_catalog(2400)).parse`` of each labelled query of
  ``bench/data/search_queries.tsv``, after 10 warm-up parses
  (``tests/knowledge/test_query_parser.py``: one spaCy document per message, of at most
  ``MAX_CHARS`` characters);
- ``query_parse_10k_chars``: the same parser on a 10,000-character message;
- ``catalog_save_new``: ``save_catalog`` of the 2,400-product demo catalog into an empty
  database (``tests/knowledge/test_catalog_store.py``: bulk inserts, never one per product);
- ``catalog_save_unchanged``: saving the same catalog again (the test: reads only);
- ``catalog_read_10mb_csv``, ``catalog_read_10mb_jsonl``: ``read_catalog`` of a file with a
  10 MB description on one line (``tests/knowledge/test_catalog_ingest.py``: the field is
  cut, memory stays a small multiple of the line);
- ``database_down``: ``Database.ping`` of a PostgreSQL URL where nothing listens (port 1),
  until ``DatabaseUnavailable`` (``tests/db/test_database.py``: the driver gets the
  3-second connect timeout; a refused connection fails at once, a silent host within it);
- ``seed_5000_orders``: ``seed_demo_data`` of 1,000 customers and 5,000 orders, the demo
  catalog included, into an empty database (``tests/db/test_seed.py``: bulk inserts).

Progress goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from itertools import count
from pathlib import Path
from typing import Any

from bench.timing import format_table, machine, progress, summarise_ms, time_calls
from core.db.database import Database
from core.db.migrate import upgrade
from core.errors import DatabaseUnavailable
from knowledge.catalog import (
    CSV_COLUMNS,
    generate_catalog,
    read_catalog,
    save_catalog,
)
from knowledge.query import QueryParser
from knowledge.search.metrics import read_labelled_queries
from shopbot.demo.seed import seed_demo_data

__all__ = ["OPERATIONS", "main", "write_huge_field_files"]

PROJECT_ROOT = Path(__file__).resolve().parents[1]

NAME = "unit_speed"
QUERIES = PROJECT_ROOT / "bench" / "data" / "search_queries.tsv"
DOWN_URL = "postgresql+psycopg://nobody:unused@127.0.0.1:1/none"
SEED_TODAY = date(2026, 1, 10)
Timings = list[float]


class _Folder:
    """Fresh, migrated SQLite databases in one temporary folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._numbers = count(1)

    def database(self) -> Database:
        db = Database(f"sqlite:///{self.path / f'shop-{next(self._numbers)}.db'}")
        upgrade(db)
        return db


def _query_parse(_folder: _Folder) -> dict[str, Timings]:
    parser = QueryParser(generate_catalog(2400))
    texts = [query.query for query in read_labelled_queries(QUERIES)]
    for text in texts[:10]:
        parser.parse(text)
    timings: Timings = []
    for text in texts:
        timings += time_calls(partial(parser.parse, text), 1, warm_up=0)
    long_text = ("I'm looking for warm merino socks for hiking in winter " * 200)[:10_000]
    return {
        "query_parse": timings,
        "query_parse_10k_chars": time_calls(lambda: parser.parse(long_text), 50),
    }


def _catalog_save(folder: _Folder) -> dict[str, Timings]:
    products = generate_catalog()
    databases: list[Database] = []

    def fresh() -> None:
        databases.append(folder.database())

    new = time_calls(lambda: save_catalog(databases[-1], products), 5, before_each=fresh)
    unchanged = time_calls(lambda: save_catalog(databases[-1], products), 5)
    for db in databases:
        db.dispose()
    return {"catalog_save_new": new, "catalog_save_unchanged": unchanged}


def write_huge_field_files(folder: Path) -> dict[str, Path]:
    """A CSV and a JSON Lines catalog whose first product has a 10 MB description."""
    product: dict[str, Any] = {
        "id": "H1",
        "title": "Huge " * 100_000,
        "description": "very long words " * 650_000,
        "price": "5",
        "currency": "EUR",
    }
    csv_row = ",".join(f'"{product.get(column, "")}"' for column in CSV_COLUMNS)
    csv_path = folder / "huge.csv"
    csv_path.write_text(
        ",".join(CSV_COLUMNS) + "\n" + csv_row + "\nH2,Small,,,,1,EUR,,,,,,,,\n", encoding="utf-8"
    )
    second = {"id": "H2", "title": "Small", "price": 1, "currency": "EUR"}
    jsonl_path = folder / "huge.jsonl"
    jsonl_path.write_text(json.dumps(product) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    return {"csv": csv_path, "jsonl": jsonl_path}


def _catalog_read(folder: _Folder) -> dict[str, Timings]:
    files = write_huge_field_files(folder.path)
    return {
        f"catalog_read_10mb_{kind}": time_calls(partial(read_catalog, path), 5)
        for kind, path in files.items()
    }


def _database_down(_folder: _Folder) -> dict[str, Timings]:
    databases: list[Database] = []

    def ping() -> None:
        try:
            databases[-1].ping()
        except DatabaseUnavailable:
            return
        raise RuntimeError(f"a database answered at {DOWN_URL}")

    timings = time_calls(ping, 20, before_each=lambda: databases.append(Database(DOWN_URL)))
    for db in databases:
        db.dispose()
    return {"database_down": timings}


def _seed(folder: _Folder) -> dict[str, Timings]:
    databases: list[Database] = []

    def seed() -> None:
        seed_demo_data(databases[-1], customers=1000, orders=5000, today=SEED_TODAY)

    timings = time_calls(seed, 3, before_each=lambda: databases.append(folder.database()))
    for db in databases:
        db.dispose()
    return {"seed_5000_orders": timings}


#: Group of operations -> the function measuring them (each gives name -> timings).
OPERATIONS: dict[str, Callable[[_Folder], dict[str, Timings]]] = {
    "query_parse": _query_parse,
    "catalog_save": _catalog_save,
    "catalog_read": _catalog_read,
    "database_down": _database_down,
    "seed": _seed,
}


def _groups(text: str) -> list[str]:
    groups = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(groups) - set(OPERATIONS))
    if unknown or not groups:
        raise argparse.ArgumentTypeError(
            f"choose from {', '.join(OPERATIONS)} (got {', '.join(unknown) or 'nothing'})"
        )
    return groups


def main(argv: Sequence[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--only", type=_groups, default=list(OPERATIONS), help=", ".join(OPERATIONS)
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    at_start = machine()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="unit-speed-") as tmp:
        folder = _Folder(Path(tmp))
        for group in args.only:
            progress(NAME, f"measuring {group}")
            for name, timings in OPERATIONS[group](folder).items():
                results[name] = summarise_ms(timings)
                progress(NAME, f"{name}: p50 {results[name]['p50']:.2f} ms")
    report = {
        "benchmark": NAME,
        "operations_ms": results,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {**at_start, "load_average_at_end": machine()["load_average"]},
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_table("Unit operations (ms)", results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
