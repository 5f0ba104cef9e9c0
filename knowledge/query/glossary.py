"""The catalog's product words in other languages, glossed into English.

The demo catalog is written in English; a shopper writing "botas de montaña impermeables"
shares no word with it. :class:`Glossary` finds the glossary phrases of one language in a
message and returns their English glosses (``["hiking boots", "waterproof"]``), which the
parser uses for category filters and the search engine for BM25 and the encoder.

Matching: the longest phrase first, left to right; case and accents ignored ("montana" is
"montaña"); each word compared by a light stem of its language (plural and gender endings:
"botas" = "bota", "Rucksäcke" = "Rucksack", "rugzakken" = "rugzak"); German and Dutch
compounds split into glossary words ("Kaschmirschal" -> cashmere, scarf); Chinese matched
on characters, without spaces. The data are ``glossary/<lang>.yml``: per English gloss, the
local words for it, under ``products`` (things: the nouns a shopper asks for) or
``attributes`` (materials, features, activities, audiences).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from core.text import fold_with_offsets

__all__ = ["GLOSSARY_DIR", "Gloss", "Glossary", "fold", "glossary_for", "languages"]

GLOSSARY_DIR = Path(__file__).with_name("glossary")
_CJK = frozenset({"zh", "ja", "ko"})
_COMPOUNDING = frozenset({"de", "nl"})
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
#: Linking letters between the parts of a German or Dutch compound ("Regenjacke", "Schlafsack").
_LINKS = ("", "s", "n", "en", "e", "es")
_MIN_PART = 3


@dataclass(frozen=True, slots=True)
class Gloss:
    """One glossary phrase found in a message: where (characters), what, and its English."""

    start: int
    end: int
    text: str
    english: str
    product: bool


def _fold(text: str) -> tuple[str, list[int]]:
    """The glossary's fold (:func:`core.text.fold`: case folded, compatibility forms too,
    apostrophes as typed), with the original offset of every folded character."""
    return fold_with_offsets(text, casefold=True, compatibility=True, apostrophes=False)


def fold(text: str) -> str:
    """Lower case without accents ("Montaña" -> "montana", "Größe" -> "grosse")."""
    return _fold(text)[0]


def _stem(word: str, language: str) -> str:
    """Plural and gender endings off a folded word (the glossary and the message alike)."""
    if language in ("es", "pt", "it", "fr"):
        if (
            language in ("es", "pt")
            and len(word) > 4
            and word.endswith(("eis", "ais", "ois", "uis"))
        ):
            return word[:-2] + "l"  # "impermeáveis" -> "impermeável"
        if language == "pt" and word.endswith(("oes", "aes")):
            word = word[:-3] + "ao"  # "calções" -> "calção"
        if len(word) > 4 and word.endswith(("s", "x")):
            word = word[:-1]
        if len(word) > 3 and word[-1] in "aeio":
            word = word[:-1]
        return word
    if language == "de":
        for ending in ("en", "er", "es", "e", "n", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                return word[: -len(ending)]
        return word
    if language == "nl":
        for ending in ("en", "es", "e", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
            word = word[:-1]  # "rugzakk(en)" -> "rugzak"
        return word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Glossary:
    """The glossary of one language (see the module docstring)."""

    def __init__(
        self,
        language: str,
        products: Mapping[str, Iterable[str]],
        attributes: Mapping[str, Iterable[str]] = {},
    ) -> None:
        self.language = language
        self._cjk = language in _CJK
        self._phrases: dict[tuple[str, ...], tuple[str, bool]] = {}
        self._longest = 1
        for table, is_product in ((products, True), (attributes, False)):
            for english, forms in table.items():
                for form in forms:
                    key = self._key(str(form))
                    if key:
                        self._phrases.setdefault(key, (str(english), is_product))
                        self._longest = max(self._longest, len(key))
        self._words = {key[0]: value for key, value in self._phrases.items() if len(key) == 1}

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """A glossary file: ``language``, ``products`` and ``attributes`` (English: [forms])."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return cls(
            str(data.get("language") or path.stem),
            data.get("products") or {},
            data.get("attributes") or {},
        )

    def _key(self, phrase: str) -> tuple[str, ...]:
        folded, _offsets = _fold(phrase)
        if self._cjk:
            return tuple("".join(folded.split()))
        return tuple(_stem(m.group(), self.language) for m in _WORD.finditer(folded))

    @property
    def english(self) -> frozenset[str]:
        """Every English gloss of the glossary."""
        return frozenset(english for english, _product in self._phrases.values())

    def __len__(self) -> int:
        return len(self._phrases)

    def find(self, text: str) -> list[Gloss]:
        """The glossary phrases of ``text`` in order, the longest first where they overlap."""
        folded, offsets = _fold(text)
        if self._cjk:
            units = [
                (ch, i, i + 1) for i, ch in enumerate(folded) if not ch.isspace()
            ]  # one unit per character
        else:
            units = [
                (_stem(m.group(), self.language), m.start(), m.end())
                for m in _WORD.finditer(folded)
            ]
        found: list[Gloss] = []
        position = 0
        while position < len(units):
            match = self._match_at(units, position)
            if match is not None:
                length, english, is_product = match
                start, end = units[position][1], units[position + length - 1][2]
                found.append(self._gloss(text, offsets, start, end, english, is_product))
                position += length
                continue
            if self.language in _COMPOUNDING:
                _word, start, end = units[position]
                for english, is_product in self._split(folded[start:end]):
                    found.append(self._gloss(text, offsets, start, end, english, is_product))
            position += 1
        return found

    def glosses(self, text: str) -> tuple[str, ...]:
        """The English glosses of ``text``, in order, without repeats."""
        return tuple(dict.fromkeys(g.english for g in self.find(text)))

    # --- Helpers -------------------------------------------------------------------------

    def _match_at(
        self, units: list[tuple[str, int, int]], position: int
    ) -> tuple[int, str, bool] | None:
        for length in range(min(self._longest, len(units) - position), 0, -1):
            key = tuple(unit[0] for unit in units[position : position + length])
            value = self._phrases.get(key)
            if value is not None:
                return length, value[0], value[1]
        return None

    @staticmethod
    def _gloss(
        text: str, offsets: list[int], start: int, end: int, english: str, is_product: bool
    ) -> Gloss:
        first, last = offsets[start], offsets[end - 1] + 1
        return Gloss(first, last, text[first:last], english, is_product)

    def _split(self, word: str) -> list[tuple[str, bool]]:
        """A compound as glossary words ("kaschmirschal" -> cashmere, scarf); when only its
        last part is known, that part (the head: "damenwanderschuhe" -> hiking boots)."""
        return [(english, is_product) for _start, _end, english, is_product in self._parts(word)]

    def _parts(self, word: str, depth: int = 0) -> list[tuple[int, int, str, bool]]:
        """The glossary words of a compound with their spans in ``word`` (linking letters
        left out); only the head when the rest is unknown; ``[]`` when the head is unknown."""
        if depth > 3 or len(word) < 2 * _MIN_PART:
            return []
        head_only: list[tuple[int, int, str, bool]] = []
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head = self._words.get(_stem(word[cut:], self.language))
            if head is None:
                continue
            head_part = (cut, len(word), *head)
            left = word[:cut]
            for link in _LINKS:
                if link and not left.endswith(link):
                    continue
                part = left[: len(left) - len(link)] if link else left
                if len(part) < _MIN_PART:
                    continue
                known = self._words.get(_stem(part, self.language)) or self._words.get(part)
                if known is not None:
                    return [(0, len(part), *known), head_part]
                inner = self._parts(part, depth + 1)
                if inner:
                    return [*inner, head_part]
            if not head_only and len(word) - cut >= 4:
                head_only = [head_part]
        return head_only

    def decompound(self, text: str) -> str:
        """``text`` with each compound that splits into glossary words written as separate
        words, cut before each known part ("Kaschmirschal für Damen" -> "Kaschmir schal für
        Damen"); other words, and every word in a language that does not compound, as they
        are. A word that is itself a glossary phrase is kept whole."""
        if self.language not in _COMPOUNDING:
            return text
        folded, offsets = _fold(text)
        pieces: list[str] = []
        done = 0
        for match in _WORD.finditer(folded):
            word = match.group()
            if (_stem(word, self.language),) in self._phrases:
                continue
            parts = self._parts(word)
            if len(parts) < 2:
                continue
            base = match.start()
            cuts = [base + start for start, _end, _english, _product in parts[1:]]
            bounds = [offsets[base], *(offsets[cut] for cut in cuts)]
            last = offsets[match.end() - 1] + 1
            pieces.append(text[done : bounds[0]])
            ends = [*bounds[1:], last]
            pieces.append(" ".join(text[a:b] for a, b in zip(bounds, ends, strict=True)))
            done = last
        pieces.append(text[done:])
        return "".join(pieces)


def languages() -> tuple[str, ...]:
    """The languages with a glossary file."""
    return tuple(sorted(path.stem for path in GLOSSARY_DIR.glob("*.yml")))


@lru_cache(maxsize=16)
def glossary_for(language: str) -> Glossary | None:
    """The glossary of ``language`` (loaded once per process), None when there is none."""
    path = GLOSSARY_DIR / f"{language}.yml"
    return Glossary.load(path) if path.is_file() else None
