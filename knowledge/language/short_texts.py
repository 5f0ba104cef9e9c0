"""Single words and word pairs cut from labelled sentences, to measure detection on short text.

Chat messages are often one or two words, and labelled data of that length is rare, so the
benchmark derives it from a sentence set, deterministically:

- **Words.** A sentence is split at white space; punctuation around a word is dropped (inner
  apostrophes and hyphens stay: "c'est", "e-mail"), the word keeps its case. A token with a
  digit, or with no letter, is no word (numbers say nothing about a language). Chinese and
  Japanese are written without spaces: there a "word" is two consecutive characters of a
  run of letters (a run of odd length ends in a three-character unit), which is about the
  length of a common Chinese word.
- **Shared words are left out.** A word (case-folded, accents kept) that occurs in the
  sentences of two or more languages of the set is not a sample of any of them: names
  ("Tom", "Mary"), international words ("taxi", "hotel") and words of several languages
  ("de", "la", "casa", "come") cannot be told apart without context. A **pair** is two
  consecutive words of one sentence; it is kept when at least one of its words is not
  shared ("la casa" is dropped, "la ventana" kept).
- **Sampling.** Each distinct word (pair) counts once per language, in order of first
  occurrence; when a language has more than ``per_language``, a seeded shuffle picks them.

:func:`shared_words` is computed on every row of the set; :func:`short_texts` can then cut
samples from a subset (e.g. rows never looked at while tuning) with the same exclusions.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from knowledge.language.evaluation import LabelledText
from knowledge.language.script import script_of

__all__ = ["ShortTexts", "sentence_words", "shared_words", "short_texts"]

_UNSPACED = frozenset({"han", "kana"})
_INNER = "'’-"


@dataclass(frozen=True)
class ShortTexts:
    """Single words and word pairs of one or more languages."""

    words: list[LabelledText]
    pairs: list[LabelledText]


def _unspaced_units(token: str) -> list[str]:
    """Two-character units of each run of han/kana letters (an odd run ends in three)."""
    units: list[str] = []
    run: list[str] = []
    for char in [*token, " "]:
        if script_of(char) in _UNSPACED:
            run.append(char)
            continue
        if len(run) >= 2:
            pieces = ["".join(run[i : i + 2]) for i in range(0, len(run) - 1, 2)]
            if len(run) % 2:
                pieces[-1] += run[-1]
            units.extend(pieces)
        run = []
    return units


def _strip(token: str) -> str:
    start, end = 0, len(token)
    while start < end and not token[start].isalpha():
        start += 1
    while end > start and not token[end - 1].isalpha():
        end -= 1
    return token[start:end]


def sentence_words(text: str) -> list[list[str]]:
    """The words of a sentence, in groups of consecutive words (a pair never spans groups).

    Punctuation before or after a word, and a token with a digit or a symbol inside, end a
    group. Han/kana runs give two-character units.
    """
    groups: list[list[str]] = [[]]
    for token in text.split():
        if any(script_of(char) in _UNSPACED for char in token):
            groups += [_unspaced_units(token), []]
            continue
        word = _strip(token)
        if not word or not all(char.isalpha() or char in _INNER for char in word):
            groups.append([])
            continue
        if not token.startswith(word):
            groups.append([])
        groups[-1].append(word)
        if not token.endswith(word):
            groups.append([])
    return [group for group in groups if group]


def _key(word: str) -> str:
    return word.casefold().replace("’", "'")


def shared_words(rows: Iterable[LabelledText]) -> frozenset[str]:
    """Case-folded words that occur in the sentences of two or more languages of ``rows``."""
    seen: dict[str, str] = {}
    shared: set[str] = set()
    for row in rows:
        for group in sentence_words(row.text):
            for word in group:
                key = _key(word)
                first = seen.setdefault(key, row.lang)
                if first != row.lang:
                    shared.add(key)
    return frozenset(shared)


def _pick(items: list[str], per_language: int | None, seed: str) -> list[str]:
    if per_language is None or len(items) <= per_language:
        return items
    order = {item: index for index, item in enumerate(items)}
    chosen = list(items)
    random.Random(seed).shuffle(chosen)
    return sorted(chosen[:per_language], key=order.__getitem__)


def _units(rows: Iterable[LabelledText]) -> set[tuple[str, str]]:
    """(language, case-folded word or pair) of every word and pair of ``rows``."""
    found: set[tuple[str, str]] = set()
    for row in rows:
        for group in sentence_words(row.text):
            keys = [_key(word) for word in group]
            found.update((row.lang, key) for key in keys)
            found.update((row.lang, f"{a} {b}") for a, b in pairwise(keys))
    return found


def short_texts(
    rows: Sequence[LabelledText],
    shared: frozenset[str],
    *,
    per_language: int | None = 200,
    seed: int = 0,
    exclude: Iterable[LabelledText] = (),
) -> ShortTexts:
    """Distinct single words and word pairs of ``rows`` by language, without ``shared`` words.

    ``exclude``: rows whose words and pairs (in their own language) are not sampled, so that
    samples of held-out rows share nothing with the rows looked at while tuning.
    """
    skip = _units(exclude)
    words: dict[str, dict[str, str]] = {}
    pairs: dict[str, dict[str, str]] = {}
    for row in rows:
        for group in sentence_words(row.text):
            keys = [_key(word) for word in group]
            for word, key in zip(group, keys, strict=True):
                if key not in shared and (row.lang, key) not in skip:
                    words.setdefault(row.lang, {}).setdefault(key, word)
            for i in range(len(group) - 1):
                key = f"{keys[i]} {keys[i + 1]}"
                if (keys[i] in shared and keys[i + 1] in shared) or (row.lang, key) in skip:
                    continue
                pairs.setdefault(row.lang, {}).setdefault(key, f"{group[i]} {group[i + 1]}")
    result = ShortTexts(words=[], pairs=[])
    for target, found in ((result.words, words), (result.pairs, pairs)):
        for lang in sorted(found):
            picked = _pick(list(found[lang].values()), per_language, f"{seed}:{lang}")
            target.extend(LabelledText(lang=lang, text=text) for text in picked)
    return result
