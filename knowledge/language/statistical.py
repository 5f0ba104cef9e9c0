"""langdetect, seeded and restricted to a candidate set, loaded lazily once per process.

Latin-script text is scored by :mod:`knowledge.language.ngram` (the same profiles, read
deterministically); :func:`language_probabilities` serves the scripts of several languages
(Cyrillic, Arabic, Devanagari).
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping
from typing import Any

from knowledge.language.languages import normalise_code

__all__ = ["MAX_CHARACTERS", "langdetect_languages", "language_probabilities", "load_factory"]

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


def language_probabilities(
    text: str, candidates: Collection[str], weights: Mapping[str, float] | None = None
) -> dict[str, float]:
    """langdetect's probabilities over ``candidates`` only, renormalised to sum 1.

    ``weights`` (default 1 for every candidate) is langdetect's prior over the candidates;
    languages outside ``candidates`` get prior 0, so they cannot win. Returns ``{}`` when
    langdetect finds no features (no letters it knows) or no candidate has a profile.
    """
    from langdetect.lang_detect_exception import LangDetectException

    factory = load_factory()
    wanted = {normalise_code(code) for code in candidates}
    prior = {
        code: float((weights or {}).get(normalise_code(code), 1.0))
        for code in factory.get_lang_list()
        if normalise_code(code) in wanted
    }
    if not any(value > 0 for value in prior.values()):
        return {}
    detector = factory.create()
    detector.set_prior_map(prior)
    detector.append(text[:MAX_CHARACTERS])
    try:
        ranked = detector.get_probabilities()
    except LangDetectException:
        return {}
    merged: dict[str, float] = {}
    for item in ranked:
        code = normalise_code(item.lang)
        if code in wanted:
            merged[code] = merged.get(code, 0.0) + float(item.prob)
    total = sum(merged.values())
    return {code: prob / total for code, prob in merged.items()} if total > 0 else {}
