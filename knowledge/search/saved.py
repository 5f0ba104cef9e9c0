"""The search engine's catalog structures on disk, beside the product index.

Building the facet table and BM25 walks every product (about a minute at a million);
loading them takes well under a second. A folder holds ``parts.json`` (the catalog
fingerprint, the number of products, whether BM25 is there), ``facets.npz`` and
``lexical/`` (``bm25s``'s files, memory-mapped when loaded). It is written to a fresh
folder and then renamed into place; a reader checks that ``parts.json`` (which names the
save) did not change while it read, so it never mixes two saves.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from knowledge.search.facets import FacetTable
from knowledge.search.lexical import LexicalIndex

__all__ = ["PARTS_VERSION", "SavedParts", "load_parts", "save_parts"]

logger = logging.getLogger(__name__)

#: Changes when what is saved changes (older folders are then rebuilt).
PARTS_VERSION = 1
_MANIFEST = "parts.json"


@dataclass(frozen=True)
class SavedParts:
    """The facet table and (unless the mode needs none) BM25 of one catalog."""

    facets: FacetTable
    lexical: LexicalIndex | None


def save_parts(directory: str | Path, fingerprint: str, parts: SavedParts) -> None:
    """Write ``parts`` of the catalog with ``fingerprint`` into ``directory`` (replaced)."""
    folder = Path(directory)
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = folder.with_name(f"{folder.name}.tmp-{uuid.uuid4().hex[:8]}")
    fresh.mkdir()
    parts.facets.save(fresh / "facets.npz")
    if parts.lexical is not None and parts.lexical.size:
        parts.lexical.save(fresh / "lexical")
    manifest = {
        "version": PARTS_VERSION,
        "save": uuid.uuid4().hex,
        "fingerprint": fingerprint,
        "products": parts.facets.size,
        "lexical": (fresh / "lexical").is_dir(),
    }
    (fresh / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    old = folder.with_name(f"{folder.name}.old-{uuid.uuid4().hex[:8]}")
    try:
        if folder.exists():
            os.replace(folder, old)
        os.replace(fresh, folder)
    finally:
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(fresh, ignore_errors=True)


def load_parts(
    directory: str | Path, fingerprint: str, size: int, *, lexical: bool
) -> SavedParts | None:
    """The parts saved for this catalog, or ``None`` when missing, stale or unreadable."""
    folder = Path(directory)
    try:
        text = (folder / _MANIFEST).read_text(encoding="utf-8")
        manifest = json.loads(text)
        current = (
            manifest.get("version") == PARTS_VERSION
            and manifest.get("fingerprint") == fingerprint
            and manifest.get("products") == size
            and (manifest.get("lexical") or not lexical or not size)
        )
        if not current:
            return None
        facets = FacetTable.load(folder / "facets.npz")
        words = None
        if lexical:
            words = LexicalIndex.load(folder / "lexical") if size else LexicalIndex([])
        if (folder / _MANIFEST).read_text(encoding="utf-8") != text:
            return None  # replaced while being read
    except (OSError, ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as error:
        logger.info("rebuilding the search structures: %s", error)
        return None
    if facets.size != size or (words is not None and words.size != size):
        return None
    return SavedParts(facets, words)
