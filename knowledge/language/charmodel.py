"""A character language model of each language's words, trained on the project's vocabulary.

langdetect's profiles come from encyclopaedia text and were pruned of rarer n-grams (its
English profile has no "yes" trigram), so a single everyday word is often scored better in
another language. This model learns the letter sequences of everyday words from the word
lists written for the project (:mod:`knowledge.language.vocabulary`): for each language, the
probability of each letter given the up to four letters before it, inside a word marked
with a start and an end, with Witten-Bell interpolation down to a uniform distribution over
every letter seen in any language (unseen letters such as "ñ" in Dutch stay possible but
rare). Accents are kept: they are what tells "está" from "esta".

A word's score is its log-probability (nats) per language; scores are cached per word.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from functools import lru_cache

from knowledge.language.languages import normalise_code
from knowledge.language.lexicon import words
from knowledge.language.vocabulary import read_vocabulary

__all__ = ["MAX_WORDS", "ORDER", "CharModel"]

ORDER = 5
"""Letters per n-gram (a letter and the four before it)."""

MAX_WORDS = 12
"""Words of a message the model reads (more say nothing new; the cost grows with them)."""

_START, _END = "\x02", "\x03"
_CACHE_LIMIT = 50_000
_UNDERFLOW = 1e-200


class _LanguageModel:
    """Witten-Bell interpolated letter n-gram counts of one language."""

    def __init__(self, entries: Collection[str]) -> None:
        self.follow: dict[str, dict[str, int]] = {}
        for word in entries:
            padded = _START + word + _END
            for position in range(1, len(padded)):
                char = padded[position]
                for length in range(ORDER):
                    if position - length < 0:
                        break
                    context = padded[position - length : position]
                    counts = self.follow.setdefault(context, {})
                    counts[char] = counts.get(char, 0) + 1
        self.totals = {
            context: (sum(counts.values()), len(counts)) for context, counts in self.follow.items()
        }

    def log_probability(self, word: str, base: float) -> float:
        """Log-probability of one word, from its start mark to its end mark."""
        padded = _START + word + _END
        follow, totals = self.follow, self.totals
        total, product = 0.0, 1.0
        for position in range(1, len(padded)):
            char = padded[position]
            probability = base
            for start in range(position, max(position - ORDER, -1), -1):
                context = padded[start:position]
                counts = follow.get(context)
                if counts is None:
                    break
                seen, types = totals[context]
                probability = (counts.get(char, 0) + types * probability) / (seen + types)
            product *= probability
            if product < _UNDERFLOW:
                total += math.log(product)
                product = 1.0
        return total + math.log(product)


@lru_cache(maxsize=64)
def _trained(code: str, entries: tuple[str, ...]) -> _LanguageModel:
    return _LanguageModel(entries)


class CharModel:
    """Per-language log-probabilities of the words of a text (languages with a word list)."""

    def __init__(
        self, languages: Collection[str], vocabulary: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        """One model per language of ``languages`` with a vocabulary (trained once per process)."""
        source = read_vocabulary() if vocabulary is None else vocabulary
        wanted = set(map(normalise_code, languages))
        self.languages: tuple[str, ...] = tuple(sorted(code for code in source if code in wanted))
        self._models = [_trained(code, tuple(source[code])) for code in self.languages]
        alphabet = {char for code in self.languages for word in source[code] for char in word}
        self._base = 1.0 / (len(alphabet) + 2)
        self._slots = {code: slot for slot, code in enumerate(self.languages)}
        self._cache: dict[str, list[float | None]] = {}

    def word_scores(self, word: str, languages: Collection[str] | None = None) -> dict[str, float]:
        """Log-probability of one lower-cased word under ``languages`` (default: all)."""
        cached = self._cache.get(word)
        if cached is None:
            cached = [None] * len(self.languages)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[word] = cached
        wanted = self.languages if languages is None else languages
        result: dict[str, float] = {}
        for code in wanted:
            slot = self._slots.get(code)
            if slot is None:
                continue
            value = cached[slot]
            if value is None:
                value = cached[slot] = self._models[slot].log_probability(word, self._base)
            result[code] = value
        return result

    def log_scores(self, text: str, languages: Collection[str] | None = None) -> dict[str, float]:
        """Summed word log-probabilities by language (``{}``: no word, or no language).

        ``languages``: score only these (default: every language of the model); only the
        first :data:`MAX_WORDS` words are read.
        """
        tokens = words(text[:2000])[:MAX_WORDS]
        if not tokens or not self.languages:
            return {}
        totals: dict[str, float] = {}
        for token in tokens:
            for code, value in self.word_scores(token, languages).items():
                totals[code] = totals.get(code, 0.0) + value
        return totals
