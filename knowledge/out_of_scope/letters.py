"""``LetterModel``: how much a text's Latin-letter words look like words of the training text.

A character trigram model (add-one smoothing) over the words written in Latin letters,
each padded with word boundaries. A keyboard mash ("asdkj qwpoe") has trigrams that
real words in any of the bot's Latin-script languages rarely have, so its mean
log-probability per trigram is low. Texts with fewer than ``min_letters`` Latin letters
(Chinese, a number, "ok") get no score: the test does not apply to them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

__all__ = ["LetterModel", "latin_words"]

_LATIN_WORD = re.compile(r"[a-zà-öø-ÿœß]+")


def latin_words(text: str) -> list[str]:
    """The lower-cased runs of Latin letters in ``text``."""
    return _LATIN_WORD.findall(text.lower())


class LetterModel:
    """Trigram counts of padded Latin-letter words, and the mean log-probability of a text."""

    def __init__(self, trigrams: Counter[str], bigrams: Counter[str], min_letters: int = 4):
        """Use :meth:`fit` to build one from texts."""
        self.trigrams = trigrams
        self.bigrams = bigrams
        self.min_letters = min_letters
        self.alphabet = max(len({key[-1] for key in trigrams}), 1) + 1

    @staticmethod
    def _grams(word: str, size: int) -> Iterable[str]:
        padded = f"^{word}$"
        return (padded[i : i + size] for i in range(len(padded) - size + 1))

    @classmethod
    def fit(cls, texts: Iterable[str], min_letters: int = 4) -> LetterModel:
        """Counts the trigrams (and their two-letter contexts) of every text's words."""
        trigrams: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        for text in texts:
            for word in latin_words(text):
                for gram in cls._grams(word, 3):
                    trigrams[gram] += 1
                    bigrams[gram[:2]] += 1
        return cls(trigrams, bigrams, min_letters)

    def to_arrays(self, prefix: str = "letters") -> dict[str, Any]:
        """Arrays for ``numpy.savez`` (see :meth:`from_arrays`)."""
        return {
            f"{prefix}_trigrams": np.array(list(self.trigrams), dtype=str),
            f"{prefix}_trigram_counts": np.array(list(self.trigrams.values()), dtype=np.int64),
            f"{prefix}_min_letters": np.array([self.min_letters]),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, Any], prefix: str = "letters") -> LetterModel:
        """The model saved by :meth:`to_arrays`."""
        trigrams: Counter[str] = Counter(
            dict(
                zip(
                    (str(key) for key in arrays[f"{prefix}_trigrams"]),
                    (int(count) for count in arrays[f"{prefix}_trigram_counts"]),
                    strict=True,
                )
            )
        )
        bigrams: Counter[str] = Counter()
        for gram, count in trigrams.items():
            bigrams[gram[:2]] += count
        return cls(trigrams, bigrams, int(np.asarray(arrays[f"{prefix}_min_letters"]).ravel()[0]))

    def score(self, text: str) -> float | None:
        """Mean log-probability per trigram, or None when the text has too few Latin letters."""
        words = latin_words(text)
        if sum(len(word) for word in words) < self.min_letters:
            return None
        logs = [
            math.log((self.trigrams[gram] + 1) / (self.bigrams[gram[:2]] + self.alphabet))
            for word in words
            for gram in self._grams(word, 3)
        ]
        return sum(logs) / len(logs)
