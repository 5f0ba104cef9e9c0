"""The product glossary: other languages' product words glossed into English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from core.languages import OTHER_REPLY_LANGUAGES
from knowledge.catalog.generate import generate_catalog
from knowledge.query.glossary import GLOSSARY_DIR, Glossary, fold, glossary_for, languages

LANGUAGES = OTHER_REPLY_LANGUAGES


@pytest.fixture(scope="module")
def catalog_words() -> set[str]:
    """Every word of the catalog's text (titles, descriptions, categories, tags, materials)."""
    words: set[str] = set()
    for product in generate_catalog(2400):
        text = " ".join(
            (product.title, product.description, product.category_path, *product.tags,
             *product.materials)
        )  # fmt: skip
        words.update(re.findall(r"[a-z0-9][a-z0-9'-]*", text.casefold()))
    return words


def test_every_language_has_a_glossary() -> None:
    assert set(LANGUAGES) <= set(languages())


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_file_loads_and_glosses_into_catalog_words(
    language: str, catalog_words: set[str]
) -> None:
    path = GLOSSARY_DIR / f"{language}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["language"] == language
    assert set(data) == {"language", "products", "attributes"}
    glossary = Glossary.load(path)
    assert len(glossary) > 300
    for english in glossary.english:
        for word in re.findall(r"[a-z0-9][a-z0-9'-]*", english):
            assert word in catalog_words, (language, english, word)
    for table in (data["products"], data["attributes"]):
        for english, forms in table.items():
            assert isinstance(english, str) and forms, (language, english)
            assert all(isinstance(form, str) and form.strip() for form in forms)


def test_longest_phrase_wins() -> None:
    glossary = Glossary("es", {"boots": ["bota"], "hiking boots": ["botas de montaña"]})
    assert glossary.glosses("botas de montaña") == ("hiking boots",)
    assert glossary.glosses("botas") == ("boots",)
    found = glossary.find("unas botas de montaña")
    assert [(g.text, g.english) for g in found] == [("botas de montaña", "hiking boots")]


def test_accents_case_and_number_are_folded() -> None:
    es = glossary_for("es")
    assert es is not None
    assert es.glosses("BOTAS DE MONTANA") == ("hiking boots",)
    assert es.glosses("mochilas impermeables") == ("backpack", "waterproof")
    de = glossary_for("de")
    assert de is not None
    assert de.glosses("Rucksäcke") == ("backpack",)
    assert de.glosses("wasserdichte Wanderschuhe") == ("waterproof", "hiking boots")
    assert fold("Montaña Größe") == "montana grosse"


def test_compounds_are_split() -> None:
    de = glossary_for("de")
    assert de is not None
    assert de.glosses("Kaschmirschal") == ("cashmere", "scarf")
    assert de.glosses("Damenwanderschuhe") == ("women", "hiking boots")


def test_decompound_writes_known_compounds_as_separate_words() -> None:
    de = glossary_for("de")
    nl = glossary_for("nl")
    assert de is not None and nl is not None
    assert de.decompound("Kaschmirschal für Damen") == "Kaschmir schal für Damen"
    assert de.decompound("KINDERSCHLAFANZUG, bitte") == "KINDER SCHLAFANZUG, bitte"
    assert nl.decompound("laptoprugzak") == "laptop rugzak"
    # a glossary word stays whole, unknown words and non-compounding languages are untouched
    assert de.decompound("Wanderrucksack") == "Wanderrucksack"
    assert de.decompound("Quatschwort xyzzy") == "Quatschwort xyzzy"
    es = glossary_for("es")
    assert es is not None and es.decompound("mochilabota") == "mochilabota"


def test_chinese_without_spaces() -> None:
    zh = glossary_for("zh")
    assert zh is not None
    assert zh.glosses("防水登山鞋") == ("waterproof", "hiking boots")
    assert zh.glosses("我想要一个背包") == ("backpack",)
    found = zh.find("防水登山鞋")
    assert [(g.start, g.end, g.text) for g in found] == [(0, 2, "防水"), (2, 5, "登山鞋")]


def test_unknown_words_give_nothing() -> None:
    for language in LANGUAGES:
        glossary = glossary_for(language)
        assert glossary is not None
        assert glossary.glosses("") == ()
        assert glossary.glosses("xyzzy qwerty 123 !!") == ()
    assert glossary_for("klingon") is None


def test_offsets_point_into_the_original_text() -> None:
    fr = glossary_for("fr")
    assert fr is not None
    text = "Un SAC À DOS imperméable"
    for gloss in fr.find(text):
        assert text[gloss.start : gloss.end] == gloss.text
    assert [g.english for g in fr.find(text)] == ["backpack", "waterproof"]


def test_glossary_dir_is_the_package_data() -> None:
    expected = Path(__file__).resolve().parents[2] / "knowledge" / "query" / "glossary"
    assert expected == GLOSSARY_DIR
