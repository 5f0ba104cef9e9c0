"""The per-language word tables: complete for every reply language, no empty values, and
the readers of shoppers' words in the other languages (accents optional)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from actions.parsing import parse_line_selection
from actions.product_reference import find_position
from actions.shopper_words import (
    FEATURE_WORDS,
    FOREIGN_LANGUAGES,
    QUESTION_WORDS,
    STOPWORDS,
    fold,
)
from core.i18n import TABLES, Table, word
from core.languages import REPLY_LANGUAGES as LANGUAGES
from core.views import OrderStatus
from knowledge.policy import TOPICS, load_policy
from knowledge.query import PriceRange, ProductFilters

POLICIES = Path(__file__).resolve().parents[2] / "knowledge" / "policies"


@pytest.mark.parametrize("name", list(TABLES))
def test_every_table_has_every_language_and_the_same_keys(name: str) -> None:
    table: Table = TABLES[name]
    assert set(table) == set(LANGUAGES)
    english = set(table["en"])
    for language in LANGUAGES:
        assert set(table[language]) == english, (name, language)
        for key, text in table[language].items():
            assert text.strip(), (name, language, key)


@pytest.mark.parametrize("name", list(TABLES))
def test_templates_keep_their_placeholders(name: str) -> None:
    for key, english in TABLES[name]["en"].items():
        wanted = set(re.findall(r"\{(\w+)\}", english))
        for language in LANGUAGES:
            assert set(re.findall(r"\{(\w+)\}", TABLES[name][language][key])) == wanted


def test_status_names_cover_every_order_status_and_english_is_the_enum_value() -> None:
    names = TABLES["ORDER_STATUS_NAMES"]
    for status in OrderStatus:
        assert names["en"][status.value] == status.value.replace("_", " ")


def test_word_falls_back_to_english_then_to_the_default() -> None:
    statuses = TABLES["ORDER_STATUS_NAMES"]
    assert word(statuses, "in_transit", "es") == "en camino"
    assert word(statuses, "in_transit", "ru") == "in transit"
    assert word(statuses, "in_transit", None) == "in transit"
    assert word(statuses, "lost_at_sea", "es", "lost at sea") == "lost at sea"


def test_shopper_word_tables_cover_the_other_languages() -> None:
    for kind, by_language in QUESTION_WORDS.items():
        assert set(by_language) == set(FOREIGN_LANGUAGES), kind
        for language, phrases in by_language.items():
            assert phrases and all(p.strip() and fold(p) == p for p in phrases), (kind, language)
    assert set(FEATURE_WORDS) == set(FOREIGN_LANGUAGES)
    for language, features in FEATURE_WORDS.items():
        assert features and all(k == fold(k) and v for k, v in features.items()), language
    assert set(STOPWORDS) == set(FOREIGN_LANGUAGES)


def test_opening_hours_and_policy_documents_exist_for_every_language() -> None:
    facts = yaml.safe_load((POLICIES / "store.yml").read_text(encoding="utf-8"))
    localised = facts["support"]["hours_by_language"]
    assert set(localised) == set(LANGUAGES) - {"en"}
    for language in LANGUAGES:
        policy = load_policy(POLICIES, language)
        assert policy.language == language
        for topic in TOPICS:
            assert policy.answer(topic) and "{" not in policy.answer(topic), (language, topic)
        assert policy.facts.support_hours(language) in policy.answer("contact")
    assert "4,95 €" in load_policy(POLICIES, "de").answer("shipping")
    assert "€4.95" in load_policy(POLICIES, "en").answer("shipping")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["under €120.00", "in black or navy blue", "size 43", "in stock"]),
        ("es", ["menos de 120,00 €", "en negro o azul marino", "talla 43", "en stock"]),
        ("fr", ["moins de 120,00 €", "en noir ou bleu marine", "taille 43", "en stock"]),
        ("de", ["unter 120,00 €", "in Schwarz oder Marineblau", "Größe 43", "auf Lager"]),
        ("it", ["sotto 120,00 €", "in nero o navy blue", "taglia 43", "disponibile"]),
        ("pt", ["até 120,00 €", "em preto ou azul marinho", "tamanho 43", "em stock"]),
        ("nl", ["onder € 120,00", "in zwart of marineblauw", "maat 43", "op voorraad"]),
        ("zh", ["€120.00以下", "颜色：黑色或藏青色", "尺码：43", "有货"]),
    ],
)
def test_filters_are_described_in_every_language(language: str, expected: list[str]) -> None:
    filters = ProductFilters(
        price=PriceRange(maximum=Decimal(120), currency="EUR"),
        colours=("Black", "Navy Blue"),
        sizes=("43",),
        in_stock=True,
    )
    described = [
        " ".join(phrase.replace("\xa0", " ").split()) for phrase in filters.describe(language)
    ]
    assert described == expected


@pytest.mark.parametrize(
    ("text", "position"),
    [("la segunda", 2), ("el primero", 1), ("le deuxième", 2), ("le deuxieme", 2),
     ("die zweite", 2), ("das Fünfte", 5), ("il secondo", 2), ("la seconda", 2),
     ("o segundo", 2), ("a segunda", 2), ("de tweede", 2), ("第二个", 2), ("第2个", 2),
     ("第三件", 3), ("la última", -1), ("le dernier", -1), ("die letzte", -1),
     ("最后一个", -1), ("número 3", 3), ("el 2º", 2), ("espera un segundo", None)],
)  # fmt: skip
def test_positions_in_every_language(text: str, position: int | None) -> None:
    assert find_position(text) == position


@pytest.mark.parametrize(
    "typed", ["todos", "todas", "tous", "toutes", "alle", "tutti", "allemaal", "全部", "los dos"]
)
def test_all_in_every_language(typed: str) -> None:
    assert parse_line_selection(typed, ["Boots", "Socks", "Jacket"]) == [0, 1, 2]


def test_english_words_are_not_read_as_other_languages() -> None:
    assert find_position("give me a second") is None
    assert parse_line_selection("the purple elephant", ["Boots", "Socks"]) is None
