"""A deterministic naive-Bayes reading of langdetect's character n-gram profiles.

``langdetect`` samples n-grams at random (seeded) and pushes its probabilities to near 0 or 1
even on three words, so on short text its answer flips with the sample and says "100%" when
wrong. This module scores every 1-3-gram of every word once, with the same profiles and the
same smoothing (``alpha / 10000``), and returns log-likelihoods that can be turned into
calibrated probabilities with a temperature. It is also about five times faster.

Capitalised words inside a sentence (names: "Tom", "Boston", brand names) weigh less
(:data:`NAME_WEIGHT`): they say little about the language of the message. Words in capitals
("DANKE") are read in lower case.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from functools import lru_cache

from knowledge.language.languages import normalise_code
from knowledge.language.statistical import load_factory

__all__ = ["NAME_WEIGHT", "SMOOTHING", "NgramScorer", "softmax"]

SMOOTHING = 0.5 / 10000
"""Added to every profile probability (langdetect's ``ALPHA_DEFAULT / BASE_FREQ``)."""
NAME_WEIGHT = 0.6
"""Weight of a capitalised word that does not start a sentence (1 for any other word)."""

_SENTENCE_END = re.compile(r"[.!?:;\"«»“”¿¡]$")


@lru_cache(maxsize=4096)
def _normalise_char(char: str) -> str:
    from langdetect.utils.ngram import NGram

    return str(NGram.normalize(char))


def _grams(word: str) -> list[str]:
    """The 1-, 2- and 3-grams of one word padded with spaces, as langdetect extracts them."""
    padded = f" {word} "
    grams = list(word)
    grams += [padded[i : i + 2] for i in range(len(padded) - 1)]
    grams += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return grams


def _weighted_words(text: str) -> list[tuple[str, float]]:
    """Normalised words of ``text`` with their weights (names inside a sentence weigh less)."""
    result: list[tuple[str, float]] = []
    sentence_start = True
    for token in text.split():
        letters = [char for char in token if char.isalpha()]
        weight = 1.0
        if letters and letters[0].isupper() and not sentence_start:
            weight = NAME_WEIGHT
        if len(letters) > 1 and all(char.isupper() for char in letters):
            token, weight = token.lower(), 1.0
        normalised = "".join(_normalise_char(char) for char in token)
        result.extend((word, weight) for word in normalised.split())
        sentence_start = bool(_SENTENCE_END.search(token)) if letters else sentence_start
    return result


class NgramScorer:
    """Log-likelihoods of a text under langdetect's profiles of a fixed set of languages."""

    def __init__(self, candidates: Collection[str], weights: Mapping[str, float] | None = None):
        """``weights``: prior weight of each candidate (1 when missing); profiles load lazily."""
        self.candidates: tuple[str, ...] = tuple(sorted(set(map(normalise_code, candidates))))
        self._priors = {
            code: math.log(max(float((weights or {}).get(code, 1.0)), 1e-9))
            for code in self.candidates
        }
        self._columns: tuple[int, ...] | None = None
        self._languages: tuple[str, ...] = ()
        self._table: Mapping[str, list[float]] = {}
        self._word_cache: dict[str, tuple[float, ...]] = {}

    def _load(self) -> tuple[int, ...]:
        if self._columns is None:
            factory = load_factory()
            positions = {normalise_code(code): i for i, code in enumerate(factory.langlist)}
            known = [code for code in self.candidates if code in positions]
            self._languages = tuple(known)
            self._table = factory.word_lang_prob_map
            self._columns = tuple(positions[code] for code in known)
        return self._columns

    def _word_scores(self, word: str) -> tuple[float, ...] | None:
        """Summed log-probabilities of the word's n-grams per language (``None``: no n-gram)."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached or None
        columns = self._load()
        totals = [0.0] * len(columns)
        found = False
        for gram in _grams(word):
            profile = self._table.get(gram)
            if profile is None:
                continue
            found = True
            for slot, column in enumerate(columns):
                totals[slot] += math.log(profile[column] + SMOOTHING)
        scores = tuple(totals) if found else ()
        if len(self._word_cache) < 50_000:
            self._word_cache[word] = scores
        return scores or None

    def log_scores(self, text: str) -> dict[str, float]:
        """Prior plus weighted n-gram log-likelihood per candidate (``{}``: no known n-gram)."""
        columns = self._load()
        totals = [0.0] * len(columns)
        found = False
        for word, weight in _weighted_words(text[:2000]):
            scores = self._word_scores(word)
            if scores is None:
                continue
            found = True
            for slot, value in enumerate(scores):
                totals[slot] += weight * value
        if not found:
            return {}
        return {
            code: totals[slot] + self._priors[code] for slot, code in enumerate(self._languages)
        }


def softmax(scores: Mapping[str, float], temperature: float = 1.0) -> dict[str, float]:
    """``scores`` (log space) as probabilities summing to 1, flattened by ``temperature``."""
    if not scores:
        return {}
    top = max(scores.values())
    raw = {code: math.exp((value - top) / temperature) for code, value in scores.items()}
    total = sum(raw.values())
    return {code: value / total for code, value in raw.items()}
