"""The chat widget speaks the bot's reply languages (core/languages.py), no more, no fewer.

The widget is plain JavaScript with its own interface strings per language, so it keeps its
own list; this test fails when that list, its language names or its string tables differ
from :data:`core.languages.REPLY_LANGUAGES`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from core.languages import DEFAULT_LANGUAGE, REPLY_LANGUAGES
from knowledge.responses.register import register_marks

WIDGET = Path(__file__).resolve().parents[2] / "web" / "widget" / "shopbot-widget.js"


def _source() -> str:
    return WIDGET.read_text(encoding="utf-8")


def _block(source: str, name: str) -> str:
    """The body of ``var NAME = { ... };`` (top-level keys are indented by six spaces or
    written on the same line)."""
    start = source.index(f"var {name} = {{")
    end = source.index("\n  };", start)
    return source[start:end]


def test_the_widget_list_is_the_reply_languages() -> None:
    listed = re.search(r"var LANGUAGES = (\[[^\]]*\]);", _source())
    assert listed is not None
    assert tuple(json.loads(listed.group(1))) == REPLY_LANGUAGES


def test_the_widget_names_and_strings_cover_exactly_the_reply_languages() -> None:
    source = _source()
    names = re.findall(r"\b([a-z]{2}): \"", _block(source, "LANGUAGE_NAMES"))
    assert tuple(names) == REPLY_LANGUAGES
    strings = re.findall(r"^    ([a-z]{2}): \{", _block(source, "STRINGS"), re.MULTILINE)
    assert tuple(strings) == REPLY_LANGUAGES
    assert strings[0] == DEFAULT_LANGUAGE  # the widget falls back to STRINGS.en


def widget_strings() -> dict[str, dict[str, str]]:
    """The widget's own words per language (its STRINGS table)."""
    block = _block(_source(), "STRINGS")
    tables = re.finditer(r"\n    ([a-z]{2}): \{(.*?)\n    \}", block, re.DOTALL)
    return {
        language: dict(re.findall(r'(\w+):\s*"((?:[^"\\]|\\.)*)"', body))
        for language, body in (table.groups() for table in tables)
    }


def test_the_widgets_words_address_nobody_so_they_fit_the_shops_register() -> None:
    """The shop chooses formal or informal replies (SHOPBOT_RESPONSE_REGISTERS); the widget
    has one set of words per language, so none of them may say "du", "Sie", "tu", "你"...
    (knowledge.responses.register finds those marks in the responses too)."""
    strings = widget_strings()
    assert tuple(strings) == REPLY_LANGUAGES
    assert all(len(words) == len(strings["en"]) for words in strings.values())
    marked = {
        (language, key, text): register_marks(text, language)
        for language, words in strings.items()
        for key, text in words.items()
        if register_marks(text, language)
    }
    assert marked == {}
