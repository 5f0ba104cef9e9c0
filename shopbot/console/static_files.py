"""The console's static files (``web/console``), served by name only under ``/console/static``.

Like the widget's files: a plain file name of a known type directly in the folder; no
sub-folders, no dot files, no directory listing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from core.settings import PROJECT_ROOT
from shopbot.served_files import plain_file

__all__ = ["CONSOLE_STATIC_DIR", "STATIC_TYPES", "static_file"]

CONSOLE_STATIC_DIR = PROJECT_ROOT / "web" / "console"
STATIC_TYPES: Mapping[str, str] = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}


def static_file(name: str, folder: Path = CONSOLE_STATIC_DIR) -> Path | None:
    """``folder/name`` if ``name`` is a plain file name of a served type in ``folder``."""
    return plain_file(folder, name, STATIC_TYPES)
