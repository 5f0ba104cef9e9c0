"""``shopbot index``: build the semantic product index and check whether it is current.

The products come from the order database: through ``knowledge.catalog.store`` (its
``load_catalog(db)`` and ``catalog_fingerprint``) when that module is installed, else
straight from the active rows of the ``products`` table. Index folders default to
``var/index/<encoder short name>/``; vectors are cached in ``var/cache/embeddings/``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from core.db.database import Database
from core.settings import PROJECT_ROOT
from knowledge.catalog.store import catalog_fingerprint, load_catalog
from knowledge.embedding_cache import DEFAULT_CACHE_DIR, EmbeddingCache, ProgressCallback
from knowledge.encoders import DEFAULT_ENCODER_SPEC, Encoder, load_encoder, short_name
from knowledge.index import IndexItem, ProductIndex, StaleIndexError
from knowledge.index_store import MANIFEST_NAME, read_manifest
from shopbot.cli.db import DatabaseUrlOption, JsonOption, open_database
from shopbot.cli.output import print_json, shopbot_errors, stderr, stdout

__all__ = [
    "CatalogSnapshot",
    "app",
    "default_index_dir",
    "encoding_progress",
    "load_catalog_snapshot",
]

app = typer.Typer(help="Build and check the semantic product index.", no_args_is_help=True)

EncoderOption = Annotated[
    str,
    typer.Option(
        "--encoder", help="minilm (English), e5 (multilingual) or st:<model name or path>."
    ),
]
DirOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "--dir",
        help="Index folder (default: var/index/<encoder>/).",
        show_default=False,
    ),
]


def default_index_dir(encoder: Encoder) -> Path:
    """``var/index/<short name>/`` of the project (``minilm``, ``e5``, ...)."""
    return PROJECT_ROOT / "var" / "index" / short_name(encoder.name)


@dataclass(frozen=True)
class CatalogSnapshot:
    """The products to index, their fingerprint, and where they came from."""

    items: list[IndexItem]
    fingerprint: str
    source: str


def load_catalog_snapshot(database: Database) -> CatalogSnapshot:
    """The active catalog in the database and its fingerprint."""
    products = load_catalog(database)
    return CatalogSnapshot(list(products), catalog_fingerprint(products), "catalog")


def _snapshot(database_url: str | None) -> CatalogSnapshot:
    database = open_database(database_url)
    try:
        return load_catalog_snapshot(database)
    finally:
        database.dispose()


@contextmanager
def encoding_progress(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("[bold]Encoding"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("encoding", total=None)

        def report(done: int, total: int) -> None:
            progress.update(task, completed=done, total=max(total, 1))

        yield report


def _folder_bytes(directory: Path) -> int:
    manifest = read_manifest(directory)
    return manifest.index_bytes + (directory / MANIFEST_NAME).stat().st_size


@app.command("build")
def build(
    encoder_spec: EncoderOption = DEFAULT_ENCODER_SPEC,
    kind: Annotated[
        str,
        typer.Option("--kind", help="auto (exact up to 100,000 products, HNSW above), flat, hnsw."),
    ] = "auto",
    out: DirOption = None,
    cache_dir: Annotated[
        Path, typer.Option("--cache-dir", help="Folder of the embedding cache.")
    ] = DEFAULT_CACHE_DIR,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Encode every product; neither read nor write.")
    ] = False,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")
    ] = True,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, help="CPU threads of the model (default: all cores)."),
    ] = None,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Encode the active products and write a fresh index (unchanged texts come from cache)."""
    started = time.perf_counter()
    with shopbot_errors():
        encoder = load_encoder(encoder_spec, threads=threads)
        if kind not in ("auto", "flat", "hnsw"):
            raise typer.BadParameter("use auto, flat or hnsw", param_hint="--kind")
        snapshot = _snapshot(database_url)
        directory = out or default_index_dir(encoder)
        cache = None if no_cache else EmbeddingCache(cache_dir)
        stderr.print(
            f"Indexing {len(snapshot.items)} products from the {snapshot.source} "
            f"with {encoder.name}."
        )
        with encoding_progress(progress) as report:
            index = ProductIndex.build(
                snapshot.items,
                encoder,
                fingerprint=snapshot.fingerprint,
                kind=kind,
                cache=cache,
                progress=report,
            )
        index.save(directory)
    stats = index.last_stats
    result = {
        "directory": str(directory),
        "items": len(index),
        "encoder": index.encoder_name,
        "dimension": index.dimension,
        "kind": index.kind,
        "source": snapshot.source,
        "fingerprint": index.fingerprint,
        "seconds": round(time.perf_counter() - started, 3),
        "from_cache": stats.from_cache,
        "encoded": stats.encoded,
        "index_bytes": _folder_bytes(directory),
    }
    if json_output:
        print_json(result)
        return
    table = Table(title="Product index built", show_header=False)
    for key, value in result.items():
        table.add_row(key, str(value))
    stdout.print(table)


@app.command("status")
def status(
    encoder_spec: EncoderOption = DEFAULT_ENCODER_SPEC,
    directory: DirOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with status 1 when the index is stale.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    json_output: JsonOption = False,
) -> None:
    """Say whether the saved index is current for the catalog and encoder, and if not, why."""
    with shopbot_errors():
        encoder = load_encoder(encoder_spec)
        folder = directory or default_index_dir(encoder)
        snapshot = _snapshot(database_url)
    result: dict[str, Any] = {
        "directory": str(folder),
        "encoder": encoder.name,
        "catalog_items": len(snapshot.items),
        "catalog_fingerprint": snapshot.fingerprint,
    }
    try:
        index = ProductIndex.load(folder, encoder, expected_fingerprint=snapshot.fingerprint)
    except StaleIndexError as error:
        result.update(current=False, reason=error.reason, message=str(error))
    else:
        result.update(current=True, reason=None, message="the index is current")
        result.update(items=len(index), kind=index.kind, tombstones=index.tombstone_count)
        result.update(built_at=index.built_at, updated_at=index.updated_at)
        result.update(index_bytes=_folder_bytes(folder))
    if json_output:
        print_json(result)
    else:
        table = Table(title="Product index", show_header=False)
        for key, value in result.items():
            table.add_row(key, str(value))
        stdout.print(table)
    if check and not result["current"]:
        raise typer.Exit(1)
