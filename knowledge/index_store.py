"""The product index on disk: a FAISS file plus a JSON manifest, and the index's errors.

A saved index is a folder holding ``manifest.json`` and the FAISS file it names
(``index-<random>.faiss``). Saving writes a new FAISS file, then replaces the manifest
atomically, then deletes older FAISS files: a process killed mid-save leaves the previous
index usable, and a reader never sees a manifest whose FAISS file is half written.

Errors (all :class:`core.errors.ShopbotError`)::

    ProductIndexError        the index cannot do what was asked (e.g. duplicate product ids)
    └── StaleIndexError      the index on disk must not be used; ``reason`` says why:
                             missing, corrupt, format, encoder, dimension, fingerprint
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from core.errors import ShopbotError

__all__ = [
    "FORMAT_VERSION",
    "MANIFEST_NAME",
    "STALE_REASONS",
    "IndexManifest",
    "ProductIndexError",
    "StaleIndexError",
    "read_faiss",
    "read_manifest",
    "write_index_files",
]

FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
STALE_REASONS = ("missing", "corrupt", "format", "encoder", "dimension", "fingerprint")


class ProductIndexError(ShopbotError):
    """The product index cannot do what was asked."""


class StaleIndexError(ProductIndexError):
    """The saved index must not be used for this catalog and encoder; rebuild it.

    ``reason`` is one of :data:`STALE_REASONS`.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class IndexManifest:
    """Everything about a saved index except its vectors.

    ``ids``, ``labels`` (the FAISS int64 ids) and ``text_hashes`` are aligned, in insertion
    order. ``tombstones`` are FAISS ids still in an HNSW graph but no longer live.
    """

    encoder: str
    dimension: int
    kind: str
    fingerprint: str
    built_at: str
    updated_at: str
    ids: list[str]
    labels: list[int]
    text_hashes: list[str]
    tombstones: list[int] = field(default_factory=list)
    hnsw: dict[str, int] = field(default_factory=dict)
    index_file: str = ""
    index_bytes: int = 0
    faiss_version: str = ""
    format_version: int = FORMAT_VERSION

    @property
    def counts(self) -> dict[str, int]:
        """Items, vectors in FAISS and tombstones."""
        items = len(self.ids)
        return {
            "items": items,
            "vectors": items + len(self.tombstones),
            "tombstones": len(self.tombstones),
        }

    def to_json(self) -> dict[str, Any]:
        """The manifest as written (with ``counts`` for readers)."""
        return {**asdict(self), "counts": self.counts}

    @classmethod
    def from_json(cls, data: Any) -> IndexManifest:
        """Parse and check a manifest; raises ``StaleIndexError`` (corrupt or format)."""
        if not isinstance(data, dict):
            raise StaleIndexError("corrupt", "the index manifest is not a JSON object")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise StaleIndexError(
                "format", f"index format {version!r} is not the supported {FORMAT_VERSION}"
            )
        try:
            manifest = cls(
                encoder=str(data["encoder"]),
                dimension=int(data["dimension"]),
                kind=str(data["kind"]),
                fingerprint=str(data["fingerprint"]),
                built_at=str(data["built_at"]),
                updated_at=str(data["updated_at"]),
                ids=[str(value) for value in data["ids"]],
                labels=[int(value) for value in data["labels"]],
                text_hashes=[str(value) for value in data["text_hashes"]],
                tombstones=[int(value) for value in data.get("tombstones", [])],
                hnsw={str(key): int(value) for key, value in data.get("hnsw", {}).items()},
                index_file=str(data["index_file"]),
                index_bytes=int(data["index_bytes"]),
                faiss_version=str(data.get("faiss_version", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StaleIndexError("corrupt", f"the index manifest is malformed: {error}") from None
        consistent = (
            len(manifest.ids) == len(manifest.labels) == len(manifest.text_hashes)
            and len(set(manifest.ids)) == len(manifest.ids)
            and len(set(manifest.labels) | set(manifest.tombstones)) == manifest.counts["vectors"]
            and manifest.kind in ("flat", "hnsw")
            and Path(manifest.index_file).name == manifest.index_file
            and manifest.index_file.endswith(".faiss")
        )
        if not consistent:
            raise StaleIndexError("corrupt", "the index manifest is inconsistent")
        return manifest


def read_manifest(directory: str | Path) -> IndexManifest:
    """The manifest of the index saved in ``directory``; raises ``StaleIndexError``."""
    path = Path(directory) / MANIFEST_NAME
    if not path.is_file():
        raise StaleIndexError("missing", f"no index in {directory} (no {MANIFEST_NAME})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StaleIndexError("corrupt", f"the index manifest cannot be read: {error}") from None
    return IndexManifest.from_json(data)


def read_faiss(directory: str | Path, manifest: IndexManifest) -> Any:
    """The FAISS index a manifest names, checked against it; raises ``StaleIndexError``."""
    path = Path(directory) / manifest.index_file
    if not path.is_file():
        raise StaleIndexError("missing", f"the index file {manifest.index_file} is missing")
    if path.stat().st_size != manifest.index_bytes:
        raise StaleIndexError("corrupt", f"the index file {manifest.index_file} is truncated")
    try:
        index = faiss.read_index(str(path))
    except RuntimeError as error:
        raise StaleIndexError("corrupt", f"FAISS cannot read the index: {error}") from None
    if not isinstance(index, faiss.IndexIDMap2) or index.d != manifest.dimension:
        raise StaleIndexError("corrupt", "the index file does not match its manifest")
    stored = np.sort(faiss.vector_to_array(index.id_map))
    listed = np.sort(np.array([*manifest.labels, *manifest.tombstones], dtype=np.int64))
    if not np.array_equal(stored, listed):
        raise StaleIndexError("corrupt", "the index file holds other ids than its manifest")
    return index


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_index_files(directory: str | Path, faiss_index: Any, manifest: IndexManifest) -> Path:
    """Save ``faiss_index`` and ``manifest`` atomically (see the module docs).

    The manifest's ``index_file`` and ``index_bytes`` are filled in here; returns the folder.
    """
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    index_file = f"index-{uuid.uuid4().hex[:12]}.faiss"
    temporary = folder / f"{index_file}.tmp"
    faiss.write_index(faiss_index, str(temporary))
    _fsync_file(temporary)
    temporary.replace(folder / index_file)
    written = replace(
        manifest,
        index_file=index_file,
        index_bytes=(folder / index_file).stat().st_size,
        faiss_version=faiss.__version__,
    )
    manifest_tmp = folder / f"{MANIFEST_NAME}.tmp"
    manifest_tmp.write_text(json.dumps(written.to_json()), encoding="utf-8")
    _fsync_file(manifest_tmp)
    manifest_tmp.replace(folder / MANIFEST_NAME)
    for old in folder.glob("index-*.faiss*"):
        if old.name != index_file:
            old.unlink(missing_ok=True)
    return folder
