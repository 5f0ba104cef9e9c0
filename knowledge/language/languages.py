"""The language sets: what the bot speaks and what the detector may answer."""

from __future__ import annotations

from core.languages import REPLY_LANGUAGES

__all__ = [
    "DEFAULT_CANDIDATE_LANGUAGES",
    "OTHER_COMMON_LANGUAGES",
    "SPOKEN_LANGUAGES",
    "UNDETERMINED",
    "normalise_code",
]

UNDETERMINED = "und"
"""ISO 639-2 code for "nothing can be said" (emoji, digits, punctuation, empty)."""

SPOKEN_LANGUAGES: tuple[str, ...] = REPLY_LANGUAGES
"""Languages the bot answers in natively (:data:`core.languages.REPLY_LANGUAGES`)."""

OTHER_COMMON_LANGUAGES: tuple[str, ...] = (
    "ru", "uk", "bg", "pl", "cs", "sv", "da", "no", "fi", "tr", "hu", "ro",
    "ja", "ko", "ar", "fa", "el", "he", "hi", "th", "vi", "id",
)  # fmt: skip
"""Understood (by the multilingual embeddings) but not spoken; all have langdetect profiles.

Left out on purpose: Latin-script languages that langdetect often proposes for short
messages in the spoken languages (ca, gl, af, tl, so, sw, cy, sq, sk, sl, hr, et, lt, lv).
"""

DEFAULT_CANDIDATE_LANGUAGES: tuple[str, ...] = SPOKEN_LANGUAGES + OTHER_COMMON_LANGUAGES
"""What the detector may answer by default."""

_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "zh-hans": "zh", "zh-hant": "zh", "nb": "no", "nn": "no"}


def normalise_code(code: str) -> str:
    """Lower-cased ISO 639-1 code; ``zh-cn``/``zh-tw`` → ``zh``, ``nb``/``nn`` → ``no``."""
    lowered = code.strip().lower().replace("_", "-")
    return _ALIASES.get(lowered, lowered)
