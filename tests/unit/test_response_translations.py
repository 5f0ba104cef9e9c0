"""Translated responses (``responses/<lang>.yml``) mirror domain.yml's English responses.

The response server picks a translation by response name and falls back to English, so each
file must cover every response with the same shape: same variations, same keys, the same
``{placeholders}``, the same button payloads (in order), and actually translated text.
Register files (``responses/<lang>.<register>.yml``, the language's other form of address)
are held to the same, and every text and button title of every file keeps to the register
its file declares (:mod:`knowledge.responses.register`).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.languages import REGISTER_LANGUAGES, REGISTERS
from knowledge.responses.register import register_problems

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


def language_of(path: Path) -> str:
    """``de`` for ``de.yml`` and ``de.formal.yml``."""
    return path.stem.split(".")[0]


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
    expected = language_of(path)
    assert language == expected, f"{path.name}: language is {language!r}, not {expected!r}"


@by_language
def test_register_is_declared_and_matches_file_name(path: Path) -> None:
    """Every file says its register; ``<lang>.<register>.yml`` is the register its name says
    and not the default file's, and only languages written in both registers have one."""
    register = load(path).get("register")
    assert register in REGISTERS, f"{path.name}: register is {register!r}, not one of {REGISTERS}"
    parts = path.stem.split(".")
    assert len(parts) <= 2, f"{path.name}: expected <language>.yml or <language>.<register>.yml"
    if len(parts) == 2:
        language, named = parts
        assert language in REGISTER_LANGUAGES, f"{path.name}: {language} has one register"
        assert register == named, f"{path.name}: register is {register!r}, not {named!r}"
        default = path.with_name(f"{language}.yml")
        assert default.exists(), f"{path.name}: no {default.name} beside it"
        assert load(default).get("register") != register, (
            f"{path.name}: {default.name} is already {register}"
        )


@by_language
def test_every_text_and_button_keeps_to_the_register(path: Path) -> None:
    """No word of the other register in any variation's text or button title."""
    check(register_mixing(path.name, load(path)))


def register_mixing(name: str, document: dict[str, Any]) -> list[str]:
    """One line per text or button title that uses words of the register the document does
    not declare."""
    language, register = str(document.get("language")), str(document.get("register"))
    problems = []
    for response, variations in (document.get("responses") or {}).items():
        for index, variation in enumerate(variations or []):
            texts = [("text", variation.get("text"))]
            texts += [
                (f"button {position}", button.get("title"))
                for position, button in enumerate(variation.get("buttons") or [])
            ]
            for where, text in texts:
                if not isinstance(text, str):
                    continue
                words = register_problems(text, language, register)
                if words:
                    problems.append(
                        f"{name}: {response}[{index}] {where}: {', '.join(words)} "
                        f"(the file is {register})"
                    )
    return problems


def test_a_response_that_mixes_registers_fails_the_test() -> None:
    """The German rating question of issue 21 ("bewerten Sie" in the "du" file) and one
    "du" in the formal file are both found."""
    informal = load(ROOT / "responses" / "de.yml")
    mixed = {**informal, "responses": {**informal["responses"]}}
    mixed["responses"]["utter_ask_satisfaction"] = [
        {"text": "Wie war ich? Bitte bewerten Sie dieses Gespräch von 1 bis 5."}
    ]
    assert register_mixing("de.yml", mixed) == [
        "de.yml: utter_ask_satisfaction[0] text: Sie (the file is informal)"
    ]
    formal = load(ROOT / "responses" / "de.formal.yml")
    mixed = {**formal, "responses": {**formal["responses"]}}
    mixed["responses"]["utter_help"] = [
        {"text": "Dabei kann ich Ihnen helfen:", "buttons": [{"title": "Frag dein Team"}]}
    ]
    assert register_mixing("de.formal.yml", mixed) == [
        "de.formal.yml: utter_help[0] button 0: Frag, dein (the file is formal)"
    ]


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
    language = language_of(path)
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
