"""The requests written in each language (bench/search_queries/native/): labels and split."""

from __future__ import annotations

from bench.search_queries.native import (
    LANGUAGES,
    NativeQuery,
    assign_splits,
    check,
    load_native,
)
from knowledge.catalog.vocabulary import CATEGORIES

KNOWN = [sub.name for top in CATEGORIES for sub in top.subcategories]
#: The examples of issue 20 may never be part of the test half.
ISSUE_EXAMPLES = (
    "Schlafsack für den Winter",
    "Wanderrucksack",
    "Kopfhörer mit Geräuschunterdrückung",
)


def test_every_language_has_at_least_forty_requests_and_some_absent_ones() -> None:
    for lang in LANGUAGES:
        queries = load_native([lang])
        assert len(queries) >= 40, lang
        assert sum(not q.available for q in queries) >= 4, lang
        for split in ("tune", "test"):
            assert sum(q.split == split and q.available for q in queries) >= 20, (lang, split)


def test_labels_are_valid_and_the_split_follows_the_fixed_hash_rule() -> None:
    assert check(load_native(), KNOWN) == []


def test_check_reports_a_moved_split_and_an_unknown_category() -> None:
    queries = assign_splits(
        [
            NativeQuery("de", "Zelt", frozenset({"Tents & shelters"}), "keyword"),
            NativeQuery("de", "Schuhe", frozenset({"Shoes"}), "keyword"),
        ]
    )
    moved = [queries[0], NativeQuery("de", "Schuhe", frozenset({"Shoes"}), "keyword", "x")]
    problems = check(moved, KNOWN)
    assert any("unknown category 'Shoes'" in p for p in problems)
    assert any("split 'x'" in p for p in problems)


def test_the_split_does_not_depend_on_file_order() -> None:
    queries = load_native(["de"])
    assert {q.query: q.split for q in assign_splits(reversed(queries))} == {
        q.query: q.split for q in queries
    }


def test_issue_examples_are_not_in_the_test_half() -> None:
    test_half = {q.query.casefold() for q in load_native(split="test")}
    assert not test_half & {example.casefold() for example in ISSUE_EXAMPLES}
