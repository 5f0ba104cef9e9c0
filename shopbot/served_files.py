"""Files the web server serves by name: the one check that a requested name is a plain file
of a served type directly in its folder (no sub-folders, no dot files, no traversal)."""

from __future__ import annotations

import re
from collections.abc import Container
from pathlib import Path

__all__ = ["plain_file"]

_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+")


def plain_file(folder: Path, name: str, suffixes: Container[str]) -> Path | None:
    """``folder/name`` if ``name`` is a plain file name with one of ``suffixes`` that is a
    file directly in ``folder``; else None."""
    if not _FILE_NAME.fullmatch(name) or Path(name).suffix not in suffixes:
        return None
    path = folder / name
    try:
        if not path.is_file() or path.resolve().parent != folder.resolve():
            return None
    except OSError:
        return None
    return path
