"""Reading the answer to the rating question from what the shopper typed or tapped: a 1-5
rating, or a refusal to rate (pure helpers)."""

from __future__ import annotations

import re
from typing import Any

from core.languages import REPLY_LANGUAGES, UNSPACED_LANGUAGES
from core.text import fold
from knowledge.words import ShopperWords, words_for

__all__ = ["MAX_RATING", "MIN_RATING", "is_rating_skip", "parse_rating", "typed_rating"]

MIN_RATING = 1
MAX_RATING = 5

_LANGUAGES: tuple[ShopperWords, ...] = tuple(words_for(language) for language in REPLY_LANGUAGES)


def _rating_words(words: ShopperWords) -> dict[str, int]:
    """The words of one language that give a rating: its numbers up to five (as written and
    without accents: "fünf", "funf") and its rating-only words ("ein")."""
    numbers = {**words.numbers, **words.rating_numbers}
    found: dict[str, int] = {}
    for word, number in numbers.items():
        if MIN_RATING <= number <= MAX_RATING:
            found.setdefault(word, number)
            found.setdefault(fold(word), number)
    return found


_OUT_OF_WORDS = "|".join(
    re.escape(word) for word in dict.fromkeys(w for words in _LANGUAGES for w in words.out_of)
)
_STARS = re.compile(r"[⭐★]")
_OUT_OF = re.compile(rf"\b([1-5])\s*(?:/|{_OUT_OF_WORDS})\s*5\b", re.IGNORECASE)
_DIGIT = re.compile(r"(?<![\d.,])([1-5])(?![\d.,])")
# Number words 1-5 in the reply languages (whole words; Chinese characters alone).
_WORDS: dict[str, int] = {
    word: number
    for words in _LANGUAGES
    if words.language not in UNSPACED_LANGUAGES
    for word, number in _rating_words(words).items()
}
_CHINESE = {
    word: number
    for words in _LANGUAGES
    if words.language in UNSPACED_LANGUAGES
    for word, number in _rating_words(words).items()
}
#: Words that make a lone Chinese number a rating ("四星": four stars).
_UNITS = tuple(unit for words in _LANGUAGES for unit in words.rating_units)


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
        if character in text and (any(unit in text for unit in _UNITS) or text == character):
            return number
    return None


#: Words a typed answer to the rating question may have: a bare rating ("4", "vier", "four
#: stars", "I'd say 4") at most three, one with a scale ("I'd give it 3 out of 5") at most ten.
BARE_RATING_WORDS = 3
SCALED_RATING_WORDS = 10
_PUNCTUATION = re.compile(r"[^\w\s/⭐★]+", re.UNICODE)


def _plain(text: str) -> str:
    """Folded, without punctuation, single-spaced: how replies are compared with word lists."""
    return " ".join(_PUNCTUATION.sub(" ", fold(text)).split())


_SKIPS = frozenset(_plain(phrase) for words in _LANGUAGES for phrase in words.rating_skips)


def typed_rating(text: str | None) -> int | None:
    """A rating typed as the answer to the rating question: a short reply ("4", "4/5",
    "vier", "four stars", "⭐⭐⭐⭐", "四星", "3 out of 5") whose rating :func:`parse_rating`
    reads. A longer message ("I ordered 3 shirts") is something else, even with a number."""
    plain = _plain(text or "")
    words = len(plain.split())
    if 0 < words <= BARE_RATING_WORDS:
        return parse_rating(plain)
    scaled = _OUT_OF.search(plain) or _STARS.search(plain)
    return parse_rating(plain) if scaled and words <= SCALED_RATING_WORDS else None


def is_rating_skip(text: str | None) -> bool:
    """True when the whole reply declines the rating ("skip", "no thanks", "nein danke",
    "跳过"), in any reply language, whatever the accents and punctuation."""
    return _plain(text or "") in _SKIPS
