"""The translated search queries: complete, really translated, numbers kept, TSV current."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.search_queries.build import LabelledRow
from bench.search_queries.build import render_tsv as render
from bench.search_queries.build_multilingual import (
    LANGUAGES,
    TSV_PATH,
    Translations,
    build_rows,
    check_translations,
    load_all,
    main,
    numbers,
    read_english_rows,
)
from knowledge.search.metrics import read_labelled_queries

#: At most this many translations per language may equal the English text.
MAX_IDENTICAL = 8


@pytest.fixture(scope="module")
def english() -> list[LabelledRow]:
    return read_english_rows()


@pytest.fixture(scope="module")
def translations() -> list[Translations]:
    return load_all()


def test_the_seven_languages(translations: list[Translations]) -> None:
    assert [item.lang for item in translations] == list(LANGUAGES)
    assert set(LANGUAGES) == {"es", "fr", "de", "it", "pt", "nl", "zh"}


def test_every_english_query_has_a_translation_in_every_language(
    english: list[LabelledRow], translations: list[Translations]
) -> None:
    queries = {row.query for row in english}
    for item in translations:
        assert queries - set(item.texts) == set(), item.lang
        assert set(item.texts) - queries == set(), item.lang


def test_no_translation_is_empty_or_the_english_text_unless_listed(
    translations: list[Translations],
) -> None:
    for item in translations:
        assert all(text.strip() for text in item.texts.values()), item.lang
        same = {query for query, text in item.texts.items() if query == text}
        assert same == item.identical, item.lang
        assert len(item.identical) <= MAX_IDENTICAL, item.lang


def test_numbers_of_the_english_query_appear_in_the_translation(
    translations: list[Translations],
) -> None:
    for item in translations:
        for query, text in item.texts.items():
            assert numbers(query) <= numbers(text), (item.lang, query, text)


def test_checked_in_translations_have_no_problems(
    english: list[LabelledRow], translations: list[Translations]
) -> None:
    queries = [row.query for row in english]
    assert [problem for item in translations for problem in check_translations(queries, item)] == []


def test_check_reports_each_kind_of_problem() -> None:
    english = ["hiking boots under 120", "wok", "tent", "lamp"]
    item = Translations(
        "de",
        {
            "hiking boots under 120": "wanderschuhe unter 12",
            "wok": "wok",
            "tent": "Zelt",
            "old query": "alt",
        },
    )
    problems = "\n".join(check_translations(english, item))
    assert "no translation of 'lamp'" in problems
    assert "'old query' is not an English query" in problems
    assert "lacks the number(s) 120" in problems
    assert "'wok' -> 'wok': same as the English" in problems
    assert "lower-case" in problems
    listed = Translations("de", {"wok": "wok", "tent": "zelt"}, frozenset({"wok", "tent"}))
    assert check_translations(["wok", "tent"], listed) == [
        "de: 'tent' is listed as identical but is not"
    ]
    twice = Translations("de", {"wok": "pfanne", "tent": "pfanne"})
    assert check_translations(["wok", "tent"], twice) == [
        "de: 'pfanne' translates more than one query"
    ]


def test_rows_keep_the_english_ids_and_kinds(english: list[LabelledRow]) -> None:
    rows = build_rows(
        english[:2], [Translations("es", {r.query: f"x {r.query}" for r in english[:2]})]
    )
    assert [row.lang for row in rows] == ["en", "en", "es", "es"]
    assert rows[2].relevant_ids == english[0].relevant_ids
    assert rows[3].kind == english[1].kind
    with pytest.raises(ValueError, match="no translation"):
        build_rows(english[:2], [Translations("es", {})])


def test_tsv_is_up_to_date(english: list[LabelledRow], translations: list[Translations]) -> None:
    assert TSV_PATH.read_text(encoding="utf-8") == render(build_rows(english, translations)), (
        "bench/data/search_queries_multilingual.tsv is stale: "
        "run .venv/bin/python -m bench.search_queries.build_multilingual"
    )


def test_check_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    stale = tmp_path / "stale.tsv"
    stale.write_text("query\trelevant_ids\n")
    assert main(["--check", "--out", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err


def test_metrics_reader_accepts_the_tsv(english: list[LabelledRow]) -> None:
    queries = read_labelled_queries(TSV_PATH)
    assert len(queries) == len(english) * (1 + len(LANGUAGES))
    assert {item.lang for item in queries} == {"en", *LANGUAGES}
    relevant = [frozenset(row.relevant_ids) for row in english]
    for start in range(0, len(queries), len(english)):
        block = queries[start : start + len(english)]
        assert len({item.lang for item in block}) == 1
        assert [item.relevant for item in block] == relevant
        assert [item.kind for item in block] == [row.kind for row in english]
