"""Reading a 1-5 satisfaction rating from what the shopper typed or tapped (pure helpers)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["MAX_RATING", "MIN_RATING", "parse_rating"]

MIN_RATING = 1
MAX_RATING = 5

_STARS = re.compile(r"[⭐★]")
_OUT_OF = re.compile(r"\b([1-5])\s*(?:/|out of|de|sur|von|su|van|分之)\s*5\b", re.IGNORECASE)
_DIGIT = re.compile(r"(?<![\d.,])([1-5])(?![\d.,])")
# Number words 1-5 in the reply languages (whole words; Chinese characters alone).
_WORDS: dict[str, int] = {
    **dict.fromkeys(("one", "uno", "una", "un", "une", "eins", "ein", "um", "een"), 1),
    **dict.fromkeys(("two", "dos", "deux", "zwei", "due", "dois", "duas", "twee"), 2),
    **dict.fromkeys(("three", "tres", "trois", "drei", "tre", "três", "drie"), 3),
    **dict.fromkeys(("four", "cuatro", "quatre", "vier", "quattro", "quatro"), 4),
    **dict.fromkeys(("five", "cinco", "cinq", "fünf", "funf", "cinque", "vijf"), 5),
}
_CHINESE = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


def _clamp(value: int) -> int | None:
    return value if MIN_RATING <= value <= MAX_RATING else None


def parse_rating(value: Any) -> int | None:
    """A rating from 1 to 5 in an entity value or a message, or ``None`` if there is none.

    Reads "4", "4/5", "4 out of 5", "⭐⭐⭐⭐", "four stars", "cuatro", "四星". A number
    outside 1-5 ("10/10", "0") is not a rating.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _clamp(int(value)) if float(value).is_integer() else None
    text = str(value).strip().lower()
    if not text:
        return None
    stars = len(_STARS.findall(text))
    if stars:
        return _clamp(stars)
    for pattern in (_OUT_OF, _DIGIT):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    for word in re.findall(r"[^\W\d_]+", text):
        if word in _WORDS:
            return _WORDS[word]
    for character, number in _CHINESE.items():
        if character in text and ("星" in text or "分" in text or text == character):
            return number
    return None
