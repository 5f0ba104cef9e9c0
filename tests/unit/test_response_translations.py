"""Translated responses (``responses/<lang>.yml``) mirror domain.yml's English responses.

The response server picks a translation by response name and falls back to English, so each
file must cover every response with the same shape: same variations, same keys, the same
``{placeholders}``, the same button payloads (in order), and actually translated text.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_FILE = ROOT / "domain.yml"
TRANSLATION_FILES = sorted((ROOT / "responses").glob("*.yml"))

PLACEHOLDER = re.compile(r"\{([^{}\s]+)\}")
LETTER = re.compile(r"[^\W\d_]")

# (language, response name) pairs whose text may stay exactly as in English, e.g. a brand
# name. Texts without letters outside their placeholders, or shorter than 4 characters,
# never need an entry.
SAME_AS_ENGLISH_ALLOWED: frozenset[tuple[str, str]] = frozenset()

Responses = dict[str, list[dict[str, Any]]]

by_language = pytest.mark.parametrize(
    "path", TRANSLATION_FILES, ids=[path.stem for path in TRANSLATION_FILES]
)


@cache
def english() -> Responses:
    return yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["responses"]


@cache
def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def translated(path: Path) -> Responses:
    responses = load(path).get("responses")
    assert isinstance(responses, dict), f"{path.name}: no `responses:` mapping"
    return responses


def pairs(path: Path):
    """(name, index, English variation, translated variation) for every shared variation."""
    ours = translated(path)
    for name, variations in english().items():
        for index, (en, tr) in enumerate(zip(variations, ours.get(name) or [], strict=False)):
            yield name, index, en, tr


def placeholders(text: str) -> Counter[str]:
    return Counter(PLACEHOLDER.findall(text))


def needs_translation(text: str) -> bool:
    """Whether an English text has words to translate (letters outside its placeholders)."""
    return len(text) >= 4 and bool(LETTER.search(PLACEHOLDER.sub("", text)))


def check(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_english_source_is_readable() -> None:
    assert english(), "domain.yml has no responses"


@by_language
def test_language_matches_file_name(path: Path) -> None:
    language = load(path).get("language")
    assert language == path.stem, f"{path.name}: language is {language!r}, not {path.stem!r}"


@by_language
def test_same_response_names(path: Path) -> None:
    ours, theirs = set(translated(path)), set(english())
    assert ours == theirs, f"missing: {sorted(theirs - ours)}; unknown: {sorted(ours - theirs)}"


@by_language
def test_same_variations_and_keys(path: Path) -> None:
    ours = translated(path)
    problems = []
    for name, variations in english().items():
        mine = ours.get(name)
        if not isinstance(mine, list) or len(mine) != len(variations):
            count = len(mine) if isinstance(mine, list) else mine
            problems.append(f"{name}: {count} variation(s), English has {len(variations)}")
    for name, index, en, tr in pairs(path):
        if not isinstance(tr, dict) or set(tr) != set(en):
            keys = sorted(tr) if isinstance(tr, dict) else tr
            problems.append(f"{name}[{index}]: keys {keys}, English has {sorted(en)}")
    check(problems)


@by_language
def test_texts_are_present_and_translated(path: Path) -> None:
    language = path.stem
    problems = []
    for name, index, en, tr in pairs(path):
        text = tr.get("text") if isinstance(tr, dict) else None
        if "text" not in en:
            continue
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{name}[{index}]: empty text")
        elif (
            text == en["text"]
            and needs_translation(text)
            and (language, name) not in SAME_AS_ENGLISH_ALLOWED
        ):
            problems.append(f"{name}[{index}]: text is still the English one")
    check(problems)


@by_language
def test_same_placeholders(path: Path) -> None:
    problems = []
    for name, index, en, tr in pairs(path):
        text = tr.get("text") if isinstance(tr, dict) else None
        if "text" not in en or not isinstance(text, str):
            continue
        expected, found = placeholders(en["text"]), placeholders(text)
        if found != expected:
            problems.append(
                f"{name}[{index}]: placeholders {dict(found)}, English {dict(expected)}"
            )
    check(problems)


@by_language
def test_same_button_payloads_and_titled_buttons(path: Path) -> None:
    problems = []
    for name, index, en, tr in pairs(path):
        if "buttons" not in en:
            continue
        buttons = tr.get("buttons") if isinstance(tr, dict) else None
        if not isinstance(buttons, list) or not all(isinstance(b, dict) for b in buttons):
            problems.append(f"{name}[{index}]: buttons are not a list of mappings")
            continue
        expected = [button["payload"] for button in en["buttons"]]
        found = [button.get("payload") for button in buttons]
        if found != expected:
            problems.append(f"{name}[{index}]: payloads {found}, English {expected}")
        for position, button in enumerate(buttons):
            title = button.get("title")
            if not isinstance(title, str) or not title.strip():
                problems.append(f"{name}[{index}]: button {position} has no title")
    check(problems)


@by_language
def test_other_keys_are_copied_unchanged(path: Path) -> None:
    """``custom`` blocks (and any key besides text and buttons) stay exactly as in English."""
    problems = []
    for name, index, en, tr in pairs(path):
        for key in set(en) - {"text", "buttons"}:
            if isinstance(tr, dict) and key in tr and tr[key] != en[key]:
                problems.append(f"{name}[{index}]: `{key}` differs from English")
    check(problems)
