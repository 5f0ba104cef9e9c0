"""The everyday vocabulary of each Latin-script candidate language, written for this project.

``knowledge/language/vocabulary/<code>.txt``: a few hundred to about nine hundred common words
per language and their frequent forms (people, home, food, time, body, nature, school,
work, common verbs with their usual forms, adjectives, numbers, days, months, function
words), written from general knowledge of the languages, not taken from any data set. Lines
starting with ``#`` are comments; words are separated by white space (a multi-word
expression is simply its words).

Two readers use it: :class:`Vocabulary` (is this word a common word of which languages) and
:mod:`knowledge.language.charmodel` (the letter sequences of each language).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from knowledge.language.languages import normalise_code
from knowledge.language.lexicon import strip_accents, words

__all__ = ["VOCABULARY_DIR", "Vocabulary", "read_vocabulary"]

VOCABULARY_DIR = Path(__file__).with_name("vocabulary")


@lru_cache(maxsize=4)
def _read(folder: Path) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.txt")):
        found: dict[str, None] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("#"):
                continue
            for word in words(line):
                found.setdefault(word, None)
        if found:
            result[normalise_code(path.stem)] = tuple(found)
    return result


def read_vocabulary(folder: Path = VOCABULARY_DIR) -> Mapping[str, tuple[str, ...]]:
    """Lower-cased words by language code (read once per folder)."""
    return _read(folder)


class Vocabulary:
    """Which languages' everyday vocabulary a word belongs to (accents optional)."""

    def __init__(self, languages: Iterable[str], folder: Path = VOCABULARY_DIR) -> None:
        """Indexes the words of ``languages`` that have a vocabulary file."""
        wanted = set(map(normalise_code, languages))
        self._exact: dict[str, list[str]] = {}
        self._plain: dict[str, list[str]] = {}
        for code, entries in read_vocabulary(folder).items():
            if code not in wanted:
                continue
            for word in entries:
                for index, form in ((self._exact, word), (self._plain, strip_accents(word))):
                    languages_of = index.setdefault(form, [])
                    if code not in languages_of:
                        languages_of.append(code)

    def languages_of(self, word: str) -> tuple[str, ...]:
        """Languages of a lower-cased word: its exact form, else its form without accents."""
        found = self._exact.get(word) or self._plain.get(strip_accents(word))
        return tuple(found) if found else ()

    def votes(self, tokens: Sequence[str]) -> dict[str, float]:
        """One vote per known word, split between the languages that share it."""
        result: dict[str, float] = {}
        for token in tokens:
            languages = self.languages_of(token)
            for code in languages:
                result[code] = result.get(code, 0.0) + 1.0 / len(languages)
        return result
