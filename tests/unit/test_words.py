"""The words the bot reads (knowledge/words): one module per reply language, every field in
each, the languages exactly the reply languages."""

from __future__ import annotations

import importlib
import typing
from collections.abc import Mapping

import pytest

from core.languages import DEFAULT_LANGUAGE, OTHER_REPLY_LANGUAGES, REPLY_LANGUAGES
from core.text import fold
from knowledge.words import FIELDS, LANGUAGES, WORDS, ShopperWords, words_for

_HINTS = typing.get_type_hints(ShopperWords)


def test_the_languages_are_exactly_the_reply_languages() -> None:
    assert LANGUAGES == REPLY_LANGUAGES
    assert tuple(WORDS) == REPLY_LANGUAGES
    assert (DEFAULT_LANGUAGE, *OTHER_REPLY_LANGUAGES) == REPLY_LANGUAGES


@pytest.mark.parametrize("language", REPLY_LANGUAGES)
def test_every_language_module_provides_every_field(language: str) -> None:
    module = importlib.import_module(f"knowledge.words.{language}")
    constants = {name for name in vars(module) if name.isupper()}
    assert constants == {name.upper() for name in FIELDS}, language
    words = words_for(language)
    assert words.language == language
    for name in FIELDS:
        value = getattr(words, name)
        origin = typing.get_origin(_HINTS[name]) or _HINTS[name]
        kind = Mapping if origin in (dict, Mapping) else origin
        assert isinstance(value, kind), (language, name, type(value))


def test_words_are_lower_case_and_trimmed() -> None:
    for words in WORDS.values():
        for name in FIELDS:
            value = getattr(words, name)
            if name in ("query", "question_words"):
                texts = [p for v in value.values() if isinstance(v, tuple) for p in v]
            else:
                texts = list(value)
            for text in texts:
                assert text and text == text.strip().lower(), (words.language, name, text)


def test_other_languages_read_folded_words() -> None:
    for language in OTHER_REPLY_LANGUAGES:
        words = words_for(language)
        for name in ("ordinals", "last_words", "all_words", "all_phrases", "number_cues"):
            for text in getattr(words, name):
                assert fold(text) == text, (language, name, text)
        for kind, phrases in words.question_words.items():
            assert phrases and all(fold(p) == p for p in phrases), (language, kind)
        assert all(fold(k) == k for k in words.features), language


def test_question_kinds_and_ordinals_agree_across_languages() -> None:
    kinds = {frozenset(words_for(lang).question_words) for lang in OTHER_REPLY_LANGUAGES}
    assert len(kinds) == 1
    for language in OTHER_REPLY_LANGUAGES:
        ordinals = words_for(language).ordinals
        assert len(ordinals) in (0, 10), language
    assert words_for("en").positions["third"] == 3
    assert words_for("fr").positions["2e"] == 2


def test_an_unknown_language_has_no_words() -> None:
    with pytest.raises(KeyError):
        words_for("ru")
