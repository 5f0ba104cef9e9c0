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
