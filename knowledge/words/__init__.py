"""The words the bot reads, one module per reply language (English included).

Each of ``en.py``, ``es.py``, ``fr.py``, ``de.py``, ``it.py``, ``pt.py``, ``nl.py`` and
``zh.py`` is pure data: list positions and ordinals, "all", the words of product questions,
size cues, stopwords, rating words, the query lexicon's table and the rest of
:class:`ShopperWords`. The readers keep their logic and take their words from here:
``actions/parsing.py``, ``actions/product_reference.py``, ``actions/product_words.py``,
``actions/rating.py``, ``actions/shopper_words.py``, ``knowledge/query/lexicon.py`` and
``knowledge/query/parser.py``. To teach the bot a word, add it to its language's module; to
add a language, add a module and the language to :data:`core.languages.REPLY_LANGUAGES`
(``tests/unit/test_words.py`` checks that every module has every field, and that the
languages are exactly the reply languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from types import MappingProxyType, ModuleType

from knowledge.words import de, en, es, fr, it, nl, pt, zh
from knowledge.words.schema import LanguageTable, ShopperWords

__all__ = ["FIELDS", "LANGUAGES", "WORDS", "LanguageTable", "ShopperWords", "words_for"]

#: The fields a language module defines, as upper-case constants (``ordinals`` -> ``ORDINALS``).
FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ShopperWords) if f.name != "language")


def _load(language: str, module: ModuleType) -> ShopperWords:
    return ShopperWords(language, **{name: getattr(module, name.upper()) for name in FIELDS})


_MODULES = {"en": en, "es": es, "fr": fr, "de": de, "it": it, "pt": pt, "nl": nl, "zh": zh}

#: Every language's words, by ISO 639-1 code, in the order of the reply languages.
WORDS: Mapping[str, ShopperWords] = MappingProxyType(
    {language: _load(language, module) for language, module in _MODULES.items()}
)
#: The languages with words.
LANGUAGES: tuple[str, ...] = tuple(WORDS)


def words_for(language: str) -> ShopperWords:
    """The words of ``language`` (a reply language; ``KeyError`` for any other)."""
    return WORDS[language]
