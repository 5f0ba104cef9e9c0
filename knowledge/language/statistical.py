"""langdetect's profiles, loaded lazily once per process.

The detector reads them deterministically (:mod:`knowledge.language.ngram`); this module
loads them and says which languages have one.
"""

from __future__ import annotations

import threading
from typing import Any

from knowledge.language.languages import normalise_code

__all__ = ["MAX_CHARACTERS", "langdetect_languages", "load_factory"]

MAX_CHARACTERS = 2000
"""Text beyond this is not looked at (langdetect's cost grows with the text)."""

_lock = threading.Lock()
_factory: Any = None


def load_factory() -> Any:
    """The profile-loaded factory (about a second the first time, then shared)."""
    global _factory
    if _factory is None:
        with _lock:
            if _factory is None:
                from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

                factory = DetectorFactory()
                factory.load_profile(PROFILES_DIRECTORY)
                factory.seed = 0  # deterministic: the same text always gets the same answer
                _factory = factory
    return _factory


def langdetect_languages() -> frozenset[str]:
    """The (normalised) languages langdetect has profiles for."""
    return frozenset(normalise_code(code) for code in load_factory().get_lang_list())
