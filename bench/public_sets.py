"""Where the benchmarks find the public evaluation sets (not part of the repository).

The sets (xSID validation, Tatoeba language-ID development sentences, UMSAB tweet sentiment)
are public data that nobody on this project wrote; they are measured on, never trained on,
and not shipped. Put them in one folder and point ``SHOPBOT_EVAL_DIR`` at it, or pass a file
to the benchmark's option.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["EVAL_DIR_VARIABLE", "public_set"]

EVAL_DIR_VARIABLE = "SHOPBOT_EVAL_DIR"


def public_set(file_name: str) -> Path | None:
    """``$SHOPBOT_EVAL_DIR/file_name`` when the variable is set, else ``None``."""
    folder = os.environ.get(EVAL_DIR_VARIABLE, "").strip()
    return Path(folder) / file_name if folder else None
